import type { Db } from '../platform/database.ts';
import { forbidden, unauthenticated } from '../platform/errors.ts';
import { insertAuditEntries } from '../audit/audit.repository.ts';
import { findOrgUnit } from '../territory/org-unit.repository.ts';
import { can, type Action, type Actor } from './access.policy.ts';

/** The part of a unit that access depends on. */
export interface ScopedUnit {
  code: string;
  path: string;
  province_code: string;
}

/**
 * The single gate every read and write of private data passes, before any transaction opens:
 * a refusal is audited on its own (it must survive the rollback of whatever was attempted).
 */
export async function authorize(db: Db, actor: Actor | null, action: Action, unit: ScopedUnit, entity: { entity: string; entityId?: string }): Promise<Actor> {
  if (!actor) throw unauthenticated();
  if (can(actor, action, unit.path)) return actor;
  await insertAuditEntries(db, [
    {
      actorId: actor.id,
      actorName: actor.username,
      action,
      entity: entity.entity,
      entityId: entity.entityId ?? null,
      orgUnitCode: unit.code,
      provinceCode: unit.province_code,
      outcome: 'denied',
    },
  ]);
  throw forbidden();
}

/**
 * The province an actor works in, as a unit to authorise province-wide actions against
 * (the audit log, the indicator catalogue). Every assignment lies in one province.
 */
export async function homeProvince(db: Db, actor: Actor | null): Promise<ScopedUnit> {
  if (!actor) throw unauthenticated();
  const code = actor.roles[0]?.scopePath.split('.')[0] ?? '';
  return (await findOrgUnit(db, code)) ?? { code, path: code, province_code: code };
}
