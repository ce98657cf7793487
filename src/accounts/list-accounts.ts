import type { Db } from '../platform/database.ts';
import { notFound, unauthenticated } from '../platform/errors.ts';
import { findOrgUnit, NATION } from '../territory/index.ts';
import { atOwnUnitOnly, roleMay, type Actor } from './access.policy.ts';
import { findAccount, listAccountsWithin, listLiveSessions, listRolesOf } from './account.repository.ts';
import type { AccountDetail, AccountList, AccountListQuery, AccountSession, AccountSummary } from './account-admin.schema.ts';
import { authorize, authorizeGrant, homeProvince, type ScopedUnit } from './authorize.ts';

type AccountRow = NonNullable<Awaited<ReturnType<typeof findAccount>>>;
type RoleRow = Awaited<ReturnType<typeof listRolesOf>>[number];
type SessionRow = Awaited<ReturnType<typeof listLiveSessions>>[number];

export const accountNotFound = () => notFound('account.not_found', { vi: 'Không có tài khoản này.', en: 'There is no such account.' });

/** The accounts in the actor's area, by username: every role of each lies inside it. */
export async function listAccounts(db: Db, actor: Actor | null, query: AccountListQuery): Promise<AccountList> {
  const unit = await listedUnit(db, actor, query.orgUnit);
  const allowed = await authorize(db, actor, 'account:manage', unit, { entity: 'account' });
  const reaches = allowed.roles
    .filter((grant) => roleMay(grant.role, 'account:manage'))
    .map((grant) => ({ scope: grant.scopePath, ownUnitOnly: atOwnUnitOnly(grant.role, 'account:manage') }));
  const page = await listAccountsWithin(db, reaches, { search: query.search, unitPath: query.orgUnit ? unit.path : undefined }, query);
  return { total: page.total, items: await presentAccounts(db, page.items) };
}

/** The unit asked for, or the actor's own area (its first managing role), to authorise against. */
async function listedUnit(db: Db, actor: Actor | null, code: string | undefined): Promise<ScopedUnit> {
  const wanted = code ?? actor?.roles.find((grant) => roleMay(grant.role, 'account:manage'))?.orgUnitCode;
  const unit = wanted === NATION.code ? NATION : wanted ? await findOrgUnit(db, wanted) : undefined;
  return unit ?? homeProvince(db, actor);
}

/**
 * An account the actor may manage, with its roles: each of its roles must be one the actor could
 * grant (a commune officer never reaches a province administrator or another commune's account).
 */
export async function loadManagedAccount(db: Db, actor: Actor | null, id: string): Promise<{ account: AccountRow; roles: RoleRow[]; actor: Actor }> {
  if (!actor) throw unauthenticated();
  const account = await findAccount(db, id);
  if (!account) throw accountNotFound();
  const roles = await listRolesOf(db, [id]);
  // An account with no role left is nobody's to manage but the province's administrators.
  if (roles.length === 0) await authorize(db, actor, 'account:manage', await homeProvince(db, actor), { entity: 'account', entityId: id });
  for (const grant of roles) {
    await authorizeGrant(
      db,
      actor,
      grant.role,
      { code: grant.org_unit_code, path: grant.scope_path, province_code: grant.province_code },
      { entity: 'account', entityId: id },
    );
  }
  return { account, roles, actor };
}

/** An account and its live sessions; `currentSessionId` is the caller's own, marked as such. */
export async function readAccount(db: Db, actor: Actor | null, id: string, currentSessionId: string | null): Promise<AccountDetail> {
  const { account, roles } = await loadManagedAccount(db, actor, id);
  return { ...presentAccount(account, roles), sessions: presentSessions(await listLiveSessions(db, id), currentSessionId) };
}

/** Sessions as the account pages show them: by their own id, with the browser's summary, never the token. */
export const presentSessions = (sessions: readonly SessionRow[], currentSessionId: string | null): AccountSession[] =>
  sessions.map((s) => ({
    id: s.id,
    current: s.id === currentSessionId,
    createdAt: iso(s.created_at),
    lastSeenAt: iso(s.last_seen_at),
    expiresAt: iso(s.expires_at),
    browser: s.user_agent,
  }));

export async function presentAccounts(db: Db, accounts: readonly AccountRow[]): Promise<AccountSummary[]> {
  const roles = await listRolesOf(
    db,
    accounts.map((a) => a.id),
  );
  return accounts.map((account) =>
    presentAccount(
      account,
      roles.filter((r) => r.account_id === account.id),
    ),
  );
}

export function presentAccount(account: AccountRow, roles: readonly RoleRow[]): AccountSummary {
  return {
    id: account.id,
    username: account.username,
    displayName: account.display_name,
    roles: roles.map((r) => ({ role: r.role, orgUnitCode: r.org_unit_code, orgUnitName: r.org_unit_name })),
    active: account.disabled_at === null,
    mustChangePassword: account.must_change_password,
    lastLoginAt: account.last_login_at ? iso(account.last_login_at) : null,
    createdAt: iso(account.created_at),
  };
}

const iso = (value: Date | string): string => new Date(value).toISOString();
