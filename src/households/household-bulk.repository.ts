import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { bulkId } from '../platform/bulk-ids.ts';
import { arrayLiteral, arrayOf } from '../platform/sql-arrays.ts';
import type { Survey } from './household.schema.ts';
import { SURVEY_COLUMNS, toSurvey } from './household.repository.ts';
import type { HouseholdSurveyTable, HouseholdTable } from './households.tables.ts';
import { insertByColumns, type ColumnTypes, type RowOf } from '../platform/bulk-insert.ts';

/*
 * The register written by the thousand (imports, the demo province): one statement a table,
 * whatever the number of rows, with the same rules as a single write.
 */

export function findHouseholds(db: Db, villageCodes: readonly string[]) {
  return db
    .selectFrom('household')
    .select(['id', 'village_code', 'label'])
    .where(sql<boolean>`village_code = any(${arrayLiteral(villageCodes)}::text[])`)
    .execute();
}

/** Which of these villages' households already have a survey on one of these days (served by the village/date index). */
export async function findSurveysOn(db: Db, villageCodes: readonly string[], days: readonly string[]): Promise<Map<string, Survey>> {
  const rows = await db
    .selectFrom('household_survey')
    .select(['household_id', ...SURVEY_COLUMNS])
    .where(sql<boolean>`village_code = any(${arrayLiteral(villageCodes)}::text[])`)
    .where(sql<boolean>`surveyed_on = any(${arrayLiteral(days)}::date[])`)
    .execute();
  return new Map(rows.map((r) => [`${r.household_id}|${r.surveyed_on}`, toSurvey(r)]));
}

/**
 * Moves the version of households whose surveys changed, once for each time a household is named:
 * as that many single survey writes would (a push's visits to one household answer each its own version).
 */
export async function touchHouseholds(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update household h set version = h.version + t.writes, updated_at = now()
    from (select id, count(*)::int as writes from unnest(${arrayLiteral(ids)}::uuid[]) as id group by id) as t
    where h.id = t.id`.execute(db);
}

/**
 * Moves on the version of households a plan read at `version`, once each, and names those that
 * moved on meanwhile (left as they are): a plan made from what they were must not be written over
 * what they are now. Each row is locked as it is updated, and re-read if another write held it.
 */
export async function touchHouseholdsAsSeen(db: Db, seen: readonly { id: string; version: number }[]): Promise<string[]> {
  if (seen.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    with seen as (select * from unnest(${arrayLiteral(seen.map((h) => h.id))}::uuid[], ${seen.map((h) => h.version)}::int[]) as s(id, version)),
    touched as (
      update household h set version = h.version + 1, updated_at = now()
      from seen where h.id = seen.id and h.version = seen.version
      returning h.id
    )
    select seen.id from seen where seen.id not in (select id from touched) order by seen.id`.execute(db);
  return rows.map((r) => r.id);
}

export interface SurveyWrite {
  householdId: string;
  provinceCode: string;
  villageCode: string;
  survey: Survey;
}

/** Surveys in one statement; a household's survey of the same day is replaced, as the API does. */
export const upsertSurveys = (db: Db, rows: readonly SurveyWrite[], recordedBy: string | null) => writeSurveys(db, rows, recordedBy, true);

/**
 * Surveys of households added in the same transaction: none of them can have a survey yet, so no
 * conflict is looked for. On PostgreSQL the check for one (a speculative insert per row) costs up to
 * a fifth of the statement (decision 0049).
 */
export const insertNewHouseholdsSurveys = (db: Db, rows: readonly SurveyWrite[], recordedBy: string | null) => writeSurveys(db, rows, recordedBy, false);

async function writeSurveys(db: Db, rows: readonly SurveyWrite[], recordedBy: string | null, replacing: boolean): Promise<void> {
  if (rows.length === 0) return;
  const column = (pick: (s: Survey) => string | number | boolean) => arrayOf(rows, (r) => pick(r.survey));
  await sql`
    insert into household_survey (id, province_code, household_id, village_code, surveyed_on, members, adults, smartphone_owners,
      epay_adults, home_ftth, vneid_users, ehealth_users, banking_users, recorded_by)
    select *, ${recordedBy}::uuid from unnest(${arrayOf(rows, bulkId)}::uuid[], ${arrayOf(rows, (r) => r.provinceCode)}::text[],
      ${arrayOf(rows, (r) => r.householdId)}::uuid[], ${arrayOf(rows, (r) => r.villageCode)}::text[],
      ${column((s) => s.surveyedOn)}::date[], ${column((s) => s.members)}::int2[], ${column((s) => s.adults)}::int2[],
      ${column((s) => s.smartphoneOwners)}::int2[], ${column((s) => s.epayAdults)}::int2[], ${column((s) => s.homeFtth)}::boolean[],
      ${column((s) => s.vneidUsers)}::int2[], ${column((s) => s.ehealthUsers)}::int2[], ${column((s) => s.bankingUsers)}::int2[])
    ${
      replacing
        ? sql`on conflict (household_id, surveyed_on) do update set
      members = excluded.members, adults = excluded.adults, smartphone_owners = excluded.smartphone_owners,
      epay_adults = excluded.epay_adults, home_ftth = excluded.home_ftth, vneid_users = excluded.vneid_users,
      ehealth_users = excluded.ehealth_users, banking_users = excluded.banking_users,
      recorded_by = excluded.recorded_by, recorded_at = now()`
        : sql``
    }`.execute(db);
}

/* Rows written as they are stored: the caller made every column (a new household's id too). */

const HOUSEHOLD = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  label: 'text',
} as const satisfies ColumnTypes<HouseholdTable>;

const HOUSEHOLD_SURVEY = {
  id: 'uuid',
  province_code: 'text',
  household_id: 'uuid',
  village_code: 'text',
  surveyed_on: 'date',
  members: 'int2',
  adults: 'int2',
  smartphone_owners: 'int2',
  epay_adults: 'int2',
  home_ftth: 'bool',
  vneid_users: 'int2',
  ehealth_users: 'int2',
  banking_users: 'int2',
} as const satisfies ColumnTypes<HouseholdSurveyTable>;

export type NewHousehold = RowOf<HouseholdTable, typeof HOUSEHOLD>;
export type NewHouseholdSurvey = RowOf<HouseholdSurveyTable, typeof HOUSEHOLD_SURVEY>;

export const insertHouseholds = (db: Db, rows: readonly NewHousehold[]) => insertByColumns(db, 'household', HOUSEHOLD, rows);
export const insertHouseholdSurveys = (db: Db, rows: readonly NewHouseholdSurvey[]) => insertByColumns(db, 'household_survey', HOUSEHOLD_SURVEY, rows);
