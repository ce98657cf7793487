import { sql, type Kysely } from 'kysely';

/**
 * A version number for the indicator catalogue, so every app instance can keep the compiled
 * catalogue in memory and still see another instance's edit at its next read: a read compares one
 * small row instead of loading and compiling every definition. A trigger bumps it in the
 * transaction of any change to `indicator` (the API, seeding, a hand-written UPDATE, a restore),
 * so the new version becomes visible exactly when the change does. A counter rather than
 * `max(updated_at)`: `now()` is the transaction's start, so an edit that commits later with an
 * earlier timestamp would leave the maximum unchanged and a cache stale for good.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table catalogue_version (
      id boolean primary key default true check (id),
      version bigint not null
    )`.execute(db);
  await sql`insert into catalogue_version (id, version) values (true, 1)`.execute(db);
  await sql`
    create function bump_catalogue_version() returns trigger language plpgsql as $$
    begin
      update catalogue_version set version = version + 1;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger indicator_changes_catalogue_version
    after insert or update or delete or truncate on indicator
    for each statement execute function bump_catalogue_version()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists indicator_changes_catalogue_version on indicator`.execute(db);
  await sql`drop function if exists bump_catalogue_version()`.execute(db);
  await sql`drop table if exists catalogue_version`.execute(db);
}
