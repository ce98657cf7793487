import { sql, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { SupportVisitTable, TrainingTable } from './teams.tables.ts';
import { arrayLiteral } from '../platform/sql-arrays.ts';
import { VISIT_ACTIVITIES, type Attendees, type Training, type Visit, type VisitActivityCode } from './fieldwork.rules.ts';
import type { RecordedSupportVisit, RecordedTraining } from './team-bulk.repository.ts';

export type VisitRow = Selectable<SupportVisitTable> & { household_label: string };
export type TrainingRow = Selectable<TrainingTable>;

export interface Period {
  from: string;
  to: string;
}

const visits = (db: Db) => db.selectFrom('support_visit as v').innerJoin('household as h', 'h.id', 'v.household_id');
const withLabel = (db: Db) => visits(db).selectAll('v').select('h.label as household_label');

export function findVisit(db: Db, id: string): Promise<VisitRow | undefined> {
  return withLabel(db).where('v.id', '=', id).executeTakeFirst();
}

/** A visit as its row is written: each activity's people in the column of the same name, the others none. */
export function visitRow(
  household: { id: string; province_code: string; village_code: string },
  visit: Visit & { id: string },
  recordedBy: string | null,
): RecordedSupportVisit {
  const people = new Map(visit.activities.map((a) => [a.code, a.people]));
  const counts = Object.fromEntries(VISIT_ACTIVITIES.map((code) => [code, people.get(code) ?? 0])) as Record<VisitActivityCode, number>;
  return {
    id: visit.id,
    province_code: household.province_code,
    village_code: household.village_code,
    household_id: household.id,
    visited_on: visit.visitedOn,
    ...counts,
    residents_guided: visit.residentsGuided,
    note: visit.note || null,
    recorded_by: recordedBy,
  };
}

/**
 * Of these visit and training ids, those recorded already, with the household of each visit and the
 * village of each training: one statement for a whole batch.
 */
export async function findRecordedFieldwork(
  db: Db,
  visitIds: readonly string[],
  trainingIds: readonly string[],
): Promise<{ visitHouseholds: Map<string, string>; trainingVillages: Map<string, string> }> {
  const recorded = { visitHouseholds: new Map<string, string>(), trainingVillages: new Map<string, string>() };
  if (visitIds.length === 0 && trainingIds.length === 0) return recorded;
  const { rows } = await sql<{ kind: 'visit' | 'training'; id: string; owner: string }>`
    select 'visit' as kind, id, household_id::text as owner from support_visit where id = any(${arrayLiteral(visitIds)}::uuid[])
    union all
    select 'training', id, village_code from training where id = any(${arrayLiteral(trainingIds)}::uuid[])`.execute(db);
  for (const row of rows) (row.kind === 'visit' ? recorded.visitHouseholds : recorded.trainingVillages).set(row.id, row.owner);
  return recorded;
}

export async function listVisits(
  db: Db,
  villageCode: string,
  period: Period,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: VisitRow[] }> {
  const inPeriod = visits(db).where('v.village_code', '=', villageCode).where('v.visited_on', '>=', period.from).where('v.visited_on', '<=', period.to);
  const [items, total] = await Promise.all([
    inPeriod
      .selectAll('v')
      .select('h.label as household_label')
      .orderBy('v.visited_on', 'desc')
      .orderBy('v.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    inPeriod.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items };
}

export function findTraining(db: Db, id: string): Promise<TrainingRow | undefined> {
  return db.selectFrom('training').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A training as its row is written. */
export function trainingRow(
  village: { code: string; province_code: string },
  training: Training & { id: string },
  recordedBy: string | null,
): RecordedTraining {
  const { total, female, male, byAge, byEthnicGroup } = training.attendees;
  return {
    id: training.id,
    province_code: village.province_code,
    village_code: village.code,
    held_on: training.heldOn,
    topic: training.topic,
    place: training.place,
    trainer: training.trainer,
    attendees: total,
    attendees_female: female,
    attendees_male: male,
    attendees_under_15: byAge.under15,
    attendees_15_to_29: byAge.from15to29,
    attendees_30_to_59: byAge.from30to59,
    attendees_60_plus: byAge.from60,
    attendees_by_ethnic_group: byEthnicGroup && Object.keys(byEthnicGroup).length > 0 ? byEthnicGroup : null,
    recorded_by: recordedBy,
  };
}

export function toAttendees(row: TrainingRow): Attendees {
  return {
    total: row.attendees,
    female: row.attendees_female,
    male: row.attendees_male,
    byAge: { under15: row.attendees_under_15, from15to29: row.attendees_15_to_29, from30to59: row.attendees_30_to_59, from60: row.attendees_60_plus },
    byEthnicGroup: row.attendees_by_ethnic_group,
  };
}

export async function listTrainings(
  db: Db,
  villageCode: string,
  period: Period,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: TrainingRow[] }> {
  const base = db.selectFrom('training').where('village_code', '=', villageCode).where('held_on', '>=', period.from).where('held_on', '<=', period.to);
  const [items, total] = await Promise.all([
    base.selectAll().orderBy('held_on', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items };
}

export interface VillageFieldworkYear {
  org_unit_code: string;
  year: number;
  /** Members at the year's end (joined by then, not left by then), and of them those trained by then. */
  members: number;
  trained: number;
  trainings: number;
  attendees: number;
  /** Residents guided on visits, plus attendees of trainings on `guidanceTopics`. */
  guided: number;
  visits: number;
  households_visited: number;
}

/**
 * Per village and year, the team's strength at the year's end and its work within the year; a
 * village-year appears when it had a member, a training or a visit.
 */
export async function summariseFieldwork(
  db: Db,
  years: readonly number[],
  villages: readonly string[] | undefined,
  guidanceTopics: readonly string[],
): Promise<VillageFieldworkYear[]> {
  const first = Math.min(...years);
  const last = Math.max(...years);
  const inVillages = (column: string) => (villages ? sql`and ${sql.ref(column)} = any(${[...villages]}::text[])` : sql``);
  const { rows } = await sql<VillageFieldworkYear>`
    with year_end as (
      select y as year, make_date(y, 12, 31) as last_day from unnest(${[...years]}::int[]) as y
    ),
    work as (
      select m.village_code, e.year, 1 as members, case when m.trained_on <= e.last_day then 1 else 0 end as trained,
        0 as trainings, 0 as attendees, 0 as guided, 0 as visits, null::uuid as household_id
      from team_member m
      join year_end e on m.joined_on <= e.last_day and (m.left_on is null or m.left_on > e.last_day)
      where true ${inVillages('m.village_code')}
      union all
      select t.village_code, extract(year from t.held_on)::int, 0, 0, 1, t.attendees, case when t.topic = any(${[...guidanceTopics]}::text[]) then t.attendees else 0 end, 0, null
      from training t
      where t.held_on between make_date(${first}::int, 1, 1) and make_date(${last}::int, 12, 31) ${inVillages('t.village_code')}
      union all
      select v.village_code, extract(year from v.visited_on)::int, 0, 0, 0, 0, v.residents_guided, 1, v.household_id
      from support_visit v
      where v.visited_on between make_date(${first}::int, 1, 1) and make_date(${last}::int, 12, 31) ${inVillages('v.village_code')}
    )
    select village_code as org_unit_code, year,
      sum(members)::int as members,
      sum(trained)::int as trained,
      sum(trainings)::int as trainings,
      sum(attendees)::int as attendees,
      sum(guided)::int as guided,
      sum(visits)::int as visits,
      count(distinct household_id)::int as households_visited
    from work
    where year = any(${[...years]}::int[])
    group by village_code, year`.execute(db);
  return rows;
}

export interface VillageFieldworkSubYear {
  org_unit_code: string;
  year: number;
  /** One of the two is set: the row is a quarter's (1–4) or a month's (1–12). */
  quarter: number | null;
  month: number | null;
  trainings: number;
  attendees: number;
  guided: number;
  visits: number;
  households_visited: number;
}

/**
 * Per village, the team's work within each quarter and each month of these years: the flows of
 * `summariseFieldwork`, dated by day. Both groupings come from one scan; households visited are
 * counted distinct within each period, so three months may add up to more than their quarter.
 * A village-period appears when it had a training or a visit.
 */
export async function summariseFieldworkBySubYear(
  db: Db,
  years: readonly number[],
  villages: readonly string[] | undefined,
  guidanceTopics: readonly string[],
): Promise<VillageFieldworkSubYear[]> {
  const first = Math.min(...years);
  const last = Math.max(...years);
  const inVillages = (column: string) => (villages ? sql`and ${sql.ref(column)} = any(${[...villages]}::text[])` : sql``);
  const { rows } = await sql<VillageFieldworkSubYear>`
    with work as (
      select t.village_code, t.held_on as day, 1 as trainings, t.attendees, case when t.topic = any(${[...guidanceTopics]}::text[]) then t.attendees else 0 end as guided, 0 as visits, null::uuid as household_id
      from training t
      where t.held_on between make_date(${first}::int, 1, 1) and make_date(${last}::int, 12, 31) ${inVillages('t.village_code')}
      union all
      select v.village_code, v.visited_on, 0, 0, v.residents_guided, 1, v.household_id
      from support_visit v
      where v.visited_on between make_date(${first}::int, 1, 1) and make_date(${last}::int, 12, 31) ${inVillages('v.village_code')}
    ),
    dated as (
      select *, extract(year from day)::int as y, extract(quarter from day)::int as q, extract(month from day)::int as m from work
    )
    select village_code as org_unit_code, y as year, case when grouping(q) = 0 then q end as quarter, case when grouping(m) = 0 then m end as month,
      sum(trainings)::int as trainings,
      sum(attendees)::int as attendees,
      sum(guided)::int as guided,
      sum(visits)::int as visits,
      count(distinct household_id)::int as households_visited
    from dated
    where y = any(${[...years]}::int[])
    group by village_code, y, grouping sets ((q), (m))`.execute(db);
  return rows;
}

/**
 * Households of a village visited between two days with no survey in the visits' year (or only
 * after being archived): the visits count them, the survey count does not.
 */
export async function listVisitedWithoutSurvey(db: Db, villageCode: string, period: { from: string; to: string }) {
  const { rows } = await sql<{ id: string; label: string; visits: number; last_visited_on: string }>`
    select h.id, h.label, count(*)::int as visits, max(v.visited_on)::text as last_visited_on
    from support_visit v
    join household h on h.id = v.household_id
    where v.village_code = ${villageCode} and v.visited_on between ${period.from}::date and ${period.to}::date
      and not exists (
        select 1 from household_survey s
        where s.household_id = h.id
          and extract(year from s.surveyed_on) = extract(year from v.visited_on)
          and (h.archived_at is null or s.surveyed_on < (h.archived_at at time zone 'Asia/Ho_Chi_Minh')::date)
      )
    group by h.id, h.label
    order by h.id
    limit 500`.execute(db);
  return rows;
}
