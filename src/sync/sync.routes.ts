import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorBody, errorResponses } from '../platform/api-schema.ts';
import { optionalActor, requireActor, SESSION_COOKIE } from '../accounts/index.ts';
import { pushMutations } from './push-mutations.ts';
import { pullChanges } from './pull-changes.ts';
import { listCourierRefusals, listNeedsAttention } from './list-needs-attention.ts';
import { resolveMutation } from './resolve-mutation.ts';
import { listDevices } from './list-devices.ts';
import { batchTooLarge, serverBusy } from './sync.rules.ts';
import type { PushGate } from './push-gate.rules.ts';
import {
  attentionItem,
  courierAttentionQuery,
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

const PUSH_URL = '/api/sync/push';

function turnAway(reply: FastifyReply, gate: PushGate): never {
  void reply.header('retry-after', String(gate.comeBackAfterSeconds()));
  throw serverBusy();
}

/**
 * Admits a push through the gate, or turns it away (503, Retry-After), before anything else is
 * done for it: registered ahead of the session hook, because looking the session up is a query,
 * and on the embedded engine it waits in the one queue behind the pushes being worked on. Counted
 * from here to the answer, so the pushes waiting for their session count too; counted from the
 * handler, as first built, they did not, and on the embedded engine no phone was ever turned away
 * (docs/decisions/0020-write-path.md). A push without a session cookie goes on, to be answered
 * 401: who is asking comes before news of the server.
 */
export function gatePushes(app: HttpServer, gate: PushGate): void {
  const admitted = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== PUSH_URL || !request.cookies[SESSION_COOKIE]) return;
    if (!gate.enter()) turnAway(reply, gate);
    admitted.add(request);
  });
  // Left once, at the answer or when the phone hangs up, whichever comes first.
  const leave = async (request: FastifyRequest) => {
    if (admitted.delete(request)) gate.leave();
  };
  app.addHook('onResponse', leave);
  app.addHook('onRequestAbort', leave);
}

/** The field app's sync protocol and the officers' view of it (docs/decisions/0007-field-sync.md). */
export function registerSyncRoutes(app: HttpServer, db: Db): void {
  const tags = ['sync'];
  const security = [{ session: [] }];
  const writeSecurity = [{ session: [], csrf: [] }];

  app.post(PUSH_URL, {
    bodyLimit: MAX_PUSH_BYTES,
    // Unstorable text is refused item by item (sync.unstorable_text), not as the whole batch.
    config: { checksOwnText: true },
    // A caller without a session learns only that (401), never which of its items were wrong.
    // Then counted before the items are validated, so an oversized batch costs nothing and the
    // phone, told which rule it broke, keeps everything and splits it.
    preValidation: async (request) => {
      requireActor(request);
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
    handler: (req) =>
      pushMutations(db, requireActor(req), req.body, {
        logFault: (error, id) => req.log.error({ err: error, mutationId: id }, 'sync push: unexpected fault, answered retry'),
      }),
  });

  app.get('/api/sync/pull', {
    schema: {
      tags,
      security,
      summary: 'What changed in a village since the cursor, and this account’s mutations that need attention',
      querystring: pullQuery,
      response: { 200: pullResponse, ...errorResponses },
    },
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

  app.get('/api/sync/needs-attention/couriers', {
    schema: {
      tags,
      security,
      summary: 'A carrier’s couriers’ refused and conflicting deliveries nobody has resolved, in the caller’s province (its dispatchers)',
      querystring: courierAttentionQuery,
      response: { 200: z.object({ total: z.number().int(), items: z.array(attentionItem) }), ...errorResponses },
    },
    handler: (req) => listCourierRefusals(db, requireActor(req), req.query),
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
