import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from './access.policy.ts';
import { DECOY_HASH, verifyPassword } from './password.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  extendSession,
  findAccountByUsername,
  findLiveSession,
  insertSession,
  listRoleGrants,
} from './account.repository.ts';
import type { Me } from './account.schema.ts';

/** Only the hash of a session token is stored: a stolen database holds no usable session. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
const newToken = (): string => randomBytes(32).toString('base64url');

/** A session's expiry slides forward with use, but is written at most once a minute. */
const SLIDE_AFTER_MS = 60_000;

export const invalidCredentials = () =>
  new AppError(401, 'auth.invalid_credentials', {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'Wrong username or password.',
  });

export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  me: Me;
}

/** Checks a password and opens a session; the answer is the same whether or not the user exists. */
export async function logIn(
  db: Db,
  credentials: { username: string; password: string },
  sessionHours: number,
  userAgent: string | null = null,
): Promise<OpenedSession> {
  const account = await findAccountByUsername(db, credentials.username);
  const valid = await verifyPassword(credentials.password, account?.password_hash ?? DECOY_HASH);
  if (!account || !valid) throw invalidCredentials();
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + sessionHours * 3_600_000);
  await deleteExpiredSessions(db);
  await insertSession(db, { tokenHash: hashToken(token), accountId: account.id, csrfToken, expiresAt, userAgent });
  await recordAudit(db, account, 'auth:login', 'account', { entityId: account.id });
  const actor = await loadActor(db, { id: account.id, username: account.username, displayName: account.display_name });
  return { token, csrfToken, expiresAt, me: presentMe(actor, account.must_change_password) };
}

export async function logOut(db: Db, token: string): Promise<void> {
  await deleteSession(db, hashToken(token));
}

export interface ResolvedSession {
  actor: Actor & { orgUnitNames: Record<string, string> };
  /** Which session this is, so a password change can keep it while ending the others. */
  tokenHash: string;
  /** Its id on the account pages, so the list can mark it as the one in use. */
  sessionId: string;
  csrfToken: string;
  mustChangePassword: boolean;
}

/** The actor behind a session token, or null when the token is unknown or expired. */
export async function resolveSession(db: Db, token: string, sessionHours: number): Promise<ResolvedSession | null> {
  const tokenHash = hashToken(token);
  const session = await findLiveSession(db, tokenHash);
  if (!session) return null;
  if (Date.now() - new Date(session.last_seen_at).getTime() > SLIDE_AFTER_MS) {
    await extendSession(db, tokenHash, new Date(Date.now() + sessionHours * 3_600_000));
  }
  const actor = await loadActor(db, { id: session.account_id, username: session.username, displayName: session.display_name });
  return { actor, tokenHash, sessionId: session.session_id, csrfToken: session.csrf_token, mustChangePassword: session.must_change_password };
}

export function csrfTokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function loadActor(db: Db, account: { id: string; username: string; displayName: string }) {
  const grants = await listRoleGrants(db, account.id);
  return {
    ...account,
    roles: grants.map((g) => ({ role: g.role, orgUnitCode: g.org_unit_code, scopePath: g.scope_path, carrierId: g.carrier_id })),
    orgUnitNames: Object.fromEntries(grants.map((g) => [g.org_unit_code, g.org_unit_name])),
  };
}

export function presentMe(actor: ResolvedSession['actor'], mustChangePassword: boolean): Me {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    mustChangePassword,
    roles: actor.roles.map((r) => ({ role: r.role, orgUnitCode: r.orgUnitCode, orgUnitName: actor.orgUnitNames[r.orgUnitCode] ?? r.orgUnitCode })),
  };
}
