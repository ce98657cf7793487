import { sql, type Kysely } from 'kysely';

/** What the shops' monthly income is read from when a median is asked for (decision 0055). */
const TABLES = ['shop_order', 'shop', 'org_unit'] as const;

/**
 * A read-version counter for the shops' income (`shop_income`), moved by any change to the orders,
 * the shops or the territory: the median shop income, a figure computed when read (decision 0036),
 * is kept between reads while it stays, instead of being read again from every order each time the
 * scorecard's answer is (every indicator write moves that one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into read_version (name, version) values ('shop_income', 1)`.execute(db);
  for (const table of TABLES) {
    await sql`
      create trigger ${sql.id(`${table}_bumps_shop_income_version`)} before insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_read_version('shop_income')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql`drop trigger if exists ${sql.id(`${table}_bumps_shop_income_version`)} on ${sql.table(table)}`.execute(db);
  await sql`delete from read_version where name = 'shop_income'`.execute(db);
}
