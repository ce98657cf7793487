import { sql, type Kysely } from 'kysely';

/**
 * The foundation: territory, coverage, households, accounts, audit.
 * Every fact table carries `province_code` so the schema can later be distributed by province
 * (Citus) without a redesign. SQL stays within PostgreSQL 15 (the oldest server we support).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists ltree`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table org_unit (
      code text primary key,
      parent_code text references org_unit (code),
      level smallint not null check (level between 1 and 3),
      kind text not null check (kind in ('tinh', 'xa', 'phuong', 'thon', 'ban', 'khoi_pho')),
      name text not null check (length(name) between 1 and 120),
      full_name text not null,
      name_en text,
      search_name text not null,
      path ltree not null unique,
      province_code text not null,
      is_demo boolean not null default false,
      area_km2 numeric(10, 2),
      population integer check (population >= 0),
      latitude numeric(8, 5),
      longitude numeric(8, 5),
      ethnic_groups text[] not null default '{}',
      details jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index org_unit_path_idx on org_unit using gist (path)`.execute(db);
  await sql`create index org_unit_parent_idx on org_unit (parent_code, name)`.execute(db);
  await sql`create index org_unit_search_idx on org_unit using gin (search_name gin_trgm_ops)`.execute(db);

  await sql`
    create table operator (
      code text primary key check (code ~ '^[a-z0-9_]{2,32}$'),
      name text not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table mobile_coverage (
      id uuid primary key,
      province_code text not null,
      village_code text not null references org_unit (code),
      operator_code text not null references operator (code),
      technology text not null check (technology in ('2G', '3G', '4G', '5G')),
      quality text not null check (quality in ('none', 'unstable', 'stable')),
      observed_on date not null,
      note text,
      recorded_at timestamptz not null default now(),
      recorded_by uuid,
      unique (village_code, operator_code, technology, observed_on)
    )`.execute(db);

  await sql`
    create table fixed_broadband (
      id uuid primary key,
      province_code text not null,
      village_code text not null references org_unit (code),
      operator_code text not null references operator (code),
      fiber_reaches boolean not null,
      ftth_available boolean not null,
      observed_on date not null,
      note text,
      recorded_at timestamptz not null default now(),
      recorded_by uuid,
      unique (village_code, operator_code, observed_on),
      check (fiber_reaches or not ftth_available)
    )`.execute(db);

  await sql`
    create table commune_fiber (
      id uuid primary key,
      province_code text not null,
      commune_code text not null references org_unit (code),
      operator_code text not null references operator (code),
      has_point_of_presence boolean not null,
      observed_on date not null,
      recorded_at timestamptz not null default now(),
      recorded_by uuid,
      unique (commune_code, operator_code, observed_on)
    )`.execute(db);

  await sql`
    create table subscriber_report (
      id uuid primary key,
      province_code text not null,
      org_unit_code text not null references org_unit (code),
      operator_code text not null references operator (code),
      reported_on date not null,
      smartphone_subscribers integer not null check (smartphone_subscribers >= 0),
      recorded_at timestamptz not null default now(),
      unique (org_unit_code, operator_code, reported_on)
    )`.execute(db);

  await sql`
    create table household (
      id uuid primary key,
      province_code text not null,
      village_code text not null references org_unit (code),
      label text not null check (length(label) between 1 and 60),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      archived_at timestamptz,
      unique (village_code, label)
    )`.execute(db);

  await sql`
    create table household_survey (
      id uuid primary key,
      province_code text not null,
      household_id uuid not null references household (id),
      village_code text not null,
      surveyed_on date not null,
      members smallint not null check (members between 1 and 60),
      adults smallint not null check (adults >= 0 and adults <= members),
      smartphone_owners smallint not null check (smartphone_owners >= 0 and smartphone_owners <= members),
      epay_adults smallint not null check (epay_adults >= 0 and epay_adults <= adults),
      home_ftth boolean not null,
      vneid_users smallint not null check (vneid_users >= 0 and vneid_users <= smartphone_owners),
      ehealth_users smallint not null check (ehealth_users >= 0 and ehealth_users <= smartphone_owners),
      banking_users smallint not null check (banking_users >= 0 and banking_users <= smartphone_owners),
      recorded_at timestamptz not null default now(),
      recorded_by uuid,
      unique (household_id, surveyed_on)
    )`.execute(db);
  await sql`create index household_survey_village_idx on household_survey (village_code, surveyed_on)`.execute(db);

  await sql`
    create table account (
      id uuid primary key,
      username text not null unique check (username ~ '^[a-z0-9._-]{3,40}$'),
      display_name text not null,
      password_hash text not null,
      must_change_password boolean not null default false,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`.execute(db);

  await sql`
    create table role_assignment (
      id uuid primary key,
      account_id uuid not null references account (id) on delete cascade,
      role text not null check (role in ('province_admin', 'commune_officer', 'team_member', 'telecom_operator', 'seller', 'courier')),
      org_unit_code text not null references org_unit (code),
      scope_path ltree not null,
      province_code text not null,
      created_at timestamptz not null default now(),
      unique (account_id, role, org_unit_code)
    )`.execute(db);

  await sql`
    create table session (
      token_hash text primary key,
      account_id uuid not null references account (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);

  await sql`
    create table audit_entry (
      id uuid primary key,
      at timestamptz not null default now(),
      actor_id uuid,
      actor_name text,
      action text not null,
      entity text not null,
      entity_id text,
      org_unit_code text,
      province_code text,
      outcome text not null check (outcome in ('ok', 'denied')),
      before jsonb,
      after jsonb
    )`.execute(db);
  await sql`create index audit_entry_at_idx on audit_entry (at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_entry',
    'session',
    'role_assignment',
    'account',
    'household_survey',
    'household',
    'subscriber_report',
    'commune_fiber',
    'fixed_broadband',
    'mobile_coverage',
    'operator',
    'org_unit',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
