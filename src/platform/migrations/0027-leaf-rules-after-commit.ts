import { sql, type Kysely } from 'kysely';

/**
 * The validation rules at the leaves (villages, communes) are checked after the commit too, like
 * those above them (docs/decisions/0053): a write notes its leaves in `validation_recheck` in the
 * statement that writes their values. Without a key, a note never waits for another transaction's
 * note of the same unit (a commit's fold noting a commune while a commune-level write notes it as
 * its leaf would otherwise wait for each other while holding the province's values: a deadlock).
 * Notes repeat between two checks; the check reads each unit and period once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table validation_recheck drop constraint validation_recheck_pkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from validation_recheck r using validation_recheck o
    where r.org_unit_code = o.org_unit_code and r.period = o.period and r.ctid > o.ctid`.execute(db);
  await sql`alter table validation_recheck add primary key (org_unit_code, period)`.execute(db);
}
