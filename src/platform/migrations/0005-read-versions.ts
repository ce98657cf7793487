import { sql, type Kysely } from 'kysely';

/**
 * Version numbers for what the indicator reads depend on, so every app instance can keep the
 * compiled catalogue and recent answers in memory and still see another instance's write at its
 * next read: a read compares one small row instead of redoing the work.
 *
 * - `indicator_catalogue`: any change to `indicator`.
 * - `indicator_values`: any change to what an indicator-values answer is made of (`data_value`,
 *   `target`, `org_unit`, `indicator`).
 *
 * Triggers bump them in the transaction of the change (the API, seeding, imports, a hand-written
 * UPDATE, a restore), so a new version is visible exactly when the change is. Counters rather than
 * `max(updated_at)`: `now()` is the transaction's start, so a change committing later with an
 * earlier timestamp would leave the maximum unchanged and a cache stale for good.
 *
 * BEFORE statement triggers take the counter's row lock before the statement's own row locks, so
 * every writer locks in the same order (counter, then rows) and two writers cannot deadlock on it.
 * It does serialise writes of indicator values from their first statement to their commit; they
 * already were, since every write adds to the province's own rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table read_version (
      name text primary key,
      version bigint not null
    )`.execute(db);
  await sql`insert into read_version (name, version) values ('indicator_catalogue', 1), ('indicator_values', 1)`.execute(db);
  // Once per transaction and counter: readers only ever see committed versions, so one bump says
  // everything a transaction changed, and a write of several statements pays for one update.
  // The mark is a transaction-local setting, undone with the (sub)transaction that set it.
  await sql`
    create function bump_read_version() returns trigger language plpgsql as $$
    declare
      counter text;
    begin
      foreach counter in array tg_argv loop
        if coalesce(current_setting('banso.bumped_' || counter, true), '') <> 'yes' then
          update read_version set version = version + 1 where name = counter;
          perform set_config('banso.bumped_' || counter, 'yes', true);
        end if;
      end loop;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger indicator_bumps_read_version before insert or update or delete or truncate on indicator
    for each statement execute function bump_read_version('indicator_catalogue', 'indicator_values')`.execute(db);
  for (const table of ['data_value', 'target', 'org_unit']) {
    await sql`
      create trigger ${sql.id(`${table}_bumps_read_version`)} before insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_read_version('indicator_values')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['indicator', 'data_value', 'target', 'org_unit']) {
    await sql`drop trigger if exists ${sql.id(`${table}_bumps_read_version`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists bump_read_version()`.execute(db);
  await sql`drop table if exists read_version`.execute(db);
}
