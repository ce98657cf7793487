import { sql, type Kysely } from 'kysely';

const ROLES_BEFORE = `'province_admin', 'commune_officer', 'team_member', 'telecom_operator', 'seller', 'courier', 'dispatcher'`;
const STATES_BEFORE = `'received', 'planned', 'out_for_delivery', 'delivered', 'failed', 'returned'`;
const KINDS_BEFORE = `'out_for_delivery', 'delivered', 'failed', 'returned'`;

/**
 * Delivery's money and the villages' shared pickup points (issue 14, docs/decisions/0035): a
 * courier's cash handed over at the end of the day with the difference counted, the COD a carrier
 * remits to each seller, the shop whose order a parcel carries, parcels waiting at a pickup point
 * for their recipient's code, and the point keepers (a members-only role, like a shop's sellers).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table role_assignment drop constraint role_assignment_role_check`.execute(db);
  await sql`
    alter table role_assignment add constraint role_assignment_role_check
      check (role in (${sql.raw(ROLES_BEFORE)}, 'pickup_keeper'))`.execute(db);

  // The shop an order's parcel carries: the seller the carrier owes the COD to. No foreign key: the
  // order's event names the shop, and a parcel is never refused for the market's bookkeeping.
  await sql`alter table parcel add column shop_id uuid`.execute(db);
  await sql`update parcel set shop_id = o.shop_id from shop_order o where o.id = parcel.order_id`.execute(db);
  await sql`create index parcel_shop_idx on parcel (shop_id) where shop_id is not null`.execute(db);

  await sql`alter table parcel drop constraint parcel_state_check`.execute(db);
  await sql`alter table parcel add constraint parcel_state_check check (state in (${sql.raw(STATES_BEFORE)}, 'at_pickup_point'))`.execute(db);
  // The recipient's code is kept only as a hash: the keeper's page and the API never show it.
  await sql`alter table parcel add column collection_code_hash text`.execute(db);
  await sql`alter table parcel add column collection_tries smallint not null default 0`.execute(db);
  await sql`alter table parcel add constraint parcel_at_point_check check (state <> 'at_pickup_point' or (pickup_point_id is not null and collection_code_hash is not null))`.execute(
    db,
  );
  await sql`create index parcel_waiting_idx on parcel (pickup_point_id) where state = 'at_pickup_point'`.execute(db);

  await sql`alter table delivery_event drop constraint delivery_event_kind_check`.execute(db);
  await sql`alter table delivery_event add constraint delivery_event_kind_check check (kind in (${sql.raw(KINDS_BEFORE)}, 'dropped_at_point'))`.execute(db);
  await sql`create index delivery_event_courier_idx on delivery_event (courier_account_id, occurred_at) where courier_account_id is not null`.execute(db);

  await sql`
    create table pickup_point_keeper (
      pickup_point_id uuid not null references pickup_point (id),
      account_id uuid not null references account (id),
      primary key (pickup_point_id, account_id)
    )`.execute(db);
  await sql`create index pickup_point_keeper_account_idx on pickup_point_keeper (account_id)`.execute(db);

  await sql`
    create table cash_handover (
      id uuid primary key,
      carrier_id uuid not null references carrier (id),
      courier_account_id uuid not null references account (id),
      day date not null,
      expected bigint not null check (expected >= 0),
      counted bigint not null check (counted >= 0),
      difference bigint not null check (difference = counted - expected),
      discrepancies integer not null check (discrepancies >= 0),
      note text check (length(note) <= 500),
      recorded_by uuid not null references account (id),
      recorded_at timestamptz not null default now(),
      unique (courier_account_id, day)
    )`.execute(db);
  await sql`create index cash_handover_carrier_idx on cash_handover (carrier_id, day)`.execute(db);

  await sql`
    create table cod_remittance (
      id uuid primary key,
      carrier_id uuid not null references carrier (id),
      shop_id uuid not null references shop (id),
      month date not null check (extract(day from month) = 1),
      amount bigint not null check (amount > 0),
      reference text check (length(reference) <= 120),
      recorded_by uuid not null references account (id),
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index cod_remittance_shop_idx on cod_remittance (shop_id, month)`.execute(db);
  await sql`create index cod_remittance_carrier_idx on cod_remittance (carrier_id, month)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['cod_remittance', 'cash_handover', 'pickup_point_keeper']) await sql`drop table if exists ${sql.table(table)}`.execute(db);
  await sql`drop index if exists delivery_event_courier_idx`.execute(db);
  await sql`drop index if exists parcel_waiting_idx`.execute(db);
  await sql`delete from delivery_event where kind = 'dropped_at_point'`.execute(db);
  await sql`alter table delivery_event drop constraint delivery_event_kind_check`.execute(db);
  await sql`alter table delivery_event add constraint delivery_event_kind_check check (kind in (${sql.raw(KINDS_BEFORE)}))`.execute(db);
  await sql`alter table parcel drop constraint parcel_at_point_check`.execute(db);
  await sql`update parcel set state = 'out_for_delivery' where state = 'at_pickup_point'`.execute(db);
  await sql`alter table parcel drop constraint parcel_state_check`.execute(db);
  await sql`alter table parcel add constraint parcel_state_check check (state in (${sql.raw(STATES_BEFORE)}))`.execute(db);
  for (const column of ['collection_tries', 'collection_code_hash', 'shop_id']) await sql`alter table parcel drop column ${sql.id(column)}`.execute(db);
  await sql`delete from role_assignment where role = 'pickup_keeper'`.execute(db);
  await sql`alter table role_assignment drop constraint role_assignment_role_check`.execute(db);
  await sql`alter table role_assignment add constraint role_assignment_role_check check (role in (${sql.raw(ROLES_BEFORE)}))`.execute(db);
}
