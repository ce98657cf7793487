import { atOwnUnitOnly, rolesGrantableBy, roleMay } from '../../../src/accounts/access.policy.ts';
import { ROLES } from '../../../src/accounts/account.schema.ts';
import { NATIONAL_ROLES } from '../../../src/accounts/accounts.tables.ts';
import { isCodeWithin, NATION } from '../../../src/territory/territory.rules.ts';
import type { Role } from './accounts.api.ts';
import type { Me } from './session.ts';

/** The manager's roles that manage accounts: their units are the area a new account may be placed in. */
export const managingRoles = (me: Me) => me.roles.filter((grant) => roleMay(grant.role, 'account:manage'));

/**
 * Whether a managing grant reaches the unit `code`: the nation's administrator her own root only
 * (the server's AT_OWN_UNIT_ONLY), anyone else a unit of the territory inside her area.
 */
export const reachesUnit = (grant: Me['roles'][number], code: string): boolean =>
  atOwnUnitOnly(grant.role, 'account:manage') ? code === grant.orgUnitCode : code !== NATION.code && isCodeWithin(code, grant.orgUnitCode);

/** Whether the manager places accounts at the nation's root: a national administrator, who places them nowhere else. */
export const placesAtNation = (me: Me) => managingRoles(me).some((grant) => reachesUnit(grant, NATION.code));

/** Whether the manager places accounts in the territory (a province's or a commune's officer): on villages, from their teams' rosters too. */
export const placesInTerritory = (me: Me) => managingRoles(me).some((grant) => !reachesUnit(grant, NATION.code));

/**
 * The roles the manager may hand out, in the server's order: at the unit `unitCode` when one is
 * chosen (a national role at the nation and only there, as the server requires), else anywhere in
 * her area.
 */
export function grantableRoles(me: Me, unitCode?: string): Role[] {
  const grants = managingRoles(me).filter((grant) => unitCode === undefined || reachesUnit(grant, unitCode));
  return ROLES.filter(
    (role) =>
      grants.some((grant) => rolesGrantableBy(grant.role).includes(role)) &&
      (unitCode === undefined || NATIONAL_ROLES.includes(role) === (unitCode === NATION.code)),
  );
}

/** The role a form starts on among `roles`: a team member where one may be made (the commonest account), else the first. */
export const firstRole = (roles: readonly Role[]): Role => (roles.includes('team_member') ? 'team_member' : (roles[0] ?? 'team_member'));
