import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';

export interface AuditRecord {
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  orgUnitCode?: string | null;
  provinceCode?: string | null;
  outcome: 'ok' | 'denied';
  before?: unknown;
  after?: unknown;
}

export async function insertAuditEntries(db: Db, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db
    .insertInto('audit_entry')
    .values(
      records.map((r) => ({
        id: newId(),
        actor_id: r.actorId,
        actor_name: r.actorName,
        action: r.action,
        entity: r.entity,
        entity_id: r.entityId ?? null,
        org_unit_code: r.orgUnitCode ?? null,
        province_code: r.provinceCode ?? null,
        outcome: r.outcome,
        before: r.before === undefined ? null : JSON.stringify(r.before),
        after: r.after === undefined ? null : JSON.stringify(r.after),
      })),
    )
    .execute();
}

export interface AuditFilter {
  entity?: string | undefined;
  entityId?: string | undefined;
  outcome?: 'ok' | 'denied' | undefined;
}

export async function listAuditEntries(db: Db, filter: AuditFilter, page: { limit: number; offset: number }) {
  let query = db.selectFrom('audit_entry');
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  const [items, total] = await Promise.all([
    query.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items };
}
