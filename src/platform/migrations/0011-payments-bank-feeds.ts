import { sql, type Kysely } from 'kysely';

/**
 * The payments module's tables: a payee's bank feeds (the SePay or Casso integration that watches
 * one bank account of a shop, or of whoever is paid) and the transfers they bring in. A SePay key
 * is kept only as its hash; a Casso checksum key must be usable to verify signatures, so it is
 * kept sealed (AES-256-GCM) under a key that lives outside the database. A transfer is unique by
 * the provider's own id on the account it watches, so a replay credits nothing twice; one taken
 * from a bank statement has no such id and is recognised by the bank's reference or its match key
 * (decision 0023).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bank_feed (
      id uuid primary key,
      provider text not null check (provider in ('sepay', 'casso')),
      payee_kind text not null check (payee_kind ~ '^[a-z][a-z_]{1,30}$'),
      payee_id text not null check (length(payee_id) between 1 and 100),
      province_code text not null,
      account_number text not null check (account_number ~ '^[0-9A-Za-z]{4,40}$'),
      secret_hash text,
      secret_sealed text,
      created_by uuid not null references account (id),
      created_at timestamptz not null default now(),
      active boolean not null default true,
      deactivated_at timestamptz,
      check ((provider = 'sepay' and secret_hash is not null and secret_sealed is null)
          or (provider = 'casso' and secret_sealed is not null and secret_hash is null))
    )`.execute(db);
  await sql`create index bank_feed_payee_idx on bank_feed (payee_kind, payee_id, created_at)`.execute(db);

  await sql`
    create table bank_transfer (
      id uuid primary key,
      feed_id uuid not null references bank_feed (id),
      provider text not null check (provider in ('sepay', 'casso')),
      account_number text not null,
      provider_transaction_id text,
      source text not null check (source in ('webhook', 'statement')),
      payee_kind text not null,
      payee_id text not null,
      province_code text not null,
      amount bigint not null check (amount > 0),
      content text not null,
      bank_reference text,
      match_key text not null,
      occurred_at timestamptz not null,
      received_at timestamptz not null default now(),
      state text not null default 'new' check (state in ('new', 'matched', 'unmatched')),
      matched_reference text,
      unmatched_reason text,
      raw jsonb not null,
      check (source = 'statement' or provider_transaction_id is not null)
    )`.execute(db);
  await sql`create unique index bank_transfer_provider_id_idx on bank_transfer (provider, account_number, provider_transaction_id)`.execute(db);
  await sql`create index bank_transfer_account_key_idx on bank_transfer (account_number, match_key)`.execute(db);
  await sql`create index bank_transfer_account_reference_idx on bank_transfer (account_number, bank_reference) where bank_reference is not null`.execute(db);
  await sql`create index bank_transfer_payee_state_idx on bank_transfer (payee_kind, payee_id, state, occurred_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['bank_transfer', 'bank_feed']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
