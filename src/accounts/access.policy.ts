import type { Role } from './accounts.tables.ts';
import { isWithin } from '../territory/shared.ts';

/** Everything an account can be allowed to do; each route asks for exactly one. */
export type Action =
  | 'household:read'
  | 'household:write'
  | 'coverage:write'
  | 'territory:write'
  | 'import:run'
  | 'audit:read'
  | 'account:manage'
  | 'indicator:manage'
  | 'team:read'
  | 'team:manage'
  | 'fieldwork:read'
  | 'fieldwork:write'
  | 'sync:resolve'
  | 'job:manage'
  | 'shop:manage'
  | 'shop:sell'
  | 'market:manage'
  | 'delivery:read'
  | 'delivery:import'
  | 'delivery:plan'
  | 'delivery:deliver'
  | 'delivery:manage'
  | 'delivery:settle'
  | 'pickup:keep'
  | 'national:read'
  | 'national:manage';

/** What each role may do, inside the subtree its assignment is scoped to. */
const GRANTS: Record<Role, readonly Action[]> = {
  province_admin: [
    'household:read',
    'household:write',
    'coverage:write',
    'territory:write',
    'import:run',
    'audit:read',
    'account:manage',
    'indicator:manage',
    'team:read',
    'team:manage',
    'fieldwork:read',
    'fieldwork:write',
    'sync:resolve',
    'job:manage',
    'shop:manage',
    'market:manage',
    'delivery:read',
    'delivery:import',
    'delivery:plan',
    'delivery:manage',
    'delivery:settle',
  ],
  commune_officer: [
    'household:read',
    'household:write',
    'coverage:write',
    'territory:write',
    'import:run',
    'account:manage',
    'team:read',
    'team:manage',
    'fieldwork:read',
    'fieldwork:write',
    'sync:resolve',
    'shop:manage',
    'market:manage',
  ],
  // A team member works in the village the assignment is scoped to, and nowhere else.
  team_member: ['household:read', 'household:write', 'team:read', 'fieldwork:read', 'fieldwork:write'],
  telecom_operator: ['coverage:write'],
  // A seller acts for the shops she is a member of, and only those (MEMBERS_ONLY).
  seller: ['shop:sell'],
  // Both reach only their carrier's parcels, inside their units (`carrierMatches`).
  courier: ['delivery:read', 'delivery:deliver'],
  dispatcher: ['delivery:read', 'delivery:import', 'delivery:plan', 'delivery:settle'],
  // A keeper hands over the parcels waiting at the points she keeps, and only those (MEMBERS_ONLY).
  pickup_keeper: ['pickup:keep'],
  // Scoped to the nation's root: every province's national figures, and no province's records.
  national_officer: ['national:read'],
  national_admin: ['national:read', 'national:manage', 'account:manage'],
};

/**
 * Actions a role may do only at the unit its assignment names, not below it: the nation's
 * administrator manages the nation's accounts, never a province's (whose officers could then be
 * made to write households for it).
 */
const AT_OWN_UNIT_ONLY: Partial<Record<Role, readonly Action[]>> = { national_admin: ['account:manage'] };

/** Whether `action` through this role reaches only the assignment's own unit. */
export const atOwnUnitOnly = (role: Role, action: Action): boolean => AT_OWN_UNIT_ONLY[role]?.includes(action) ?? false;

/**
 * Roles whose grants hold only for what the account is a member of, not for all of their scope: a
 * seller scoped to her village may not touch a neighbour's shop there.
 */
const MEMBERS_ONLY: readonly Role[] = ['seller', 'pickup_keeper'];

/**
 * The roles an account manager may hand out, inside their scope: a commune officer never above
 * their own rank (no province administrator, no telecom operator, whose work is province-wide).
 */
const GRANTABLE: Record<Role, readonly Role[]> = {
  // Only the nation's administrators make national roles; a province's never do.
  national_admin: ['national_officer', 'national_admin'],
  national_officer: [],
  province_admin: ['province_admin', 'commune_officer', 'team_member', 'telecom_operator', 'seller', 'courier', 'dispatcher', 'pickup_keeper'],
  commune_officer: ['commune_officer', 'team_member', 'seller', 'courier', 'pickup_keeper'],
  team_member: [],
  telecom_operator: [],
  seller: [],
  courier: [],
  dispatcher: [],
  pickup_keeper: [],
};

export interface RoleGrant {
  role: Role;
  orgUnitCode: string;
  scopePath: string;
  /** The carrier a courier's or a dispatcher's assignment is bound to. */
  carrierId?: string | null | undefined;
}

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
}

/** Roles that work for a carrier: without one, their assignment reaches nothing. */
const CARRIER_BOUND: ReadonlySet<Role> = new Set(['courier', 'dispatcher']);

/**
 * A grant bound to a carrier reaches only what belongs to that carrier; a grant bound to none
 * (an administrator's) reaches by territory alone (decision 0025).
 */
const carrierMatches = (grant: RoleGrant, carrierId: string | undefined): boolean =>
  grant.carrierId ? grant.carrierId === carrierId : !CARRIER_BOUND.has(grant.role);

/** What the thing acted on tells the rule beyond its unit: its members (a shop's sellers), its carrier (a parcel's). */
export interface ActedOn {
  members?: readonly string[] | undefined;
  carrierId?: string | undefined;
}

/**
 * The one rule: some role of the actor grants the action and is scoped above (or at) the unit;
 * for a members-only role, the actor is also among the thing's `members` (without them, such a
 * role grants nothing); for what belongs to a carrier (a parcel, a route), the grant is bound to
 * that carrier or to none.
 */
export function can(actor: Actor, action: Action, unitPath: string, on: ActedOn = {}): boolean {
  return actor.roles.some(
    (grant) =>
      reaches(grant, action, unitPath) &&
      (!MEMBERS_ONLY.includes(grant.role) || (on.members?.includes(actor.id) ?? false)) &&
      carrierMatches(grant, on.carrierId),
  );
}

/** The grant's role may do the action, and the unit lies in its scope (at its root, for what only reaches there). */
const reaches = (grant: RoleGrant, action: Action, unitPath: string): boolean =>
  roleMay(grant.role, action) && (atOwnUnitOnly(grant.role, action) ? unitPath === grant.scopePath : isWithin(unitPath, grant.scopePath));

/**
 * The subtrees where the actor may do the action on a carrier's things (or on none's): what a list
 * reads from, by the same rule as `can`. Not for an action some role does at its own unit only
 * (the account lists ask `atOwnUnitOnly` themselves).
 */
export function scopesOf(actor: Actor, action: Action, carrierId?: string): string[] {
  return actor.roles.filter((grant) => roleMay(grant.role, action) && carrierMatches(grant, carrierId)).map((grant) => grant.scopePath);
}

/** Whether the role may do the action inside its scope: also what the web app asks before offering it. */
export const roleMay = (role: Role, action: Action): boolean => GRANTS[role].includes(action);

/** Whether the actor may give (or take away) `role` at the unit: in their scope, and not above their rank. */
export function mayGrant(actor: Actor, role: Role, unitPath: string): boolean {
  return actor.roles.some((grant) => reaches(grant, 'account:manage', unitPath) && GRANTABLE[grant.role].includes(role));
}

/** The roles a role may hand out in its scope: what the web app offers in its role picker. */
export const rolesGrantableBy = (role: Role): readonly Role[] => GRANTABLE[role];
