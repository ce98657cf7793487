import { sql, type Kysely } from 'kysely';

/**
 * Coverage: each village's mobile and fibre state at the end of every year in which one of its
 * records was observed, kept by triggers in the transaction of the change. The white-spot list
 * reads the latest state up to the year asked for (one row per village) instead of the latest
 * record of every village, operator and technology: that pass took 0.3–0.7 s on PostgreSQL and
 * several seconds on PGlite, where no statistics are gathered and the planner chose nested loops.
 *
 * The state is what the list shows: the best technology with stable quality (0 when none), whether
 * any operator's fibre reaches the village, and each operator present with its best technology
 * (stable first). A village with no record has no row: it lacks both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table coverage_village_state (
      village_code text not null references org_unit(code) on delete cascade,
      year int not null,
      best_stable int not null,
      fiber_reaches boolean not null,
      operators jsonb,
      primary key (village_code, year)
    )`.execute(db);
  // Recomputes the named villages whole: a record of any year can change every later year's state.
  await sql`
    create function refresh_coverage_village_state(villages text[]) returns void language sql as $$
      delete from coverage_village_state where village_code = any(villages);
      with years as (
        select village_code, extract(year from observed_on)::int as year from mobile_coverage where village_code = any(villages)
        union
        select village_code, extract(year from observed_on)::int from fixed_broadband where village_code = any(villages)
      ),
      mobile as (
        select distinct on (y.village_code, y.year, m.operator_code, m.technology) y.village_code, y.year, m.operator_code, m.technology, m.quality
        from years y join mobile_coverage m on m.village_code = y.village_code and m.observed_on <= make_date(y.year, 12, 31)
        order by y.village_code, y.year, m.operator_code, m.technology, m.observed_on desc
      ),
      fixed as (
        select distinct on (y.village_code, y.year, b.operator_code) y.village_code, y.year, b.fiber_reaches
        from years y join fixed_broadband b on b.village_code = y.village_code and b.observed_on <= make_date(y.year, 12, 31)
        order by y.village_code, y.year, b.operator_code, b.observed_on desc
      ),
      per_operator as (
        select distinct on (village_code, year, operator_code) village_code, year, operator_code, technology, quality
        from mobile where quality <> 'none'
        order by village_code, year, operator_code, (quality = 'stable') desc, technology desc
      ),
      best as (
        select village_code, year, max(substr(technology, 1, 1)::int) as best_stable
        from mobile where quality = 'stable' group by village_code, year
      ),
      fibre as (select village_code, year, bool_or(fiber_reaches) as fiber_reaches from fixed group by village_code, year),
      present as (
        select village_code, year,
          jsonb_agg(jsonb_build_object('operatorCode', operator_code, 'technology', technology, 'quality', quality) order by operator_code) as operators
        from per_operator group by village_code, year
      )
      insert into coverage_village_state (village_code, year, best_stable, fiber_reaches, operators)
      select y.village_code, y.year, coalesce(b.best_stable, 0), coalesce(f.fiber_reaches, false), p.operators
      from years y
      left join best b using (village_code, year)
      left join fibre f using (village_code, year)
      left join present p using (village_code, year);
    $$`.execute(db);
  // Statement triggers with the changed rows: a bulk load of 30,000 records refreshes once.
  await sql`
    create function coverage_village_state_after_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform refresh_coverage_village_state(array(select distinct village_code from new_rows));
      elsif tg_op = 'DELETE' then
        perform refresh_coverage_village_state(array(select distinct village_code from old_rows));
      elsif tg_op = 'UPDATE' then
        perform refresh_coverage_village_state(array(select village_code from new_rows union select village_code from old_rows));
      else
        perform refresh_coverage_village_state(array(select distinct village_code from coverage_village_state));
      end if;
      return null;
    end $$`.execute(db);
  for (const table of ['mobile_coverage', 'fixed_broadband']) {
    // One event per trigger: PostgreSQL allows transition tables only on single-event triggers.
    await sql`
      create trigger ${sql.id(`${table}_inserted_moves_village_state`)} after insert on ${sql.table(table)}
      referencing new table as new_rows for each statement execute function coverage_village_state_after_change()`.execute(db);
    await sql`
      create trigger ${sql.id(`${table}_updated_moves_village_state`)} after update on ${sql.table(table)}
      referencing old table as old_rows new table as new_rows for each statement execute function coverage_village_state_after_change()`.execute(db);
    await sql`
      create trigger ${sql.id(`${table}_deleted_moves_village_state`)} after delete on ${sql.table(table)}
      referencing old table as old_rows for each statement execute function coverage_village_state_after_change()`.execute(db);
    await sql`
      create trigger ${sql.id(`${table}_truncated_moves_village_state`)} after truncate on ${sql.table(table)}
      for each statement execute function coverage_village_state_after_change()`.execute(db);
  }
  await sql`
    select refresh_coverage_village_state(array(select village_code from mobile_coverage union select village_code from fixed_broadband))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['mobile_coverage', 'fixed_broadband']) {
    for (const change of ['inserted', 'updated', 'deleted', 'truncated']) {
      await sql`drop trigger if exists ${sql.id(`${table}_${change}_moves_village_state`)} on ${sql.table(table)}`.execute(db);
    }
  }
  await sql`drop function if exists coverage_village_state_after_change()`.execute(db);
  await sql`drop function if exists refresh_coverage_village_state(text[])`.execute(db);
  await sql`drop table if exists coverage_village_state`.execute(db);
}
