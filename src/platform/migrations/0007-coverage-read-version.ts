import { sql, type Kysely } from 'kysely';

/**
 * A version for what the white-spot list is made of (the villages' coverage and fibre records and
 * the territory), bumped by the same once-per-transaction trigger as the indicator versions
 * (migration 0005): the list is asked for by every dashboard and changes only with those records.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into read_version (name, version) values ('coverage', 1) on conflict (name) do nothing`.execute(db);
  for (const table of ['mobile_coverage', 'fixed_broadband', 'org_unit']) {
    await sql`
      create trigger ${sql.id(`${table}_bumps_coverage_version`)} before insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_read_version('coverage')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['mobile_coverage', 'fixed_broadband', 'org_unit']) {
    await sql`drop trigger if exists ${sql.id(`${table}_bumps_coverage_version`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`delete from read_version where name = 'coverage'`.execute(db);
}
