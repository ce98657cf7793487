import { sql, type Kysely } from 'kysely';

/**
 * A session's own id, apart from its token's hash: the account pages list sessions and end one by
 * this id, so neither the token nor its hash (the key a stolen listing could replay) ever leaves
 * the server. Sessions open when this runs get a random id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table session add column id uuid`.execute(db);
  await sql`update session set id = gen_random_uuid()`.execute(db);
  await sql`alter table session alter column id set not null`.execute(db);
  await sql`create unique index session_id_idx on session (id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists session_id_idx`.execute(db);
  await sql`alter table session drop column if exists id`.execute(db);
}
