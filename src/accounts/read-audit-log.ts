import type { Db } from '../platform/database.ts';
import type { Actor } from './access.policy.ts';
import { authorize, homeProvince } from './authorize.ts';
import { type AuditFilter, listAuditEntries } from '../audit/index.ts';

/** The log covers the whole province, so reading it needs the audit right at the province root. */
export async function readAuditLog(db: Db, actor: Actor, filter: AuditFilter, page: { limit: number; offset: number }) {
  await authorize(db, actor, 'audit:read', await homeProvince(db, actor), { entity: 'audit_log' });
  const { total, items } = await listAuditEntries(db, filter, page);
  return {
    total,
    items: items.map((e) => ({
      id: e.id,
      at: new Date(e.at).toISOString(),
      actorId: e.actor_id,
      actorName: e.actor_name,
      action: e.action,
      entity: e.entity,
      entityId: e.entity_id,
      orgUnitCode: e.org_unit_code,
      outcome: e.outcome,
      before: e.before,
      after: e.after,
    })),
  };
}
