import type { Role } from '../platform/schema.ts';
import { isWithin } from '../territory/territory.rules.ts';

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
  | 'sync:resolve';

/** What each role may do, inside the subtree its assignment is scoped to. */
const GRANTS: Record<Role, readonly Action[]> = {
  province_admin: [
    'household:read', 'household:write', 'coverage:write', 'territory:write', 'import:run', 'audit:read', 'account:manage', 'indicator:manage',
    'team:read', 'team:manage', 'fieldwork:read', 'fieldwork:write', 'sync:resolve',
  ],
  commune_officer: [
    'household:read', 'household:write', 'coverage:write', 'territory:write', 'import:run',
    'team:read', 'team:manage', 'fieldwork:read', 'fieldwork:write', 'sync:resolve',
  ],
  // A team member works in the village the assignment is scoped to, and nowhere else.
  team_member: ['household:read', 'household:write', 'team:read', 'fieldwork:read', 'fieldwork:write'],
  telecom_operator: ['coverage:write'],
  seller: [],
  courier: [],
};

export interface RoleGrant {
  role: Role;
  orgUnitCode: string;
  scopePath: string;
}

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
}

/** The one rule: some role of the actor grants the action and is scoped above (or at) the unit. */
export function can(actor: Actor, action: Action, unitPath: string): boolean {
  return actor.roles.some((grant) => roleMay(grant.role, action) && isWithin(unitPath, grant.scopePath));
}

/** Whether the role may do the action inside its scope: also what the web app asks before offering it. */
export const roleMay = (role: Role, action: Action): boolean => GRANTS[role].includes(action);

export function rolesAllowing(action: Action): Role[] {
  return (Object.keys(GRANTS) as Role[]).filter((role) => roleMay(role, action));
}
