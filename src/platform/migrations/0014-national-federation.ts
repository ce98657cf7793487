import { sql, type Kysely } from 'kysely';

/** Fact tables keyed by a generated id: each gets a key that carries its province code (decision 0027). */
const ID_KEYED_FACTS = [
  'commune_fiber',
  'fixed_broadband',
  'household',
  'household_survey',
  'mobile_coverage',
  'subscriber_report',
  'support_visit',
  'sync_device',
  'sync_mutation',
  'target',
  'team',
  'team_member',
  'training',
  // The market's and the payments' (0010, 0011), which came in the same release.
  'bank_feed',
  'bank_transfer',
  'market',
  'shop',
  'shop_order',
  // Delivery's (0013).
  'hub',
  'pickup_point',
  'parcel',
] as const;

/**
 * The nation (issue 15, decision 0027):
 * - the national list's unit kinds: centrally-run cities (`thanh_pho`) among the provinces, special
 *   zones (`dac_khu`) among the communes;
 * - every fact table's key carries its province code, so that list partitions by province, a
 *   `postgres_fdw` partition per province server, or Citus distributed by province stay possible;
 * - the national instance's links to the province servers it pulls from, and the values pulled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table org_unit drop constraint org_unit_kind_check`.execute(db);
  await sql`alter table org_unit add constraint org_unit_kind_check check (kind in ('tinh', 'thanh_pho', 'xa', 'phuong', 'dac_khu', 'thon', 'ban', 'khoi_pho'))`.execute(
    db,
  );

  for (const table of ID_KEYED_FACTS) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_province_key`)} unique (id, province_code)`.execute(db);
  }
  // The value table's own key grows by the province code (last, so every lookup by its first three still uses it).
  await sql`alter table data_value drop constraint data_value_pkey`.execute(db);
  await sql`alter table data_value add primary key (data_element, period, org_unit_code, province_code)`.execute(db);

  await sql`
    create table national_link (
      province_code text primary key references org_unit (code),
      base_url text not null check (base_url ~ '^https?://'),
      token text not null check (length(token) >= 16),
      timeout_ms integer not null default 10000 check (timeout_ms between 100 and 120000),
      every_minutes integer not null default 15 check (every_minutes between 1 and 1440),
      status text not null default 'never' check (status in ('never', 'ok', 'unreachable', 'refused')),
      last_attempt_at timestamptz,
      last_success_at timestamptz,
      last_error text,
      value_count integer not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table national_value (
      province_code text not null references national_link (province_code) on delete cascade,
      org_unit_code text not null references org_unit (code),
      data_element text not null,
      period text not null,
      value numeric not null,
      pulled_at timestamptz not null,
      primary key (province_code, org_unit_code, data_element, period)
    )`.execute(db);
  await sql`create index national_value_period_idx on national_value (period, data_element)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table national_value`.execute(db);
  await sql`drop table national_link`.execute(db);
  await sql`alter table data_value drop constraint data_value_pkey`.execute(db);
  await sql`alter table data_value add primary key (data_element, period, org_unit_code)`.execute(db);
  for (const table of ID_KEYED_FACTS) await sql`alter table ${sql.table(table)} drop constraint ${sql.id(`${table}_province_key`)}`.execute(db);
  await sql`alter table org_unit drop constraint org_unit_kind_check`.execute(db);
  await sql`alter table org_unit add constraint org_unit_kind_check check (kind in ('tinh', 'xa', 'phuong', 'thon', 'ban', 'khoi_pho'))`.execute(db);
}
