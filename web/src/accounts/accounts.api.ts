import type {
  AccountDetail,
  AccountList,
  AccountSession,
  AccountSummary,
  CreatedAccount,
  NewAccountBody,
  RosterAccounts,
  VillageRoster,
} from '../../../src/accounts/account-admin.schema.ts';
import type { Role } from '../../../src/accounts/accounts.tables.ts';
import { api, withQuery } from '../platform/api.ts';

export type { AccountDetail, AccountList, AccountSession, AccountSummary, CreatedAccount, NewAccountBody, Role, RosterAccounts, VillageRoster };

export const ACCOUNTS_PAGE = 50;

export const accountsUrl = (search: string, offset: number) => withQuery('/api/accounts', { search: search || undefined, limit: ACCOUNTS_PAGE, offset });
export const accountUrl = (id: string) => `/api/accounts/${id}`;
export const rosterUrl = (villageCode: string) => `/api/villages/${villageCode}/team/accounts`;

export const createRosterAccounts = (villageCode: string, memberIds: string[]) => api.post<RosterAccounts>(rosterUrl(villageCode), { memberIds });
export const resetPassword = (id: string) => api.post<{ oneTimePassword: string }>(`${accountUrl(id)}/password-reset`);
export const setActive = (id: string, active: boolean) => api.patch<AccountSummary>(accountUrl(id), { active });
export const endSessions = (id: string) => api.delete(`${accountUrl(id)}/sessions`);
export const endSession = (id: string, sessionId: string) => api.delete(`${accountUrl(id)}/sessions/${sessionId}`);
export const createAccount = (account: NewAccountBody) => api.post<CreatedAccount>('/api/accounts', account);
export const OWN_SESSIONS_URL = '/api/auth/sessions';
export const endOwnSession = (sessionId: string) => api.delete(`${OWN_SESSIONS_URL}/${sessionId}`);
export const grantRole = (id: string, role: Role, orgUnitCode: string) => api.post<AccountSummary>(`${accountUrl(id)}/roles`, { role, orgUnitCode });
export const removeRole = (id: string, role: Role, orgUnitCode: string) => api.delete(`${accountUrl(id)}/roles/${role}/${orgUnitCode}`);
