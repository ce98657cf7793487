import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { OrgUnitRow } from '../territory/org-unit.repository.ts';
import { LEVEL } from '../territory/territory.rules.ts';
import type { Survey } from '../households/household.schema.ts';
import { toSurvey } from '../households/household.repository.ts';
import type { HouseholdImport } from './household-import.rules.ts';
import type { BroadbandImport, CoverageImport, MobileImport } from './coverage-import.rules.ts';
import type { VillageImport } from './village-import.rules.ts';
import { bulkId } from './bulk-ids.ts';

/**
 * A PostgreSQL array literal of one field of every item, sent as one text parameter and cast in
 * SQL (`$1::uuid[]`): both drivers would otherwise escape 20,000 values one by one, which costs
 * more than the insert. Text is always quoted, so commas, quotes and braces survive.
 */
function arrayOf<T>(items: readonly T[], pick: (item: T) => string | number | boolean): string {
  let literal = '{';
  for (let i = 0; i < items.length; i++) {
    const value = pick(items[i] as T);
    if (i > 0) literal += ',';
    literal += typeof value === 'string' ? `"${/[\\"]/.test(value) ? value.replace(/[\\"]/g, '\\$&') : value}"` : String(value);
  }
  return `${literal}}`;
}

const arrayLiteral = (values: readonly string[]) => arrayOf(values, (v) => v);

/** The units with these codes: one query, whatever their number (an array, not a list of parameters). */
export function findUnits(db: Db, codes: readonly string[]): Promise<OrgUnitRow[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('org_unit').selectAll().where(sql<boolean>`code = any(${arrayLiteral(codes)}::text[])`).execute();
}

export function listVillagesOf(db: Db, communeCodes: readonly string[]): Promise<OrgUnitRow[]> {
  return db
    .selectFrom('org_unit')
    .selectAll()
    .where('level', '=', LEVEL.village)
    .where(sql<boolean>`parent_code = any(${arrayLiteral(communeCodes)}::text[])`)
    .execute();
}

export function findHouseholds(db: Db, villageCodes: readonly string[]) {
  return db.selectFrom('household').select(['id', 'village_code', 'label']).where(sql<boolean>`village_code = any(${arrayLiteral(villageCodes)}::text[])`).execute();
}

/** Which of these villages' households already have a survey on one of these days (served by the village/date index). */
export function findSurveyDays(db: Db, villageCodes: readonly string[], days: readonly string[]) {
  return db
    .selectFrom('household_survey')
    .select(['household_id', 'surveyed_on'])
    .where(sql<boolean>`village_code = any(${arrayLiteral(villageCodes)}::text[])`)
    .where(sql<boolean>`surveyed_on = any(${arrayLiteral(days)}::date[])`)
    .execute();
}

export interface NewHousehold {
  id: string;
  provinceCode: string;
  villageCode: string;
  label: string;
}

export async function insertHouseholds(db: Db, rows: readonly NewHousehold[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into household (id, province_code, village_code, label)
    select * from unnest(${arrayOf(rows, (r) => r.id)}::uuid[], ${arrayOf(rows, (r) => r.provinceCode)}::text[],
      ${arrayOf(rows, (r) => r.villageCode)}::text[], ${arrayOf(rows, (r) => r.label)}::text[])`.execute(db);
}

/** Moves the version of households whose surveys changed, as a single survey write does. */
export async function touchHouseholds(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update household set version = version + 1, updated_at = now() where id = any(${arrayLiteral(ids)}::uuid[])`.execute(db);
}

export interface SurveyWrite {
  householdId: string;
  provinceCode: string;
  villageCode: string;
  survey: Survey;
}

/** Surveys in one statement; a household's survey of the same day is replaced, as the API does. */
export async function upsertSurveys(db: Db, rows: readonly SurveyWrite[], recordedBy: string): Promise<void> {
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
    on conflict (household_id, surveyed_on) do update set
      members = excluded.members, adults = excluded.adults, smartphone_owners = excluded.smartphone_owners,
      epay_adults = excluded.epay_adults, home_ftth = excluded.home_ftth, vneid_users = excluded.vneid_users,
      ehealth_users = excluded.ehealth_users, banking_users = excluded.banking_users,
      recorded_by = excluded.recorded_by, recorded_at = now()`.execute(db);
}

/** The keys of these villages' coverage records on these days, as the rules' duplicate keys write them. */
export async function findCoverageKeys(db: Db, villageCodes: readonly string[], days: readonly string[]): Promise<Set<string>> {
  const villages = arrayLiteral(villageCodes);
  const dates = arrayLiteral(days);
  const [mobile, fixed] = await Promise.all([
    sql<{ key: string }>`
      select concat_ws('|', 'di_dong', village_code, operator_code, technology, observed_on::text) as key from mobile_coverage
      where village_code = any(${villages}::text[]) and observed_on = any(${dates}::date[])`.execute(db),
    sql<{ key: string }>`
      select concat_ws('|', 'co_dinh', village_code, operator_code, observed_on::text) as key from fixed_broadband
      where village_code = any(${villages}::text[]) and observed_on = any(${dates}::date[])`.execute(db),
  ]);
  return new Set([...mobile.rows, ...fixed.rows].map((r) => r.key));
}

export interface CoverageWrite<R> {
  provinceCode: string;
  record: R;
}

/** A record for a day that already has one (same village, operator and technology) replaces it; its note stays. */
export async function upsertMobileRows(db: Db, rows: readonly CoverageWrite<MobileImport>[], recordedBy: string): Promise<void> {
  if (rows.length === 0) return;
  const column = (pick: (r: MobileImport) => string) => arrayOf(rows, (r) => pick(r.record));
  await sql`
    insert into mobile_coverage (id, province_code, village_code, operator_code, technology, quality, observed_on, recorded_by)
    select *, ${recordedBy}::uuid from unnest(${arrayOf(rows, bulkId)}::uuid[], ${arrayOf(rows, (r) => r.provinceCode)}::text[],
      ${column((r) => r.villageCode)}::text[], ${column((r) => r.operatorCode)}::text[], ${column((r) => r.technology)}::text[],
      ${column((r) => r.quality)}::text[], ${column((r) => r.observedOn)}::date[])
    on conflict (village_code, operator_code, technology, observed_on) do update set
      quality = excluded.quality, recorded_by = excluded.recorded_by, recorded_at = now()`.execute(db);
}

export async function upsertBroadbandRows(db: Db, rows: readonly CoverageWrite<BroadbandImport>[], recordedBy: string): Promise<void> {
  if (rows.length === 0) return;
  const column = (pick: (r: BroadbandImport) => string | boolean) => arrayOf(rows, (r) => pick(r.record));
  await sql`
    insert into fixed_broadband (id, province_code, village_code, operator_code, fiber_reaches, ftth_available, observed_on, recorded_by)
    select *, ${recordedBy}::uuid from unnest(${arrayOf(rows, bulkId)}::uuid[], ${arrayOf(rows, (r) => r.provinceCode)}::text[],
      ${column((r) => r.villageCode)}::text[], ${column((r) => r.operatorCode)}::text[], ${column((r) => r.fiberReaches)}::boolean[],
      ${column((r) => r.ftthAvailable)}::boolean[], ${column((r) => r.observedOn)}::date[])
    on conflict (village_code, operator_code, observed_on) do update set
      fiber_reaches = excluded.fiber_reaches, ftth_available = excluded.ftth_available, recorded_by = excluded.recorded_by, recorded_at = now()`.execute(db);
}

// --- Exports: a subtree's rows in the shapes the imports read -----------------------------------

const inSubtree = (column: string, path: string) => sql<boolean>`${sql.ref(column)} <@ ${path}::ltree`;

export async function listVillagesUnder(db: Db, path: string): Promise<VillageImport[]> {
  const rows = await db
    .selectFrom('org_unit')
    .select(['code', 'parent_code', 'name', 'kind', 'ethnic_groups', 'latitude', 'longitude'])
    .where('level', '=', LEVEL.village)
    .where(inSubtree('path', path))
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    communeCode: r.parent_code ?? '',
    code: r.code,
    name: r.name,
    kind: r.kind === 'ban' || r.kind === 'khoi_pho' ? r.kind : 'thon',
    ethnicGroups: r.ethnic_groups,
    latitude: r.latitude ?? undefined,
    longitude: r.longitude ?? undefined,
  }));
}

export async function listCoverageUnder(db: Db, path: string): Promise<CoverageImport[]> {
  const [mobile, fixed] = await Promise.all([
    db
      .selectFrom('mobile_coverage as m')
      .innerJoin('org_unit as v', 'v.code', 'm.village_code')
      .select(['m.village_code', 'm.operator_code', 'm.technology', 'm.quality', 'm.observed_on'])
      .where(inSubtree('v.path', path))
      .orderBy('m.village_code')
      .orderBy('m.observed_on')
      .orderBy('m.operator_code')
      .orderBy('m.technology')
      .execute(),
    db
      .selectFrom('fixed_broadband as b')
      .innerJoin('org_unit as v', 'v.code', 'b.village_code')
      .select(['b.village_code', 'b.operator_code', 'b.fiber_reaches', 'b.ftth_available', 'b.observed_on'])
      .where(inSubtree('v.path', path))
      .orderBy('b.village_code')
      .orderBy('b.observed_on')
      .orderBy('b.operator_code')
      .execute(),
  ]);
  return [
    ...mobile.map((r): CoverageImport => ({ type: 'di_dong', villageCode: r.village_code, operatorCode: r.operator_code, technology: r.technology, quality: r.quality, observedOn: r.observed_on })),
    ...fixed.map((r): CoverageImport => ({ type: 'co_dinh', villageCode: r.village_code, operatorCode: r.operator_code, fiberReaches: r.fiber_reaches, ftthAvailable: r.ftth_available, observedOn: r.observed_on })),
  ];
}

/** The register of a subtree (archived households left out): each household's latest survey, or all of them. */
export async function listSurveysUnder(db: Db, path: string, which: 'latest' | 'all'): Promise<HouseholdImport[]> {
  let query = db
    .selectFrom('household_survey as s')
    .innerJoin('household as h', 'h.id', 's.household_id')
    .innerJoin('org_unit as v', 'v.code', 'h.village_code')
    .select(['h.village_code', 'h.label', 's.surveyed_on', 's.members', 's.adults', 's.smartphone_owners', 's.epay_adults', 's.home_ftth', 's.vneid_users', 's.ehealth_users', 's.banking_users'])
    .where(inSubtree('v.path', path))
    .where('h.archived_at', 'is', null);
  if (which === 'latest') query = query.distinctOn('h.id').orderBy('h.id').orderBy('s.surveyed_on', 'desc');
  const rows = await query.execute();
  const records = rows.map((r) => ({ villageCode: r.village_code, label: r.label, ...toSurvey(r) }));
  // By village, then label as people number them (Hộ 2 before Hộ 10), then date.
  const collator = new Intl.Collator('vi', { numeric: true });
  return records.sort((a, b) => a.villageCode.localeCompare(b.villageCode) || collator.compare(a.label, b.label) || a.surveyedOn.localeCompare(b.surveyedOn));
}
