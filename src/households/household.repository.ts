import { sql, type ExpressionBuilder, type QueryCreator, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { OrgUnitRow } from '../territory/index.ts';
import type { Database } from '../platform/schema.ts';
import type { HouseholdSurveyTable, HouseholdTable } from './households.tables.ts';
import { newId } from '../platform/ids.ts';
import { arrayLiteral } from '../platform/sql-arrays.ts';
import type { Survey } from './household.schema.ts';

export type HouseholdRow = Selectable<HouseholdTable>;
type SurveyRow = Selectable<HouseholdSurveyTable>;

/** A survey's own columns: what a household answered, and when. */
export const SURVEY_COLUMNS = [
  'surveyed_on',
  'members',
  'adults',
  'smartphone_owners',
  'epay_adults',
  'home_ftth',
  'vneid_users',
  'ehealth_users',
  'banking_users',
] as const satisfies readonly (keyof SurveyRow)[];

export function toSurvey(row: Pick<SurveyRow, (typeof SURVEY_COLUMNS)[number]>): Survey {
  return {
    surveyedOn: row.surveyed_on,
    members: row.members,
    adults: row.adults,
    smartphoneOwners: row.smartphone_owners,
    epayAdults: row.epay_adults,
    homeFtth: row.home_ftth,
    vneidUsers: row.vneid_users,
    ehealthUsers: row.ehealth_users,
    bankingUsers: row.banking_users,
  };
}

/** A survey as its row's columns: the one mapping every writer of surveys uses. */
export function surveyColumns(survey: Survey) {
  return {
    surveyed_on: survey.surveyedOn,
    members: survey.members,
    adults: survey.adults,
    smartphone_owners: survey.smartphoneOwners,
    epay_adults: survey.epayAdults,
    home_ftth: survey.homeFtth,
    vneid_users: survey.vneidUsers,
    ehealth_users: survey.ehealthUsers,
    banking_users: survey.bankingUsers,
  };
}

export function findHousehold(db: Db, id: string): Promise<HouseholdRow | undefined> {
  return db.selectFrom('household').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A household and its village in one statement, as every access check of one household needs them:
 * a round trip fewer for each household write, where round trips are what a write waits for under
 * load. The unit's row comes whole, the household's columns under names of their own.
 */
export async function findHouseholdWithVillage(db: Db, id: string): Promise<{ household: HouseholdRow; village: OrgUnitRow } | undefined> {
  const row = await db
    .selectFrom('household as h')
    .innerJoin('org_unit as u', 'u.code', 'h.village_code')
    .selectAll('u')
    .select([
      'h.id as household_id',
      'h.province_code as household_province_code',
      'h.village_code as household_village_code',
      'h.label as household_label',
      'h.version as household_version',
      'h.created_at as household_created_at',
      'h.updated_at as household_updated_at',
      'h.archived_at as household_archived_at',
      'h.change_txid as household_change_txid',
    ])
    .where('h.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    household_id: householdId,
    household_province_code: provinceCode,
    household_village_code: villageCode,
    household_label: label,
    household_version: version,
    household_created_at: createdAt,
    household_updated_at: updatedAt,
    household_archived_at: archivedAt,
    household_change_txid: changeTxid,
    ...village
  } = row;
  return {
    household: {
      id: householdId,
      province_code: provinceCode,
      village_code: villageCode,
      label,
      version,
      created_at: createdAt,
      updated_at: updatedAt,
      archived_at: archivedAt,
      change_txid: changeTxid,
    },
    village,
  };
}

/** The labels of many households at once, by id (ids not found are absent). */
export async function findHouseholdLabels(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  // One array parameter, not one parameter per id: an export asks for a province's worth.
  const rows = await db
    .selectFrom('household')
    .select(['id', 'label'])
    .where(sql<boolean>`id = any(${arrayLiteral(ids)}::uuid[])`)
    .execute();
  return new Map(rows.map((row) => [row.id, row.label]));
}

export function findHouseholdByLabel(db: Db, villageCode: string, label: string): Promise<HouseholdRow | undefined> {
  return db.selectFrom('household').selectAll().where('village_code', '=', villageCode).where('label', '=', label).executeTakeFirst();
}

export async function listSurveys(db: Db, householdId: string): Promise<Survey[]> {
  const rows = await db.selectFrom('household_survey').selectAll().where('household_id', '=', householdId).orderBy('surveyed_on').execute();
  return rows.map(toSurvey);
}

/** The latest survey of the household `h` of a query, as one JSON column (`toSurvey` reads it). */
export const latestSurveyOf = (eb: ExpressionBuilder<Database & { h: HouseholdTable }, 'h'>) =>
  eb
    .selectFrom('household_survey as s')
    .whereRef('s.household_id', '=', 'h.id')
    .orderBy('s.surveyed_on', 'desc')
    .limit(1)
    .select(sql<SurveyRow>`to_jsonb(s)`.as('latest'))
    .as('latest');

/**
 * These households, each with its latest survey, by id: one statement for a whole batch. Read once
 * the caller holds their row locks, so that no survey of theirs can change before its commit.
 */
export async function findHouseholdsWithLatest(db: Db, ids: readonly string[]): Promise<Map<string, { row: HouseholdRow; latest: Survey | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('household as h')
    .selectAll('h')
    .select(latestSurveyOf)
    .where(sql<boolean>`h.id = any(${arrayLiteral([...new Set(ids)])}::uuid[])`)
    .execute();
  return new Map(rows.map(({ latest, ...row }) => [row.id, { row, latest: latest ? toSurvey(latest) : null }]));
}

/** A village's households with each one's latest survey, by label (Hộ 2 before Hộ 10). */
export async function listVillageHouseholds(
  db: Db,
  villageCode: string,
  filter: { search?: string | undefined; includeArchived: boolean },
  page: { limit: number; offset: number },
) {
  let base = db.selectFrom('household as h').where('h.village_code', '=', villageCode);
  if (!filter.includeArchived) base = base.where('h.archived_at', 'is', null);
  if (filter.search) base = base.where('h.label', 'ilike', `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [rows, total] = await Promise.all([
    base
      .selectAll('h')
      .select(latestSurveyOf)
      .orderBy(sql`length(h.label)`)
      .orderBy('h.label')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items: rows.map(({ latest, ...household }) => ({ household, latest: latest ? toSurvey(latest) : null })) };
}

/**
 * Inserts a household under the id its client made (or a new one); undefined when that id or the
 * village's label is already taken, so a concurrent twin is told apart from a fault by the caller.
 */
export async function insertHousehold(
  db: Db,
  household: { id?: string | undefined; provinceCode: string; villageCode: string; label: string },
): Promise<HouseholdRow | undefined> {
  return db
    .insertInto('household')
    .values({ id: household.id ?? newId(), province_code: household.provinceCode, village_code: household.villageCode, label: household.label })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The household row, locked until the transaction ends: writes that read its version or surveys queue behind each other. */
export function lockHousehold(db: Db, id: string): Promise<HouseholdRow | undefined> {
  return db.selectFrom('household').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Locks these households in the order of their ids, in one statement: a transaction that will
 * write several households takes them all first, so two such transactions wait for each other
 * instead of each holding one the other needs (a deadlock).
 */
export async function lockHouseholds(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .selectFrom('household')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function findLatestSurvey(db: Db, householdId: string): Promise<Survey | null> {
  const row = await db
    .selectFrom('household_survey')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy('surveyed_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toSurvey(row) : null;
}

/** Bumps the version only if the caller saw the current one: optimistic concurrency. */
export function updateHousehold(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: { label?: string; archived?: boolean },
): Promise<HouseholdRow | undefined> {
  return db
    .updateTable('household')
    .set((eb) => ({
      ...(changes.label === undefined ? {} : { label: changes.label }),
      ...(changes.archived === undefined ? {} : { archived_at: changes.archived ? sql<Date>`now()` : null }),
      version: eb('version', '+', 1),
      updated_at: sql`now()`,
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

/** A household's survey of a day inserted, or written over the one of that day, as part of a statement. */
function surveyUpsert(qb: QueryCreator<Database>, household: HouseholdRow, survey: Survey, recordedBy: string | null) {
  return qb
    .insertInto('household_survey')
    .values({
      id: newId(),
      province_code: household.province_code,
      household_id: household.id,
      village_code: household.village_code,
      recorded_by: recordedBy,
      ...surveyColumns(survey),
    })
    .onConflict((oc) => oc.columns(['household_id', 'surveyed_on']).doUpdateSet({ ...surveyColumns(survey), recorded_by: recordedBy, recorded_at: sql`now()` }))
    .returning('id');
}

/** Records a survey; a second survey on the same day replaces the first. */
export async function upsertSurvey(db: Db, household: HouseholdRow, survey: Survey, recordedBy: string | null): Promise<Survey | undefined> {
  // One statement: the select sees the table as it was before the insert beside it, so it reads
  // the survey of that day being replaced, if any.
  const previous = await db
    .with('written', (qb) => surveyUpsert(qb, household, survey, recordedBy))
    .selectFrom('household_survey')
    .selectAll()
    .where('household_id', '=', household.id)
    .where('surveyed_on', '=', survey.surveyedOn)
    .executeTakeFirst();
  return previous ? toSurvey(previous) : undefined;
}

/**
 * Records a survey and moves the household's version on, in one statement: the survey of that
 * day it replaced (read, like the rest of the statement, as the table was before it), the
 * household as it now is, and its latest survey now (the newest before, or this one).
 */
export async function upsertSurveyAndTouch(
  db: Db,
  household: HouseholdRow,
  survey: Survey,
  recordedBy: string | null,
): Promise<{ replaced: Survey | undefined; household: HouseholdRow; latest: Survey }> {
  const {
    replaced,
    latest_before: latestBefore,
    ...row
  } = await db
    .with('written', (qb) => surveyUpsert(qb, household, survey, recordedBy))
    .updateTable('household')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: sql`now()` }))
    .where('id', '=', household.id)
    .returningAll()
    .returning([
      sql<SurveyRow | null>`(select to_jsonb(s) from household_survey s where s.household_id = ${household.id} and s.surveyed_on = ${survey.surveyedOn})`.as(
        'replaced',
      ),
      sql<SurveyRow | null>`(select to_jsonb(s) from household_survey s where s.household_id = ${household.id} order by s.surveyed_on desc limit 1)`.as(
        'latest_before',
      ),
    ])
    .executeTakeFirstOrThrow();
  // An older survey filled in late is recorded but is not the household's latest.
  const latest = latestBefore && latestBefore.surveyed_on > survey.surveyedOn ? toSurvey(latestBefore) : survey;
  return { replaced: replaced ? toSurvey(replaced) : undefined, household: row, latest };
}

export interface VillageYearSummary {
  org_unit_code: string;
  year: number;
  households: number;
  residents: number;
  adults: number;
  smartphone_owners: number;
  households_with_smartphone: number;
  epay_adults: number;
  households_with_epay: number;
  households_with_ftth: number;
  vneid_users: number;
  ehealth_users: number;
  banking_users: number;
}

/**
 * Per village and year, the sums over each household's latest survey of that year. A household
 * archived later still counts for the years before it was archived.
 *
 * Shaped for a full rebuild's million rows: the years filter the surveys before the latest is
 * picked (the same, since each household-year is kept or dropped whole), which lets the planner
 * sum with a hash instead of sorting a million rows a second time; only archived households are
 * looked up (an anti-join), not every household joined. A write's summary of its villages also
 * gives the date range, for the (village, day) index: with the years alone the planner guessed
 * tens of thousands of rows and started parallel workers, 28 ms of a 50 ms write at scale 10. A
 * rebuild's does not: without statistics (PGlite never gathers them) the range made the planner
 * expect a few hundred rows of ten million and probe every household one by one, twice as slow.
 */
export async function summariseSurveys(db: Db, years: readonly number[], villages?: readonly string[]): Promise<VillageYearSummary[]> {
  const { rows } = await sql<VillageYearSummary>`
    with latest as (
      select distinct on (s.household_id, extract(year from s.surveyed_on))
        s.village_code, extract(year from s.surveyed_on)::int as year,
        s.members, s.adults, s.smartphone_owners, s.epay_adults, s.home_ftth, s.vneid_users, s.ehealth_users, s.banking_users
      from household_survey s
      where extract(year from s.surveyed_on)::int = any(${[...years]}::int[])
        and not exists (
          select from household h
          where h.id = s.household_id and h.archived_at is not null and s.surveyed_on >= (h.archived_at at time zone 'Asia/Ho_Chi_Minh')::date
        )
        ${villages ? sql`and s.village_code = any(${[...villages]}::text[]) and s.surveyed_on between make_date(${Math.min(...years)}::int, 1, 1) and make_date(${Math.max(...years)}::int, 12, 31)` : sql``}
      order by s.household_id, extract(year from s.surveyed_on), s.surveyed_on desc
    )
    select village_code as org_unit_code, year,
      count(*)::int as households,
      sum(members)::int as residents,
      sum(adults)::int as adults,
      sum(smartphone_owners)::int as smartphone_owners,
      (count(*) filter (where smartphone_owners > 0))::int as households_with_smartphone,
      sum(epay_adults)::int as epay_adults,
      (count(*) filter (where epay_adults > 0))::int as households_with_epay,
      (count(*) filter (where home_ftth))::int as households_with_ftth,
      sum(vneid_users)::int as vneid_users,
      sum(ehealth_users)::int as ehealth_users,
      sum(banking_users)::int as banking_users
    from latest
    group by village_code, year`.execute(db);
  return rows;
}
