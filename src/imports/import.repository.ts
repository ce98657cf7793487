import { sql, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { OrgUnitRow } from '../territory/org-unit.repository.ts';
import type { TrainingTable } from '../platform/schema.ts';
import { LEVEL } from '../territory/territory.rules.ts';
import type { Survey } from '../households/household.schema.ts';
import { toSurvey } from '../households/household.repository.ts';
import type { HouseholdImport } from './household-import.rules.ts';
import type { BroadbandImport, CoverageImport, MobileImport } from './coverage-import.rules.ts';
import type { VillageImport } from './village-import.rules.ts';
import { ethnicColumnsOf, trainingKey, type TrainingImport } from './training-import.rules.ts';
import { visitKey, type VisitImport } from './visit-import.rules.ts';
import { VISIT_ACTIVITIES, type VisitActivityCode } from '../teams/fieldwork.rules.ts';
import { bulkId } from './bulk-ids.ts';

/**
 * A PostgreSQL array literal of one field of every item, sent as one text parameter and cast in
 * SQL (`$1::uuid[]`): both drivers would otherwise escape 20,000 values one by one, which costs
 * more than the insert. Text is always quoted, so commas, quotes and braces survive.
 */
function arrayOf<T>(items: readonly T[], pick: (item: T) => string | number | boolean | null): string {
  let literal = '{';
  for (let i = 0; i < items.length; i++) {
    const value = pick(items[i] as T);
    if (i > 0) literal += ',';
    // An unquoted NULL is SQL null; a quoted "NULL" stays the text.
    literal += value === null ? 'NULL' : typeof value === 'string' ? `"${/[\\"]/.test(value) ? value.replace(/[\\"]/g, '\\$&') : value}"` : String(value);
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

// --- Field work: support visits and trainings ------------------------------------------------------

/** A household a visits file names, with its latest survey (null when it has none). */
export interface VisitedHousehold {
  id: string;
  villageCode: string;
  label: string;
  archived: boolean;
  latest: Survey | null;
}

/** The households of these villages with these labels, each with its latest survey: one query for a whole file. */
export async function findVisitedHouseholds(db: Db, villageCodes: readonly string[], labels: readonly string[]): Promise<VisitedHousehold[]> {
  if (villageCodes.length === 0) return [];
  const rows = await db
    .selectFrom('household as h')
    .leftJoin('household_survey as s', 's.household_id', 'h.id')
    .select(['h.id', 'h.village_code', 'h.label', 'h.archived_at'])
    .select(['s.surveyed_on', 's.members', 's.adults', 's.smartphone_owners', 's.epay_adults', 's.home_ftth', 's.vneid_users', 's.ehealth_users', 's.banking_users'])
    .where(sql<boolean>`h.village_code = any(${arrayLiteral(villageCodes)}::text[])`)
    .where(sql<boolean>`h.label = any(${arrayLiteral(labels)}::text[])`)
    .distinctOn('h.id')
    .orderBy('h.id')
    .orderBy('s.surveyed_on', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    villageCode: r.village_code,
    label: r.label,
    archived: r.archived_at !== null,
    latest:
      r.surveyed_on === null || r.members === null || r.adults === null || r.smartphone_owners === null || r.epay_adults === null || r.home_ftth === null || r.vneid_users === null || r.ehealth_users === null || r.banking_users === null
        ? null
        : toSurvey({ surveyed_on: r.surveyed_on, members: r.members, adults: r.adults, smartphone_owners: r.smartphone_owners, epay_adults: r.epay_adults, home_ftth: r.home_ftth, vneid_users: r.vneid_users, ehealth_users: r.ehealth_users, banking_users: r.banking_users }),
  }));
}

/** The keys (`visitKey`, by household id) of the visits already recorded for these households on these days. */
export async function findVisitKeys(db: Db, householdIds: readonly string[], days: readonly string[]): Promise<Set<string>> {
  if (householdIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('support_visit')
    .select(['household_id', 'visited_on', 'residents_guided', ...VISIT_ACTIVITIES])
    .where(sql<boolean>`household_id = any(${arrayLiteral(householdIds)}::uuid[])`)
    .where(sql<boolean>`visited_on = any(${arrayLiteral(days)}::date[])`)
    .execute();
  return new Set(rows.map((r) => visitKey(r.household_id, { visitedOn: r.visited_on, residentsGuided: r.residents_guided, ...r })));
}

export interface NewVisit {
  provinceCode: string;
  villageCode: string;
  householdId: string;
  visitedOn: string;
  people: Record<VisitActivityCode, number>;
  residentsGuided: number;
  note: string | null;
}

/** Visits in one statement, with ids made here (UUIDv7, as the phone makes them). */
export async function insertVisits(db: Db, rows: readonly NewVisit[], recordedBy: string): Promise<void> {
  if (rows.length === 0) return;
  const people = (code: VisitActivityCode) => arrayOf(rows, (r) => r.people[code]);
  await sql`
    insert into support_visit (id, province_code, village_code, household_id, visited_on, vneid_level1, vneid_level2, ehealth,
      banking_app, epay_account, scam_awareness, other, residents_guided, note, recorded_by)
    select *, ${recordedBy}::uuid from unnest(${arrayOf(rows, bulkId)}::uuid[], ${arrayOf(rows, (r) => r.provinceCode)}::text[],
      ${arrayOf(rows, (r) => r.villageCode)}::text[], ${arrayOf(rows, (r) => r.householdId)}::uuid[], ${arrayOf(rows, (r) => r.visitedOn)}::date[],
      ${people('vneid_level1')}::int2[], ${people('vneid_level2')}::int2[], ${people('ehealth')}::int2[], ${people('banking_app')}::int2[],
      ${people('epay_account')}::int2[], ${people('scam_awareness')}::int2[], ${people('other')}::int2[], ${arrayOf(rows, (r) => r.residentsGuided)}::int2[],
      ${arrayOf(rows, (r) => r.note)}::text[])`.execute(db);
}

const trainingColumns = ['village_code', 'held_on', 'topic', 'place', 'trainer', 'attendees', 'attendees_female', 'attendees_male', 'attendees_under_15', 'attendees_15_to_29', 'attendees_30_to_59', 'attendees_60_plus', 'attendees_by_ethnic_group'] as const;

type StoredTraining = Pick<Selectable<TrainingTable>, (typeof trainingColumns)[number]>;

function toTrainingImport(r: StoredTraining): TrainingImport {
  return {
    villageCode: r.village_code,
    heldOn: r.held_on,
    // Written by this import or the API, both of which only accept the catalogue's codes.
    topic: r.topic as TrainingImport['topic'],
    place: r.place,
    trainer: r.trainer,
    total: r.attendees,
    female: r.attendees_female,
    male: r.attendees_male,
    under15: r.attendees_under_15,
    from15to29: r.attendees_15_to_29,
    from30to59: r.attendees_30_to_59,
    from60: r.attendees_60_plus,
    ...ethnicColumnsOf(r.attendees_by_ethnic_group),
  };
}

/** The keys (`trainingKey`) of the trainings already recorded in these villages on these days. */
export async function findTrainingKeys(db: Db, villageCodes: readonly string[], days: readonly string[]): Promise<Set<string>> {
  if (villageCodes.length === 0) return new Set();
  const rows = await db
    .selectFrom('training')
    .select(trainingColumns)
    .where(sql<boolean>`village_code = any(${arrayLiteral(villageCodes)}::text[])`)
    .where(sql<boolean>`held_on = any(${arrayLiteral(days)}::date[])`)
    .execute();
  return new Set(rows.map((r) => trainingKey(toTrainingImport(r))));
}

export interface NewTraining {
  provinceCode: string;
  training: TrainingImport;
  byEthnicGroup: Record<string, number> | null;
}

export async function insertTrainings(db: Db, rows: readonly NewTraining[], recordedBy: string): Promise<void> {
  if (rows.length === 0) return;
  const column = (pick: (t: TrainingImport) => string | number) => arrayOf(rows, (r) => pick(r.training));
  // jsonb[] would need every object quoted twice over; the breakdown goes as one JSON array, taken apart by position.
  const groups = JSON.stringify(rows.map((r) => r.byEthnicGroup));
  await sql`
    insert into training (id, province_code, village_code, held_on, topic, place, trainer, attendees, attendees_female, attendees_male,
      attendees_under_15, attendees_15_to_29, attendees_30_to_59, attendees_60_plus, attendees_by_ethnic_group, recorded_by)
    select t.id, t.province_code, t.village_code, t.held_on, t.topic, t.place, t.trainer, t.total, t.female, t.male,
      t.under15, t.from15to29, t.from30to59, t.from60, nullif(${groups}::jsonb -> (t.n - 1)::int, 'null'::jsonb), ${recordedBy}::uuid
    from unnest(${arrayOf(rows, bulkId)}::uuid[], ${arrayOf(rows, (r) => r.provinceCode)}::text[], ${column((t) => t.villageCode)}::text[],
      ${column((t) => t.heldOn)}::date[], ${column((t) => t.topic)}::text[], ${column((t) => t.place)}::text[], ${column((t) => t.trainer)}::text[],
      ${column((t) => t.total)}::int[], ${column((t) => t.female)}::int[], ${column((t) => t.male)}::int[], ${column((t) => t.under15)}::int[],
      ${column((t) => t.from15to29)}::int[], ${column((t) => t.from30to59)}::int[], ${column((t) => t.from60)}::int[])
      with ordinality as t (id, province_code, village_code, held_on, topic, place, trainer, total, female, male, under15, from15to29, from30to59, from60, n)`.execute(db);
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

/** The trainings of a subtree, by village and day. */
export async function listTrainingsUnder(db: Db, path: string): Promise<TrainingImport[]> {
  const rows = await db
    .selectFrom('training as t')
    .innerJoin('org_unit as v', 'v.code', 't.village_code')
    .select(trainingColumns.map((c) => `t.${c}` as const))
    .where(inSubtree('v.path', path))
    .orderBy('t.village_code')
    .orderBy('t.held_on')
    .orderBy('t.id')
    .execute();
  return rows.map(toTrainingImport);
}

/** The support visits of a subtree, by village, household and day, with the household's label. */
export async function listVisitsUnder(db: Db, path: string): Promise<VisitImport[]> {
  const rows = await db
    .selectFrom('support_visit as s')
    .innerJoin('household as h', 'h.id', 's.household_id')
    .innerJoin('org_unit as v', 'v.code', 's.village_code')
    .select(['s.village_code', 'h.label', 's.visited_on', 's.residents_guided', 's.note', ...VISIT_ACTIVITIES.map((c) => `s.${c}` as const)])
    .where(inSubtree('v.path', path))
    .orderBy('s.village_code')
    .orderBy(sql`length(h.label)`)
    .orderBy('h.label')
    .orderBy('s.visited_on')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    villageCode: r.village_code,
    label: r.label,
    visitedOn: r.visited_on,
    ...(Object.fromEntries(VISIT_ACTIVITIES.map((c) => [c, r[c]])) as Record<VisitActivityCode, number>),
    residentsGuided: r.residents_guided,
    ...(r.note ? { note: r.note } : {}),
  }));
}
