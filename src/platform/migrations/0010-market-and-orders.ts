import { sql, type Kysely } from 'kysely';

/**
 * The village market (issue 13): producers' shops with their sellers, products and the periodic
 * markets they go to (`market`), and guest orders with their lines and the transfers credited to
 * them (`orders`). Money is integer đồng; stock is reserved by a conditional update, so the
 * check constraint on it is the last guard, never the mechanism (decision 0021).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table shop (
      id uuid primary key,
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
      name text not null check (length(name) between 1 and 120),
      village_code text not null references org_unit (code),
      province_code text not null,
      description text not null default '' check (length(description) <= 2000),
      ocop_stars integer check (ocop_stars between 1 and 5),
      pickup_places jsonb not null default '[]',
      bank_bin text check (bank_bin ~ '^[0-9]{6}$'),
      bank_account text check (bank_account ~ '^[0-9A-Za-z]{1,19}$'),
      bank_holder text check (length(bank_holder) <= 50),
      status text not null default 'active' check (status in ('active', 'suspended')),
      is_demo boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index shop_village_idx on shop (village_code)`.execute(db);

  await sql`
    create table shop_member (
      shop_id uuid not null references shop (id),
      account_id uuid not null references account (id),
      added_at timestamptz not null default now(),
      primary key (shop_id, account_id)
    )`.execute(db);
  await sql`create index shop_member_account_idx on shop_member (account_id)`.execute(db);

  await sql`
    create table product (
      id uuid primary key,
      shop_id uuid not null references shop (id),
      name text not null check (length(name) between 1 and 200),
      unit text not null check (length(unit) between 1 and 20),
      price integer not null check (price > 0),
      stock integer not null check (stock >= 0),
      photo_ids jsonb not null default '[]',
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index product_shop_idx on product (shop_id)`.execute(db);

  await sql`
    create table market (
      id uuid primary key,
      name text not null check (length(name) between 1 and 120),
      commune_code text not null references org_unit (code),
      village_code text references org_unit (code),
      province_code text not null,
      schedule jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table market_shop (
      market_id uuid not null references market (id),
      shop_id uuid not null references shop (id),
      primary key (market_id, shop_id)
    )`.execute(db);
  await sql`create index market_shop_shop_idx on market_shop (shop_id)`.execute(db);

  await sql`
    create table shop_order (
      id uuid primary key,
      code text not null unique,
      token text not null unique,
      shop_id uuid not null references shop (id),
      province_code text not null,
      village_code text not null references org_unit (code),
      buyer_name text not null check (length(buyer_name) between 1 and 100),
      buyer_phone text not null check (buyer_phone ~ '^\\+84[0-9]{9,10}$'),
      delivery text not null check (delivery in ('market_day', 'shop', 'courier')),
      market_id uuid references market (id),
      market_date date,
      payment_method text not null check (payment_method in ('transfer', 'cash')),
      total integer not null check (total > 0),
      status text not null,
      payment_status text not null default 'unpaid' check (payment_status in ('unpaid', 'partly_paid', 'paid', 'overpaid')),
      paid_amount integer not null default 0 check (paid_amount >= 0),
      excess_amount integer not null default 0 check (excess_amount >= 0),
      reserved_until timestamptz,
      is_demo boolean not null default false,
      placed_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((delivery = 'market_day') = (market_id is not null and market_date is not null))
    )`.execute(db);
  await sql`create index shop_order_shop_idx on shop_order (shop_id, placed_at desc)`.execute(db);
  await sql`create index shop_order_reserved_idx on shop_order (reserved_until) where status = 'awaiting_payment'`.execute(db);

  await sql`
    create table order_line (
      order_id uuid not null references shop_order (id),
      product_id uuid not null references product (id),
      name text not null,
      unit text not null,
      price integer not null check (price > 0),
      quantity integer not null check (quantity > 0),
      primary key (order_id, product_id)
    )`.execute(db);

  await sql`
    create table order_payment (
      transfer_id text primary key,
      order_id uuid not null references shop_order (id),
      amount integer not null check (amount > 0),
      received_at timestamptz not null,
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index order_payment_order_idx on order_payment (order_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['order_payment', 'order_line', 'shop_order', 'market_shop', 'market', 'product', 'shop_member', 'shop']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
