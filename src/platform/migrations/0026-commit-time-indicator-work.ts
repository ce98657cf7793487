import { sql, type Kysely } from 'kysely';

/**
 * The work every indicator write shares, done at its commit instead of from its first statement
 * (docs/decisions/0052-province-values-at-commit.md):
 *
 * - The read-version counters (migration 0005) are bumped by a deferred trigger at COMMIT. Before,
 *   a write took the counter's row lock at its first statement and held it to its commit, so every
 *   write of indicator values waited for the one before to finish all its round trips.
 * - A write's changes to the units above its leaves (the commune's, the district's, the province's
 *   values, which every write adds to) are noted in `value_delta` and folded into `data_value` by
 *   the same trigger: the province's rows are held for the commit's own few milliseconds, not from
 *   the write's statement to its commit. The sums stay exact at every commit.
 * - The units and periods a fold changed are noted in `validation_recheck`, for the validation
 *   rules to be checked there after the commit (a fold cannot run the rules, which are compiled by
 *   the application).
 * - A rebuild holds off the writers of indicator values with an advisory lock they take shared at
 *   their first write (it took the counter's row lock before).
 *
 * `commit_marker` and `value_delta` never hold a committed row: the trigger deletes a transaction's
 * own rows before it commits. Unlogged, so their churn writes no WAL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unlogged table commit_marker (noted_at timestamptz not null default now())`.execute(db);
  await sql`
    create unlogged table value_delta (
      data_element text not null,
      period text not null,
      org_unit_code text not null,
      province_code text not null,
      value numeric not null,
      leaves integer not null
    )`.execute(db);
  await sql`
    create table validation_recheck (
      org_unit_code text not null,
      period text not null,
      primary key (org_unit_code, period)
    )`.execute(db);

  // Replaces migration 0005's body; every trigger that calls it (0005, 0007) now notes its
  // counters for the commit. Once per transaction the commit's marker row is written, and a writer
  // of indicator values takes the rebuild's lock shared. Flags are transaction-local settings,
  // undone with the (sub)transaction that set them, as the marker row and the lock are.
  await sql`
    create or replace function bump_read_version() returns trigger language plpgsql as $$
    declare
      counter text;
    begin
      foreach counter in array tg_argv loop
        if coalesce(current_setting('banso.bump_' || counter, true), '') <> 'yes' then
          perform set_config('banso.bump_' || counter, 'yes', true);
          if counter = 'indicator_values' then
            -- The two-key form: apart from the one-key locks of the leaves (data-value.repository.ts).
            perform pg_advisory_xact_lock_shared(2026, 52);
          end if;
        end if;
      end loop;
      if tg_table_name = 'value_delta' then
        perform set_config('banso.fold_value_deltas', 'yes', true);
      end if;
      if coalesce(current_setting('banso.commit_marker', true), '') <> 'yes' then
        perform set_config('banso.commit_marker', 'yes', true);
        insert into commit_marker default values;
      end if;
      return null;
    end $$`.execute(db);

  await sql`
    create function finish_commit_work() returns trigger language plpgsql as $$
    declare
      elements text[];
      periods text[];
      units text[];
      provinces text[];
      amounts numeric[];
      counts integer[];
      counter text;
    begin
      delete from commit_marker;
      if coalesce(current_setting('banso.fold_value_deltas', true), '') = 'yes' then
        -- Only this transaction's rows are visible uncommitted, and no other's are ever committed.
        -- Sorted, so two commits lock the province's rows in the same order and cannot deadlock.
        with taken as (delete from value_delta returning *),
        summed as (
          select data_element, period, org_unit_code, province_code, sum(value) as value, sum(leaves)::int as leaves
          from taken group by data_element, period, org_unit_code, province_code
        )
        select array_agg(data_element order by data_element, period, org_unit_code, province_code),
          array_agg(period order by data_element, period, org_unit_code, province_code),
          array_agg(org_unit_code order by data_element, period, org_unit_code, province_code),
          array_agg(province_code order by data_element, period, org_unit_code, province_code),
          array_agg(value order by data_element, period, org_unit_code, province_code),
          array_agg(leaves order by data_element, period, org_unit_code, province_code)
        into elements, periods, units, provinces, amounts, counts
        from summed;
        if elements is not null then
          insert into data_value (data_element, period, org_unit_code, province_code, value, leaves)
          select * from unnest(elements, periods, units, provinces, amounts, counts)
          on conflict (data_element, period, org_unit_code, province_code) do update
            set value = data_value.value + excluded.value, leaves = data_value.leaves + excluded.leaves, updated_at = now();
          -- A value no leaf holds any more (null is not zero).
          delete from data_value d
          using unnest(elements, periods, units, provinces) as k(data_element, period, org_unit_code, province_code)
          where d.data_element = k.data_element and d.period = k.period and d.org_unit_code = k.org_unit_code
            and d.province_code = k.province_code and d.leaves = 0;
          insert into validation_recheck (org_unit_code, period)
          select distinct org_unit_code, period from unnest(units, periods) as k(org_unit_code, period)
          order by org_unit_code, period
          on conflict do nothing;
        end if;
      end if;
      -- In the counters' order, so two commits cannot deadlock on them.
      for counter in select name from read_version order by name loop
        if coalesce(current_setting('banso.bump_' || counter, true), '') = 'yes' then
          update read_version set version = version + 1 where name = counter;
        end if;
      end loop;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger commit_marker_finishes after insert on commit_marker
    deferrable initially deferred for each row execute function finish_commit_work()`.execute(db);
  await sql`
    create trigger value_delta_bumps_read_version before insert on value_delta
    for each statement execute function bump_read_version('indicator_values')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists value_delta_bumps_read_version on value_delta`.execute(db);
  await sql`drop trigger if exists commit_marker_finishes on commit_marker`.execute(db);
  await sql`drop function if exists finish_commit_work()`.execute(db);
  await sql`drop table if exists validation_recheck`.execute(db);
  await sql`drop table if exists value_delta`.execute(db);
  await sql`drop table if exists commit_marker`.execute(db);
  await sql`
    create or replace function bump_read_version() returns trigger language plpgsql as $$
    declare
      counter text;
    begin
      foreach counter in array tg_argv loop
        if coalesce(current_setting('banso.bumped_' || counter, true), '') <> 'yes' then
          update read_version set version = version + 1 where name = counter;
          perform set_config('banso.bumped_' || counter, 'yes', true);
        end if;
      end loop;
      return null;
    end $$`.execute(db);
}
