import { sql, type Kysely } from 'kysely';

/**
 * Community digital teams, their trainings and support visits, and the field app's sync log.
 *
 * Pull cursors: rows a phone pulls carry `change_txid`, the id of the transaction that last wrote
 * them. A pull only hands out rows of transactions older than every transaction still running
 * (`pg_snapshot_xmin`), so a row committed late, out of order, can never fall behind a cursor the
 * way it can with `updated_at` or a sequence (docs/decisions/0007-field-sync.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function touch_change_txid() returns trigger language plpgsql as $$
    begin
      new.change_txid := pg_current_xact_id();
      return new;
    end $$`.execute(db);

  await sql`alter table household add column change_txid xid8 not null default pg_current_xact_id()`.execute(db);
  await sql`create index household_change_idx on household (village_code, change_txid)`.execute(db);
  await sql`create trigger household_change before update on household for each row execute function touch_change_txid()`.execute(db);

  await sql`
    create table team (
      id uuid primary key,
      province_code text not null,
      village_code text not null unique references org_unit (code),
      name text not null check (length(name) between 1 and 120),
      contact_phone text check (contact_phone ~ '^0[0-9]{9}$'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      change_txid xid8 not null default pg_current_xact_id()
    )`.execute(db);
  await sql`create trigger team_change before update on team for each row execute function touch_change_txid()`.execute(db);

  await sql`
    create table team_member (
      id uuid primary key,
      team_id uuid not null references team (id),
      province_code text not null,
      village_code text not null,
      display_name text not null check (length(display_name) between 1 and 80),
      sex text not null check (sex in ('female', 'male')),
      is_leader boolean not null default false,
      joined_on date not null,
      trained_on date,
      left_on date,
      account_id uuid references account (id),
      created_at timestamptz not null default now(),
      change_txid xid8 not null default pg_current_xact_id(),
      check (left_on is null or left_on >= joined_on)
    )`.execute(db);
  await sql`create index team_member_team_idx on team_member (team_id)`.execute(db);
  await sql`create index team_member_village_idx on team_member (village_code)`.execute(db);
  await sql`create unique index team_member_one_leader_idx on team_member (team_id) where is_leader and left_on is null`.execute(db);
  await sql`create trigger team_member_change before update on team_member for each row execute function touch_change_txid()`.execute(db);

  // Append-only: a training or a visit is a fact. Ids come from the phone (UUIDv7), so a replayed
  // upload finds the row it already wrote.
  await sql`
    create table training (
      id uuid primary key,
      province_code text not null,
      village_code text not null references org_unit (code),
      held_on date not null,
      topic text not null,
      place text not null check (length(place) between 1 and 200),
      trainer text not null check (length(trainer) between 1 and 120),
      attendees integer not null check (attendees between 1 and 1000),
      attendees_female integer not null check (attendees_female >= 0),
      attendees_male integer not null check (attendees_male >= 0),
      attendees_under_15 integer not null check (attendees_under_15 >= 0),
      attendees_15_to_29 integer not null check (attendees_15_to_29 >= 0),
      attendees_30_to_59 integer not null check (attendees_30_to_59 >= 0),
      attendees_60_plus integer not null check (attendees_60_plus >= 0),
      attendees_by_ethnic_group jsonb,
      recorded_by uuid,
      recorded_at timestamptz not null default now(),
      change_txid xid8 not null default pg_current_xact_id(),
      check (attendees_female + attendees_male = attendees),
      check (attendees_under_15 + attendees_15_to_29 + attendees_30_to_59 + attendees_60_plus = attendees)
    )`.execute(db);
  await sql`create index training_village_idx on training (village_code, held_on)`.execute(db);
  await sql`create index training_change_idx on training (village_code, change_txid)`.execute(db);

  await sql`
    create table support_visit (
      id uuid primary key,
      province_code text not null,
      village_code text not null references org_unit (code),
      household_id uuid not null references household (id),
      visited_on date not null,
      vneid_level1 smallint not null default 0 check (vneid_level1 >= 0),
      vneid_level2 smallint not null default 0 check (vneid_level2 >= 0),
      ehealth smallint not null default 0 check (ehealth >= 0),
      banking_app smallint not null default 0 check (banking_app >= 0),
      epay_account smallint not null default 0 check (epay_account >= 0),
      scam_awareness smallint not null default 0 check (scam_awareness >= 0),
      other smallint not null default 0 check (other >= 0),
      residents_guided smallint not null check (residents_guided between 0 and 60),
      note text check (length(note) <= 500),
      recorded_by uuid,
      recorded_at timestamptz not null default now(),
      change_txid xid8 not null default pg_current_xact_id()
    )`.execute(db);
  await sql`create index support_visit_village_idx on support_visit (village_code, visited_on)`.execute(db);
  await sql`create index support_visit_household_idx on support_visit (household_id)`.execute(db);
  await sql`create index support_visit_change_idx on support_visit (village_code, change_txid)`.execute(db);

  await sql`
    create table sync_device (
      id uuid primary key,
      account_id uuid not null references account (id),
      province_code text not null,
      village_code text,
      app_version text,
      first_seen_at timestamptz not null default now(),
      last_sync_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index sync_device_village_idx on sync_device (village_code, last_sync_at)`.execute(db);

  // Every mutation a phone sent, by its own id: a replay returns the stored outcome. Rejected and
  // conflicting ones stay here, unresolved, until a person fixes them: nothing is dropped silently.
  await sql`
    create table sync_mutation (
      id uuid primary key,
      account_id uuid not null references account (id),
      device_id uuid,
      province_code text not null,
      village_code text,
      kind text not null,
      payload jsonb not null,
      status text not null check (status in ('applied', 'rejected', 'conflict')),
      result jsonb,
      received_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by uuid,
      resolution text check (resolution in ('kept_server', 'applied_phone', 'fixed_by_phone'))
    )`.execute(db);
  await sql`create index sync_mutation_open_idx on sync_mutation (village_code, received_at) where status <> 'applied' and resolved_at is null`.execute(db);
  await sql`create index sync_mutation_account_idx on sync_mutation (account_id, received_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sync_mutation', 'sync_device', 'support_visit', 'training', 'team_member', 'team']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop trigger if exists household_change on household`.execute(db);
  await sql`alter table household drop column if exists change_txid`.execute(db);
  await sql`drop function if exists touch_change_txid()`.execute(db);
}
