import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { Role } from './accounts.tables.ts';
import { newId } from '../platform/ids.ts';
import { NATION } from '../territory/index.ts';

/** A national grant has no unit (migration 0022); the API calls the nation's root by its code. */
const storedUnit = (orgUnitCode: string): string | null => (orgUnitCode === NATION.code ? null : orgUnitCode);

export function findAccountByUsername(db: Db, username: string) {
  return db.selectFrom('account').selectAll().where('username', '=', username).where('disabled_at', 'is', null).executeTakeFirst();
}

/** Accounts that have held the province administrator's role (deactivated ones too). */
export async function countAdministrators(db: Db): Promise<number> {
  const row = await db
    .selectFrom('role_assignment')
    .select(sql<number>`count(distinct account_id)::int`.as('n'))
    .where('role', '=', 'province_admin')
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function insertAccount(
  db: Db,
  account: { username: string; displayName: string; passwordHash: string; mustChangePassword: boolean },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('account')
    .values({
      id,
      username: account.username,
      display_name: account.displayName,
      password_hash: account.passwordHash,
      must_change_password: account.mustChangePassword,
    })
    .execute();
  return id;
}

/** A new password: one the person chose, or a one-time password to be changed at the next log-in. */
export async function updatePasswordHash(db: Db, accountId: string, passwordHash: string, mustChangePassword = false): Promise<void> {
  await db.updateTable('account').set({ password_hash: passwordHash, must_change_password: mustChangePassword }).where('id', '=', accountId).execute();
}

/** Any account by id, deactivated ones too (they are managed, not forgotten). */
export function findAccount(db: Db, id: string) {
  return db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Many accounts by id, in no particular order. */
export function findAccounts(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('account').selectAll().where('id', 'in', ids).execute();
}

/** Whether a username is in use, by an active or a deactivated account. */
export async function isUsernameTaken(db: Db, username: string): Promise<boolean> {
  return (await db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirst()) !== undefined;
}

/** `%` and `_` typed in a search are letters, not wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Usernames containing `part`: to make new ones that do not collide. */
export async function listUsernamesContaining(db: Db, part: string): Promise<string[]> {
  const rows = await db
    .selectFrom('account')
    .select('username')
    .where('username', 'like', `%${escapeLike(part)}%`)
    .execute();
  return rows.map((r) => r.username);
}

export async function setAccountDisabled(db: Db, accountId: string, disabled: boolean): Promise<void> {
  await db
    .updateTable('account')
    .set({ disabled_at: disabled ? sql<Date>`now()` : null })
    .where('id', '=', accountId)
    .execute();
}

/**
 * The accounts an account manager reaches: every role they hold lies inside one of the scopes
 * (so a commune officer never sees a province administrator, nor another commune's officer), or
 * at its root for a manager who reaches only there (the nation's administrator: national roles).
 * An account with no role left is reached by nobody; the administration never leaves one so.
 */
export async function listAccountsWithin(
  db: Db,
  reaches: readonly { scope: string; ownUnitOnly: boolean }[],
  filter: { search?: string | undefined; unitPath?: string | undefined },
  page: { limit: number; offset: number },
) {
  const inScope = (column: string) =>
    sql.join(
      reaches.map(({ scope, ownUnitOnly }) =>
        ownUnitOnly ? sql<boolean>`${sql.ref(column)} = ${scope}::ltree` : sql<boolean>`${sql.ref(column)} <@ ${scope}::ltree`,
      ),
      sql` or `,
    );
  let query = db
    .selectFrom('account as a')
    .where((eb) => eb.exists(eb.selectFrom('role_assignment as r').select('r.id').whereRef('r.account_id', '=', 'a.id')))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('role_assignment as r')
            .select('r.id')
            .whereRef('r.account_id', '=', 'a.id')
            .where(sql<boolean>`not (${inScope('r.scope_path')})`),
        ),
      ),
    );
  if (filter.unitPath) {
    const unitPath = filter.unitPath;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignment as r')
          .select('r.id')
          .whereRef('r.account_id', '=', 'a.id')
          .where(sql<boolean>`r.scope_path <@ ${unitPath}::ltree`),
      ),
    );
  }
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    query = query.where((eb) => eb.or([eb('a.username', 'ilike', pattern), eb('a.display_name', 'ilike', pattern)]));
  }
  const [items, total] = await Promise.all([
    query.selectAll('a').orderBy('a.username').limit(page.limit).offset(page.offset).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items };
}

/** The roles of many accounts at once, with their units' names, oldest first. */
export function listRolesOf(db: Db, accountIds: readonly string[]) {
  if (accountIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('role_assignment as r')
    .leftJoin('org_unit as u', 'u.code', 'r.org_unit_code')
    .select([
      'r.account_id',
      'r.role',
      sql<string>`coalesce(r.org_unit_code, ${NATION.code})`.as('org_unit_code'),
      sql<string>`r.scope_path::text`.as('scope_path'),
      'r.province_code',
      'r.carrier_id',
      sql<string>`coalesce(u.name, 'Việt Nam')`.as('org_unit_name'),
    ])
    .where('r.account_id', 'in', accountIds)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
}

export async function deleteRoleAssignment(db: Db, grant: { accountId: string; role: Role; orgUnitCode: string }): Promise<number> {
  const result = await db
    .deleteFrom('role_assignment')
    .where('account_id', '=', grant.accountId)
    .where('role', '=', grant.role)
    .where((eb) => {
      const unit = storedUnit(grant.orgUnitCode);
      return unit === null ? eb('org_unit_code', 'is', null) : eb('org_unit_code', '=', unit);
    })
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** An account's live sessions, the most recently used first: what an officer sees, never the token. */
export function listLiveSessions(db: Db, accountId: string) {
  return db
    .selectFrom('session')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
    .where('account_id', '=', accountId)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function insertRoleAssignment(
  db: Db,
  grant: { accountId: string; role: Role; orgUnitCode: string; scopePath: string; provinceCode: string; carrierId?: string | undefined },
): Promise<void> {
  await db
    .insertInto('role_assignment')
    .values({
      id: newId(),
      account_id: grant.accountId,
      role: grant.role,
      org_unit_code: storedUnit(grant.orgUnitCode),
      scope_path: grant.scopePath,
      province_code: grant.provinceCode,
      carrier_id: grant.carrierId ?? null,
    })
    // Held already (at a unit, or at the nation's root: a partial unique index) is no change.
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export const listRoleGrants = (db: Db, accountId: string) => listRolesOf(db, [accountId]);

export async function insertSession(
  db: Db,
  session: { tokenHash: string; accountId: string; csrfToken: string; expiresAt: Date; userAgent?: string | null },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      id: newId(),
      token_hash: session.tokenHash,
      account_id: session.accountId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
      user_agent: session.userAgent ?? null,
    })
    .execute();
  await db
    .updateTable('account')
    .set({ last_login_at: sql`now()` })
    .where('id', '=', session.accountId)
    .execute();
}

/** The live session for a token hash, with its account, or nothing once expired or disabled. */
export function findLiveSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('session as s')
    .innerJoin('account as a', 'a.id', 's.account_id')
    .select([
      's.id as session_id',
      's.token_hash',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'a.id as account_id',
      'a.username',
      'a.display_name',
      'a.must_change_password',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('a.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function extendSession(db: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await db
    .updateTable('session')
    .set({ last_seen_at: sql`now()`, expires_at: expiresAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', tokenHash).execute();
}

/** Ends one session of the account, named by its id: 0 when the account has no such live session. */
export async function deleteSessionOf(db: Db, accountId: string, sessionId: string): Promise<number> {
  const result = await db.deleteFrom('session').where('account_id', '=', accountId).where('id', '=', sessionId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session of the account but the one kept (the one that changed its own password). */
export async function deleteSessionsOf(db: Db, accountId: string, keepTokenHash?: string): Promise<number> {
  let query = db.deleteFrom('session').where('account_id', '=', accountId);
  if (keepTokenHash) query = query.where('token_hash', '!=', keepTokenHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db
    .deleteFrom('session')
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
}
