import { sql, type Kysely } from 'kysely';

/**
 * Account administration: when an account last logged in (officers ask "has she started yet?"),
 * and which browser a session is on, kept as a short summary ("Chrome · Android") and never as the
 * raw user-agent string or an address: the least that lets an officer tell a lost phone's session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table account add column last_login_at timestamptz`.execute(db);
  await sql`alter table session add column user_agent text`.execute(db);
  await sql`create index role_assignment_scope_idx on role_assignment using gist (scope_path)`.execute(db);
  await sql`create index session_account_idx on session (account_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists session_account_idx`.execute(db);
  await sql`drop index if exists role_assignment_scope_idx`.execute(db);
  await sql`alter table session drop column if exists user_agent`.execute(db);
  await sql`alter table account drop column if exists last_login_at`.execute(db);
}
