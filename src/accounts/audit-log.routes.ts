import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { requireActor } from './session.plugin.ts';
import { readAuditLog } from './read-audit-log.ts';

const auditEntry = z.object({
  id: z.string(),
  at: z.string().describe('ISO 8601 timestamp'),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  orgUnitCode: z.string().nullable(),
  outcome: z.enum(['ok', 'denied']),
  before: z.unknown(),
  after: z.unknown(),
});

export function registerAuditRoutes(app: HttpServer, db: Db): void {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first (administrators)',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
        entity: z.string().max(40).optional(),
        entityId: z.string().max(80).optional(),
        outcome: z.enum(['ok', 'denied']).optional(),
      }),
      response: { 200: z.object({ total: z.number().int(), items: z.array(auditEntry) }), ...errorResponses },
    },
    handler: async (req) => readAuditLog(db, requireActor(req), req.query, req.query),
  });
}
