/** What other modules may use of accounts (decision 0019): who may do what: the authorisation gate, the session's actor, accounts and their routes. */
export { can, roleMay, scopesOf, type Action, type Actor, type RoleGrant } from './access.policy.ts';
export { registerAccountRoutes } from './account.routes.ts';
export { registerAccountAdminRoutes } from './account-admin.routes.ts';
export { ROLES, username } from './account.schema.ts';
export { registerAuditRoutes } from './audit-log.routes.ts';
export { authorize, homeProvince, type ScopedUnit } from './authorize.ts';
export { insertAccountsWithoutPassword, type AccountWithoutPassword } from './account-bulk.repository.ts';
export { createAccount, ensureFirstAdministrator } from './create-account.ts';
export { registerTeamRoster, type RosterMember, type TeamRoster } from './create-roster-accounts.ts';
export { optionalActor, registerSessions, requireActor, SESSION_COOKIE } from './session.plugin.ts';
