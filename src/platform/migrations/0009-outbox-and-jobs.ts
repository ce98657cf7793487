import { sql, type Kysely } from 'kysely';

/**
 * The transactional outbox and the job table (docs/decisions/0016). An event is written in the
 * transaction of the change it tells about and handed to each handler at least once; a delivery
 * row per (event, handler) keeps a handler that succeeded from running again when another failed.
 * A job is claimed with a lease (`locked_until`), so the job of a process that died is claimed
 * again once its lease runs out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outbox_event (
      id uuid primary key,
      topic text not null,
      payload jsonb not null,
      province_code text not null,
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      handled_at timestamptz,
      last_error text
    )`.execute(db);
  await sql`create index outbox_event_due_idx on outbox_event (next_attempt_at) where handled_at is null`.execute(db);
  await sql`
    create table outbox_delivery (
      event_id uuid not null references outbox_event (id) on delete cascade,
      handler text not null,
      handled_at timestamptz not null default now(),
      primary key (event_id, handler)
    )`.execute(db);

  await sql`
    create table job (
      id uuid primary key,
      name text not null,
      payload jsonb not null default '{}',
      province_code text not null,
      state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
      attempts integer not null default 0,
      max_attempts integer not null check (max_attempts > 0),
      run_at timestamptz not null default now(),
      locked_until timestamptz,
      locked_by text,
      unique_key text unique,
      last_error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`create index job_queued_idx on job (run_at) where state = 'queued'`.execute(db);
  await sql`create index job_running_idx on job (locked_until) where state = 'running'`.execute(db);
  await sql`create index job_state_idx on job (province_code, state, created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['job', 'outbox_delivery', 'outbox_event']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
