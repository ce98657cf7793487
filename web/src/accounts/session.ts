import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { z } from 'zod';
import type { Me, session } from '../../../src/accounts/account.schema.ts';
import { roleMay, type Action } from '../../../src/accounts/access.policy.ts';
import { isCodeWithin } from '../../../src/territory/territory.rules.ts';
import { api, setCsrfToken } from '../platform/api.ts';

export type { Me };

/** What log-in and /api/auth/me both answer. */
type OpenedSession = z.infer<typeof session>;

/** `undefined` while the app still asks the server who is logged in; `null` for nobody. */
export type SessionUser = Me | null | undefined;

export interface Session {
  me: SessionUser;
  setMe: (me: Me | null) => void;
}

export const SessionContext = createContext<Session>({ me: undefined, setMe: () => undefined });

export const useSession = () => useContext(SessionContext);

export const isProvinceAdmin = (me: SessionUser) => !!me?.roles.some((grant) => grant.role === 'province_admin');

/** Roles whose page the teams' work is: the officers, who follow the teams of a whole commune or province. */
const OFFICER_ROLES = ['province_admin', 'commune_officer'] as const;

// Here, in the shell, and not beside the teams' page rules: those bring the field work's rules into every page's first script.
export const isOfficer = (me: SessionUser): boolean => !!me?.roles.some((r) => (OFFICER_ROLES as readonly string[]).includes(r.role));

/** The unit an account works in (its first grant's), where its views open; the province for everyone else. */
export const homeUnit = (me: SessionUser, province = '20'): string => me?.roles[0]?.orgUnitCode ?? province;

/**
 * Whether the account may do `action` at the unit `unitCode` (somewhere, without one), by the
 * server's own table of grants: the page offers only what will be allowed. The server decides anyway.
 */
export const may = (me: SessionUser, action: Action, unitCode?: string | null): boolean =>
  unitCode !== null && !!me?.roles.some((grant) => roleMay(grant.role, action) && (unitCode === undefined || isCodeWithin(unitCode, grant.orgUnitCode)));

/** Who the cookie belongs to; any failure (no session, an older server) counts as logged out. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const { account, csrfToken } = await api.get<OpenedSession>('/api/auth/me');
    setCsrfToken(csrfToken);
    return account;
  } catch {
    setCsrfToken(null);
    return null;
  }
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api.post<void>('/api/auth/password', { currentPassword, newPassword });
}

export async function logIn(username: string, password: string): Promise<Me> {
  const { account, csrfToken } = await api.post<OpenedSession>('/api/auth/login', { username, password });
  setCsrfToken(csrfToken);
  return account;
}

/** Forgets the token only once the server has ended the session, so a failed log-out can be retried. */
export async function logOut(): Promise<void> {
  await api.post<void>('/api/auth/logout');
  setCsrfToken(null);
}
