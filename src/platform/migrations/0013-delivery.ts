import { sql, type Kysely } from 'kysely';

/**
 * Last-mile delivery (issue 14, docs/decisions/0025): carriers and their hubs, couriers, the
 * villages' shared pickup points, parcels with their states, delivery events and the day's
 * routes. A role assignment may be bound to a carrier: a courier's or a dispatcher's reaches
 * only that carrier's parcels, inside its units.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table carrier (
      id uuid primary key,
      code text not null unique check (code ~ '^[a-z0-9_]{2,30}$'),
      name text not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`alter table role_assignment add column carrier_id uuid references carrier (id)`.execute(db);
  await sql`alter table role_assignment drop constraint role_assignment_role_check`.execute(db);
  await sql`
    alter table role_assignment add constraint role_assignment_role_check
      check (role in ('province_admin', 'commune_officer', 'team_member', 'telecom_operator', 'seller', 'courier', 'dispatcher'))`.execute(db);
  // Only a courier or a dispatcher is bound to a carrier (one without a carrier reaches no parcel: the policy says so).
  await sql`
    alter table role_assignment add constraint role_assignment_carrier_check
      check (carrier_id is null or role in ('courier', 'dispatcher'))`.execute(db);

  await sql`
    create table hub (
      id uuid primary key,
      carrier_id uuid not null references carrier (id),
      name text not null,
      org_unit_code text not null references org_unit (code),
      path ltree not null,
      province_code text not null,
      latitude double precision not null check (latitude between -90 and 90),
      longitude double precision not null check (longitude between -180 and 180),
      opens_at smallint not null check (opens_at between 0 and 1440),
      closes_at smallint not null check (closes_at between 0 and 1440 and closes_at > opens_at),
      unique (carrier_id, name)
    )`.execute(db);

  await sql`
    create table courier (
      account_id uuid primary key references account (id),
      carrier_id uuid not null references carrier (id),
      hub_id uuid not null references hub (id),
      capacity_kg integer not null check (capacity_kg between 1 and 2000),
      max_day_minutes smallint not null check (max_day_minutes between 60 and 1440),
      active boolean not null default true
    )`.execute(db);
  await sql`create index courier_carrier_idx on courier (carrier_id)`.execute(db);

  await sql`
    create table pickup_point (
      id uuid primary key,
      village_code text not null references org_unit (code),
      path ltree not null,
      province_code text not null,
      name text not null,
      latitude double precision not null check (latitude between -90 and 90),
      longitude double precision not null check (longitude between -180 and 180),
      unique (village_code, name)
    )`.execute(db);

  await sql`
    create table manifest (
      id uuid primary key,
      carrier_id uuid not null references carrier (id),
      file_name text,
      parcels integer not null,
      imported_by uuid,
      imported_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table parcel (
      id uuid primary key,
      carrier_id uuid not null references carrier (id),
      tracking_code text not null check (length(tracking_code) between 1 and 40),
      source text not null check (source in ('order', 'manifest')),
      order_id uuid unique,
      manifest_id uuid references manifest (id),
      recipient_name text not null,
      phone text not null,
      village_code text references org_unit (code),
      address_text text,
      pickup_point_id uuid references pickup_point (id),
      -- The village's path when known, the province's while the address waits to be settled.
      path ltree not null,
      province_code text not null,
      cod_amount bigint not null check (cod_amount between 0 and 50000000),
      weight_grams integer not null check (weight_grams between 1 and 50000),
      window_start smallint not null check (window_start between 0 and 1440),
      window_end smallint not null check (window_end between 0 and 1440 and window_end > window_start),
      due_on date not null,
      state text not null default 'received' check (state in ('received', 'planned', 'out_for_delivery', 'delivered', 'failed', 'returned')),
      failure_reason text check (failure_reason in ('not_home', 'refused', 'wrong_address', 'unreachable')),
      attempts smallint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (carrier_id, tracking_code),
      check ((source = 'order') = (order_id is not null)),
      check (village_code is not null or address_text is not null),
      check ((state = 'failed') = (failure_reason is not null))
    )`.execute(db);
  await sql`create index parcel_day_idx on parcel (carrier_id, due_on, state)`.execute(db);
  await sql`create index parcel_path_idx on parcel using gist (path)`.execute(db);
  await sql`create index parcel_unsettled_idx on parcel (carrier_id) where village_code is null`.execute(db);

  await sql`
    create table route_plan (
      id uuid primary key,
      carrier_id uuid not null references carrier (id),
      day date not null,
      state text not null default 'queued' check (state in ('queued', 'done', 'failed')),
      requested_by uuid,
      requested_at timestamptz not null default now(),
      finished_at timestamptz,
      solve_ms integer,
      unassigned jsonb not null default '[]'
    )`.execute(db);
  await sql`create index route_plan_day_idx on route_plan (carrier_id, day, requested_at desc)`.execute(db);

  await sql`
    create table courier_route (
      id uuid primary key,
      plan_id uuid not null references route_plan (id) on delete cascade,
      courier_account_id uuid not null references account (id),
      hub_id uuid not null references hub (id),
      distance_m integer not null,
      returns_at smallint not null
    )`.execute(db);

  await sql`
    create table route_stop (
      route_id uuid not null references courier_route (id) on delete cascade,
      position smallint not null,
      parcel_id uuid not null references parcel (id),
      arrives_at smallint not null,
      primary key (route_id, position)
    )`.execute(db);
  await sql`create index route_stop_parcel_idx on route_stop (parcel_id)`.execute(db);

  await sql`
    create table delivery_event (
      id uuid primary key,
      parcel_id uuid not null references parcel (id),
      courier_account_id uuid references account (id),
      kind text not null check (kind in ('out_for_delivery', 'delivered', 'failed', 'returned')),
      failure_reason text check (failure_reason in ('not_home', 'refused', 'wrong_address', 'unreachable')),
      payment text check (payment in ('cash', 'transfer')),
      cod_collected bigint not null default 0 check (cod_collected >= 0),
      village_code text references org_unit (code),
      occurred_at timestamptz not null,
      recorded_at timestamptz not null default now(),
      check ((kind = 'failed') = (failure_reason is not null))
    )`.execute(db);
  await sql`create index delivery_event_parcel_idx on delivery_event (parcel_id, occurred_at)`.execute(db);
  await sql`create index delivery_event_village_idx on delivery_event (village_code, occurred_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['delivery_event', 'route_stop', 'courier_route', 'route_plan', 'parcel', 'manifest', 'pickup_point', 'courier', 'hub']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`alter table role_assignment drop constraint role_assignment_carrier_check`.execute(db);
  await sql`alter table role_assignment drop column carrier_id`.execute(db);
  await sql`alter table role_assignment drop constraint role_assignment_role_check`.execute(db);
  await sql`
    alter table role_assignment add constraint role_assignment_role_check
      check (role in ('province_admin', 'commune_officer', 'team_member', 'telecom_operator', 'seller', 'courier'))`.execute(db);
  await sql`drop table if exists carrier`.execute(db);
}
