import { sql, type Kysely } from 'kysely';

/**
 * A pickup point's cash handed over to a carrier (docs/decisions/0043): a keeper takes the COD of
 * the parcels collected at the point in cash, and the carrier's dispatcher counts it like a
 * courier's. The same hand-over row, held by a courier or by a point (exactly one), once per
 * courier and day or per carrier, point and day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table cash_handover alter column courier_account_id drop not null`.execute(db);
  await sql`alter table cash_handover add column pickup_point_id uuid references pickup_point (id)`.execute(db);
  await sql`alter table cash_handover add constraint cash_handover_holder_check check ((courier_account_id is null) <> (pickup_point_id is null))`.execute(db);
  await sql`alter table cash_handover add constraint cash_handover_point_day_key unique (carrier_id, pickup_point_id, day)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from cash_handover where pickup_point_id is not null`.execute(db);
  await sql`alter table cash_handover drop constraint cash_handover_point_day_key`.execute(db);
  await sql`alter table cash_handover drop constraint cash_handover_holder_check`.execute(db);
  await sql`alter table cash_handover drop column pickup_point_id`.execute(db);
  await sql`alter table cash_handover alter column courier_account_id set not null`.execute(db);
}
