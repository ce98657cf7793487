import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorBody, errorResponses } from '../platform/api-schema.ts';
import { optionalActor, requireActor } from '../accounts/session.plugin.ts';
import { pushMutations } from './push-mutations.ts';
import { pullChanges } from './pull-changes.ts';
import { listNeedsAttention } from './list-needs-attention.ts';
import { resolveMutation } from './resolve-mutation.ts';
import { listDevices } from './list-devices.ts';
import { batchTooLarge, serverBusy } from './sync.rules.ts';
import { createPushGate, retryAfterSeconds } from './push-gate.rules.ts';
import {
  attentionItem,
  device,
  devicesQuery,
  MAX_MUTATIONS_PER_PUSH,
  MAX_PUSH_BYTES,
  needsAttentionQuery,
  pullQuery,
  pullResponse,
  pushRequest,
  pushResponse,
  resolveRequest,
  resolveResponse,
} from './sync.schema.ts';

/** The field app's sync protocol and the officers' view of it (docs/decisions/0007-field-sync.md). */
export function registerSyncRoutes(app: HttpServer, db: Db, options: { maxPushesInFlight: number }): void {
  const tags = ['sync'];
  const gate = createPushGate(options.maxPushesInFlight);
  const security = [{ session: [] }];
  const writeSecurity = [{ session: [], csrf: [] }];

  app.post('/api/sync/push', {
    bodyLimit: MAX_PUSH_BYTES,
    // Counted before the items are validated, so an oversized batch costs nothing and the phone,
    // told which rule it broke, keeps everything and splits it.
    preValidation: async (request) => {
      const mutations = (request.body as { mutations?: unknown } | null)?.mutations;
      if (Array.isArray(mutations) && mutations.length > MAX_MUTATIONS_PER_PUSH) throw batchTooLarge(mutations.length);
    },
    schema: {
      tags,
      security: writeSecurity,
      summary: 'Apply a batch of mutations from a phone, each on its own; a replayed id answers `duplicate`',
      body: pushRequest,
      response: { 200: pushResponse, ...errorResponses, 413: errorBody, 503: errorBody },
    },
    handler: async (req, reply) => {
      const actor = requireActor(req);
      if (!gate.enter()) {
        void reply.header('retry-after', String(retryAfterSeconds(Math.random())));
        throw serverBusy();
      }
      try {
        return await pushMutations(db, actor, req.body, { logFault: (error, id) => req.log.error({ err: error, mutationId: id }, 'sync push: unexpected fault, answered retry') });
      } finally {
        gate.leave();
      }
    },
  });

  app.get('/api/sync/pull', {
    schema: { tags, security, summary: 'What changed in a village since the cursor, and this account’s mutations that need attention', querystring: pullQuery, response: { 200: pullResponse, ...errorResponses } },
    handler: (req) => pullChanges(db, optionalActor(req), req.query),
  });

  app.get('/api/sync/needs-attention', {
    schema: {
      tags,
      security,
      summary: 'Rejected and conflicting mutations nobody has resolved, in a unit’s subtree',
      querystring: needsAttentionQuery,
      response: { 200: z.object({ total: z.number().int(), items: z.array(attentionItem) }), ...errorResponses },
    },
    handler: (req) => listNeedsAttention(db, requireActor(req), req.query),
  });

  app.post('/api/sync/mutations/:id/resolve', {
    schema: {
      tags,
      security: writeSecurity,
      summary: 'Resolve a rejected or conflicting mutation',
      params: z.object({ id: z.string().max(64) }),
      body: resolveRequest,
      response: { 200: resolveResponse, ...errorResponses, 409: errorBody },
    },
    handler: (req) => resolveMutation(db, requireActor(req), req.params.id, req.body.resolution),
  });

  app.get('/api/sync/devices', {
    schema: {
      tags,
      security,
      summary: 'The phones of a unit’s subtree by their last sync, the longest silent first',
      querystring: devicesQuery,
      response: { 200: z.object({ total: z.number().int(), items: z.array(device) }), ...errorResponses },
    },
    handler: (req) => listDevices(db, requireActor(req), req.query),
  });
}
