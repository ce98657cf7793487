import { sql, type Kysely } from 'kysely';

/**
 * Validation rules broken, kept as they are found: every write re-checks the units and periods it
 * touched, in its own transaction, so the list is as current as the values and reading it is a
 * lookup. `found_at` is when a violation was first seen and survives re-checks that still find it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table validation_violation (
      rule_code text not null references validation_rule (code) on delete cascade,
      org_unit_code text not null references org_unit (code),
      period text not null,
      left_value numeric not null,
      right_value numeric not null,
      found_at timestamptz not null default now(),
      primary key (rule_code, org_unit_code, period)
    )`.execute(db);
  await sql`create index validation_violation_unit_idx on validation_violation (org_unit_code, period)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists validation_violation`.execute(db);
}
