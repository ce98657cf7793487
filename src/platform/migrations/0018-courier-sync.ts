import { sql, type Kysely } from 'kysely';

/**
 * The courier app (decision 0033): proof of each delivery, the account a carrier collects COD
 * into by transfer, the transfer code a COD parcel's VietQR carries, and the transfers that paid
 * a parcel. New tables beside delivery's own, so that the parcel's columns stay as they were.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table delivery_proof (
      event_id uuid primary key references delivery_event (id),
      kind text not null check (kind in ('code', 'photo', 'signature')),
      photo_id text,
      signature jsonb,
      check ((kind = 'photo') = (photo_id is not null)),
      check ((kind = 'signature') = (signature is not null))
    )`.execute(db);
  await sql`
    create table carrier_cod_account (
      carrier_id uuid primary key references carrier (id),
      bank_bin text not null,
      account_number text not null,
      holder_name text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  // The payee is the seller's shop for a market order, the carrier for a manifest's parcel; a
  // code is unique per payee (a carrier's codes and the market's order codes never meet).
  await sql`
    create table cod_payment (
      parcel_id uuid primary key references parcel (id),
      payee_kind text not null check (payee_kind in ('shop', 'carrier')),
      payee_id uuid not null,
      code text not null,
      paid_at timestamptz,
      unique (payee_kind, payee_id, code)
    )`.execute(db);
  await sql`
    create table cod_transfer (
      transfer_id text primary key,
      parcel_id uuid not null references parcel (id),
      amount bigint not null check (amount > 0),
      received_at timestamptz not null
    )`.execute(db);
  await sql`create index cod_transfer_parcel_idx on cod_transfer (parcel_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['cod_transfer', 'cod_payment', 'carrier_cod_account', 'delivery_proof']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
