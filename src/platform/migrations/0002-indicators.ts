import { sql, type Kysely } from 'kysely';

/**
 * The indicator engine's storage. `data_value` holds every data element's value for every unit
 * (village, commune and province) and year; a write updates its village and adds the difference
 * to the ancestors in the same transaction, so reads are lookups and always current.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table data_value (
      data_element text not null,
      period text not null,
      org_unit_code text not null references org_unit (code),
      province_code text not null,
      value numeric not null,
      -- How many leaves contribute; no CHECK (>= 0) because a difference is applied with
      -- INSERT … ON CONFLICT, and PostgreSQL checks the proposed row (-1) before the conflict.
      leaves integer not null,
      updated_at timestamptz not null default now(),
      primary key (data_element, period, org_unit_code)
    )`.execute(db);
  await sql`create index data_value_unit_idx on data_value (org_unit_code, period)`.execute(db);

  await sql`
    create table indicator (
      code text primary key check (code ~ '^[A-Z][A-Z0-9_]{1,40}$'),
      name_vi text not null,
      name_en text not null,
      definition_vi text not null,
      definition_en text not null,
      reference text,
      numerator text not null,
      denominator text,
      factor integer not null check (factor in (1, 100, 1000)),
      decimals smallint not null check (decimals between 0 and 3),
      higher_is_better boolean not null,
      time_aggregation text not null check (time_aggregation in ('stock', 'flow')),
      module text not null,
      sort_order integer not null default 0,
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table target (
      id uuid primary key,
      indicator_code text not null references indicator (code),
      org_unit_code text not null references org_unit (code),
      province_code text not null,
      year smallint not null check (year between 2000 and 2100),
      value numeric not null,
      baseline_year smallint not null,
      baseline_value numeric,
      source text,
      updated_at timestamptz not null default now(),
      unique (indicator_code, org_unit_code, year)
    )`.execute(db);

  await sql`
    create table validation_rule (
      code text primary key check (code ~ '^[a-z][a-z0-9_.]{2,60}$'),
      left_side text not null,
      operator text not null check (operator in ('<=', '<', '=', '>=', '>')),
      right_side text not null,
      description_vi text not null,
      description_en text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['validation_rule', 'target', 'indicator', 'data_value']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
