import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { NeedCounts } from './team-activity.rules.ts';

/**
 * The figures of the commune and province activity views, each grouped by the unit one level
 * below the one asked about. Every fact row carries its village, and a village's path holds its
 * ancestors' codes, so "which child does this row belong to" is one label of the path: no join
 * up the tree, the same on both engines.
 */
export interface Scope {
  /** The ltree path of the unit asked about. */
  path: string;
  /** Which label of a village's path names the group: the child's level - 1 (0 is the province). */
  groupLabel: number;
}

const groupOf = (scope: Scope, alias: string): RawBuilder<string> =>
  sql<string>`ltree2text(subpath(${sql.ref(`${alias}.path`)}, ${sql.lit(scope.groupLabel)}, 1))`;
const within = (scope: Scope, alias: string) => sql<boolean>`${sql.ref(`${alias}.path`)} <@ ${scope.path}::ltree`;

/** Monday of the row's ISO week, by date arithmetic so that no session time zone can shift it. */
const mondayOf = (column: string) => sql<string>`(${sql.ref(column)} - (extract(isodow from ${sql.ref(column)})::int - 1))::text`;

export interface WeeklyRow {
  unitCode: string;
  weekStart: string;
  count: number;
}

/** Support visits and trainings per group and ISO week, between two days (both included). */
export async function countWeeklyActivity(db: Db, scope: Scope, from: string, to: string): Promise<{ visits: WeeklyRow[]; trainings: WeeklyRow[] }> {
  const visits = await sql<{ unit_code: string; week_start: string; n: number }>`
    select ${groupOf(scope, 'v')} as unit_code, ${mondayOf('s.visited_on')} as week_start, count(*)::int as n
    from support_visit s join org_unit v on v.code = s.village_code
    where ${within(scope, 'v')} and s.visited_on between ${from}::date and ${to}::date
    group by 1, 2`.execute(db);
  const trainings = await sql<{ unit_code: string; week_start: string; n: number }>`
    select ${groupOf(scope, 'v')} as unit_code, ${mondayOf('t.held_on')} as week_start, count(*)::int as n
    from training t join org_unit v on v.code = t.village_code
    where ${within(scope, 'v')} and t.held_on between ${from}::date and ${to}::date
    group by 1, 2`.execute(db);
  const present = (rows: { unit_code: string; week_start: string; n: number }[]) =>
    rows.map((r) => ({ unitCode: r.unit_code, weekStart: r.week_start, count: r.n }));
  return { visits: present(visits.rows), trainings: present(trainings.rows) };
}

export interface HouseholdNeedsRow {
  unitCode: string;
  households: number;
  lacking: NeedCounts;
}

/**
 * Households (not archived) per group, and how many still lack each service by their latest
 * survey: the SQL twin of householdNeeds (fieldwork.rules.ts), counted where the rows are.
 */
export async function countHouseholdNeeds(db: Db, scope: Scope): Promise<HouseholdNeedsRow[]> {
  const { rows } = await sql<{
    unit_code: string;
    households: number;
    smartphone: number;
    epay: number;
    vneid: number;
    ehealth: number;
    banking: number;
    fibre: number;
  }>`
    with latest as (
      select distinct on (s.household_id) ${groupOf(scope, 'v')} as unit_code,
        s.adults, s.smartphone_owners, s.epay_adults, s.home_ftth, s.vneid_users, s.ehealth_users, s.banking_users
      from household_survey s
      join household h on h.id = s.household_id
      join org_unit v on v.code = h.village_code
      where ${within(scope, 'v')} and h.archived_at is null
      order by s.household_id, s.surveyed_on desc
    )
    select unit_code, count(*)::int as households,
      count(*) filter (where smartphone_owners = 0)::int as smartphone,
      count(*) filter (where epay_adults < adults)::int as epay,
      count(*) filter (where vneid_users < smartphone_owners)::int as vneid,
      count(*) filter (where ehealth_users < smartphone_owners)::int as ehealth,
      count(*) filter (where banking_users < smartphone_owners)::int as banking,
      count(*) filter (where not home_ftth)::int as fibre
    from latest
    group by unit_code`.execute(db);
  return rows.map((r) => ({
    unitCode: r.unit_code,
    households: r.households,
    lacking: { smartphone: r.smartphone, epay: r.epay, vneid: r.vneid, ehealth: r.ehealth, banking: r.banking, fibre: r.fibre },
  }));
}

export interface CountRow {
  unitCode: string;
  count: number;
}

/** Team members on the teams today (joined, not left) per group, and how many of them are trained. */
export async function countTeamMembers(db: Db, scope: Scope, today: string): Promise<{ unitCode: string; members: number; trained: number }[]> {
  const { rows } = await sql<{ unit_code: string; members: number; trained: number }>`
    select ${groupOf(scope, 'v')} as unit_code, count(*)::int as members, count(*) filter (where m.trained_on <= ${today}::date)::int as trained
    from team_member m join org_unit v on v.code = m.village_code
    where ${within(scope, 'v')} and m.joined_on <= ${today}::date and (m.left_on is null or m.left_on > ${today}::date)
    group by 1`.execute(db);
  return rows.map((r) => ({ unitCode: r.unit_code, members: r.members, trained: r.trained }));
}

/**
 * Rejected and conflicting phone changes nobody has resolved yet, per group. A change that names
 * no village cannot be placed in the tree and is left to the sync module's own list.
 */
export async function countNeedsAttention(db: Db, scope: Scope): Promise<CountRow[]> {
  const { rows } = await sql<{ unit_code: string; n: number }>`
    select ${groupOf(scope, 'v')} as unit_code, count(*)::int as n
    from sync_mutation m join org_unit v on v.code = m.village_code
    where ${within(scope, 'v')} and m.status in ('rejected', 'conflict') and m.resolved_at is null
    group by 1`.execute(db);
  return rows.map((r) => ({ unitCode: r.unit_code, count: r.n }));
}

/** Phones that have not synced since `syncedBefore`, per group (as the sync module's device list counts them). */
export async function countStaleDevices(db: Db, scope: Scope, syncedBefore: Date): Promise<CountRow[]> {
  const { rows } = await sql<{ unit_code: string; n: number }>`
    select ${groupOf(scope, 'v')} as unit_code, count(*)::int as n
    from sync_device d join org_unit v on v.code = d.village_code
    where ${within(scope, 'v')} and d.last_sync_at <= ${syncedBefore}
    group by 1`.execute(db);
  return rows.map((r) => ({ unitCode: r.unit_code, count: r.n }));
}

/** The days of the subtree's latest visit and latest training, whenever they were: tells an empty window from an idle team. */
export async function findLastActivity(db: Db, scope: Scope): Promise<{ visit: string | null; training: string | null }> {
  const { rows } = await sql<{ visit: string | null; training: string | null }>`
    select
      (select max(s.visited_on) from support_visit s join org_unit v on v.code = s.village_code where ${within(scope, 'v')})::text as visit,
      (select max(t.held_on) from training t join org_unit v on v.code = t.village_code where ${within(scope, 'v')})::text as training`.execute(db);
  return { visit: rows[0]?.visit ?? null, training: rows[0]?.training ?? null };
}
