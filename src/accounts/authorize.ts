import type { Db } from '../platform/database.ts';
import { AppError, forbidden, unauthenticated } from '../platform/errors.ts';
import type { Role } from './accounts.tables.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit } from '../territory/index.ts';
import { can, mayGrant, type Action, type Actor } from './access.policy.ts';
import { ROLE_NAMES } from './account.rules.ts';

/** The part of a unit that access depends on. */
export interface ScopedUnit {
  code: string;
  path: string;
  province_code: string;
  /** The carrier the thing belongs to (a parcel, a route): only its own couriers and dispatchers reach it. */
  carrierId?: string | undefined;
}

interface Target {
  entity: string;
  entityId?: string;
  /** The accounts that are members of the entity (a shop's sellers), for roles that act only as members. */
  members?: readonly string[];
}

/**
 * The single gate every read and write of private data passes, before any transaction opens:
 * a refusal is audited on its own (it must survive the rollback of whatever was attempted).
 */
export async function authorize(db: Db, actor: Actor | null, action: Action, unit: ScopedUnit, entity: Target): Promise<Actor> {
  if (!actor) throw unauthenticated();
  if (can(actor, action, unit.path, { members: entity.members, carrierId: unit.carrierId })) return actor;
  return refuse(db, actor, action, unit, entity, forbidden());
}

const roleNotGrantable = (role: Role) =>
  new AppError(403, 'account.role_not_grantable', {
    vi: `Bạn không thể cấp hay thu hồi vai trò ${ROLE_NAMES[role].vi} ở đơn vị này: chỉ những vai trò không cao hơn vai trò của bạn, trong địa bàn của bạn.`,
    en: `You cannot grant or remove the role of ${ROLE_NAMES[role].en} at this unit: only roles no higher than yours, inside your area.`,
  });

/**
 * `account:manage` at the unit, and the role no higher than the actor's own (a commune officer
 * never makes a province administrator). Both refusals are audited.
 */
export async function authorizeGrant(db: Db, actor: Actor | null, role: Role, unit: ScopedUnit, entity: Target): Promise<Actor> {
  const allowed = await authorize(db, actor, 'account:manage', unit, entity);
  if (mayGrant(allowed, role, unit.path)) return allowed;
  return refuse(db, allowed, 'account:manage', unit, entity, roleNotGrantable(role));
}

async function refuse(db: Db, actor: Actor, action: Action, unit: ScopedUnit, entity: Target, error: AppError): Promise<never> {
  await recordAudit(db, actor, action, entity.entity, { entityId: entity.entityId ?? null, unit, outcome: 'denied' });
  throw error;
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
