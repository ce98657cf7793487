import { rolesGrantableBy, roleMay } from '../../../src/accounts/access.policy.ts';
import { ROLES } from '../../../src/accounts/account.schema.ts';
import type { Role } from './accounts.api.ts';
import type { Me } from './session.ts';

/** The roles the logged-in manager may hand out somewhere in their area, in the server's order. */
export const grantableRoles = (me: Me): Role[] => ROLES.filter((role) => managingRoles(me).some((grant) => rolesGrantableBy(grant.role).includes(role)));

/** The manager's roles that manage accounts: their units are the area a new account may be placed in. */
export const managingRoles = (me: Me) => me.roles.filter((grant) => roleMay(grant.role, 'account:manage'));
