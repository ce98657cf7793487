import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { Role } from '../platform/schema.ts';
import { newId } from '../platform/ids.ts';

export function findAccountByUsername(db: Db, username: string) {
  return db.selectFrom('account').selectAll().where('username', '=', username).where('disabled_at', 'is', null).executeTakeFirst();
}

export async function countAccounts(db: Db): Promise<number> {
  const row = await db.selectFrom('account').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

export async function insertAccount(db: Db, account: { username: string; displayName: string; passwordHash: string; mustChangePassword: boolean }): Promise<string> {
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

export async function updatePasswordHash(db: Db, accountId: string, passwordHash: string): Promise<void> {
  await db.updateTable('account').set({ password_hash: passwordHash, must_change_password: false }).where('id', '=', accountId).execute();
}

export async function insertRoleAssignment(db: Db, grant: { accountId: string; role: Role; orgUnitCode: string; scopePath: string; provinceCode: string }): Promise<void> {
  await db
    .insertInto('role_assignment')
    .values({
      id: newId(),
      account_id: grant.accountId,
      role: grant.role,
      org_unit_code: grant.orgUnitCode,
      scope_path: grant.scopePath,
      province_code: grant.provinceCode,
    })
    .onConflict((oc) => oc.columns(['account_id', 'role', 'org_unit_code']).doNothing())
    .execute();
}

export function listRoleGrants(db: Db, accountId: string) {
  return db
    .selectFrom('role_assignment as r')
    .innerJoin('org_unit as u', 'u.code', 'r.org_unit_code')
    .select(['r.role', 'r.org_unit_code', sql<string>`r.scope_path::text`.as('scope_path'), 'u.name as org_unit_name'])
    .where('r.account_id', '=', accountId)
    .orderBy('r.created_at')
    .execute();
}

export async function insertSession(db: Db, session: { tokenHash: string; accountId: string; csrfToken: string; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('session')
    .values({ token_hash: session.tokenHash, account_id: session.accountId, csrf_token: session.csrfToken, expires_at: session.expiresAt })
    .execute();
}

/** The live session for a token hash, with its account, or nothing once expired or disabled. */
export function findLiveSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('session as s')
    .innerJoin('account as a', 'a.id', 's.account_id')
    .select(['s.token_hash', 's.csrf_token', 's.expires_at', 's.last_seen_at', 'a.id as account_id', 'a.username', 'a.display_name', 'a.must_change_password'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('a.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function extendSession(db: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: sql`now()`, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db.deleteFrom('session').where('expires_at', '<=', sql<Date>`now()`).execute();
}
