import { sql, type InsertType } from 'kysely';
import type { Db } from '../platform/database.ts';
import type {
  CommuneFiberTable,
  Database,
  FixedBroadbandTable,
  HouseholdSurveyTable,
  HouseholdTable,
  MobileCoverageTable,
  SubscriberReportTable,
  SupportVisitTable,
  TeamMemberTable,
  TeamTable,
  TrainingTable,
} from '../platform/schema.ts';
import { LEVEL } from '../territory/territory.rules.ts';
import type { CommuneFacts, ProvinceFacts } from './demo-villages.rules.ts';

export async function countVillages(db: Db): Promise<number> {
  const row = await db
    .selectFrom('org_unit')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('level', '=', LEVEL.village)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The province and its communes as loaded by the territory module; null before it is loaded. */
export async function readTerritory(db: Db): Promise<{ province: ProvinceFacts; communes: CommuneFacts[] } | null> {
  const units = await db
    .selectFrom('org_unit')
    .select(['code', 'path', 'kind', 'level', 'area_km2', 'population', 'latitude', 'longitude'])
    .where('level', 'in', [LEVEL.province, LEVEL.commune])
    .orderBy('code')
    .execute();
  const province = units.find((u) => u.level === LEVEL.province);
  const communes = units.filter((u) => u.level === LEVEL.commune);
  if (!province || province.population === null || province.area_km2 === null || communes.length === 0) return null;
  return {
    province: { code: province.code, path: province.path, population: province.population, areaKm2: province.area_km2 },
    communes: communes.map((c) => ({
      code: c.code,
      path: c.path,
      kind: c.kind,
      areaKm2: c.area_km2 ?? 0,
      population: c.population,
      latitude: c.latitude ?? 0,
      longitude: c.longitude ?? 0,
    })),
  };
}

type PgType = 'uuid' | 'text' | 'date' | 'bool' | 'int2' | 'int4' | 'jsonb';

/** The columns a bulk insert writes and their types, for the `unnest` casts. */
type ColumnTypes<Table> = { [K in keyof Table]?: PgType };
type RowOf<Table, Types extends ColumnTypes<Table>> = { [K in keyof Types & keyof Table]: InsertType<Table[K]> };

/**
 * Writes rows as one `insert … select from unnest(array, array, …)`: one statement and one
 * parameter per column however many rows, the fast path on the single-connection engine.
 */
async function insertByColumns<T extends keyof Database, Types extends ColumnTypes<Database[T]>>(
  db: Db,
  table: T,
  types: Types,
  rows: readonly RowOf<Database[T], Types>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(types) as (keyof Types & keyof Database[T] & string)[];
  const arrays = columns.map((column) => {
    const type = types[column] as PgType;
    return sql`${arrayLiteral(rows.map((row) => row[column]), type)}::${sql.raw(type)}[]`;
  });
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)})`.execute(db);
}

/**
 * A PostgreSQL array literal, built here rather than by the drivers: joining is several times
 * cheaper than their element-by-element escaping, which dominated bulk writes. Only text and JSON
 * need quoting; uuids, dates, numbers and booleans cannot contain a delimiter.
 */
function arrayLiteral(values: readonly unknown[], type: PgType): string {
  const quote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
  const present = type === 'text' ? (v: unknown) => quote(String(v)) : type === 'jsonb' ? (v: unknown) => quote(JSON.stringify(v)) : String;
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : present(v))).join(',')}}`;
}

const MOBILE_COVERAGE = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  operator_code: 'text',
  technology: 'text',
  quality: 'text',
  observed_on: 'date',
  note: 'text',
} as const satisfies ColumnTypes<MobileCoverageTable>;

const FIXED_BROADBAND = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  operator_code: 'text',
  fiber_reaches: 'bool',
  ftth_available: 'bool',
  observed_on: 'date',
} as const satisfies ColumnTypes<FixedBroadbandTable>;

const COMMUNE_FIBER = {
  id: 'uuid',
  province_code: 'text',
  commune_code: 'text',
  operator_code: 'text',
  has_point_of_presence: 'bool',
  observed_on: 'date',
} as const satisfies ColumnTypes<CommuneFiberTable>;

const SUBSCRIBER_REPORT = {
  id: 'uuid',
  province_code: 'text',
  org_unit_code: 'text',
  operator_code: 'text',
  reported_on: 'date',
  smartphone_subscribers: 'int4',
} as const satisfies ColumnTypes<SubscriberReportTable>;

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

const TEAM = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  name: 'text',
} as const satisfies ColumnTypes<TeamTable>;

const TEAM_MEMBER = {
  id: 'uuid',
  team_id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  display_name: 'text',
  sex: 'text',
  is_leader: 'bool',
  joined_on: 'date',
  trained_on: 'date',
} as const satisfies ColumnTypes<TeamMemberTable>;

const TRAINING = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  held_on: 'date',
  topic: 'text',
  place: 'text',
  trainer: 'text',
  attendees: 'int4',
  attendees_female: 'int4',
  attendees_male: 'int4',
  attendees_under_15: 'int4',
  attendees_15_to_29: 'int4',
  attendees_30_to_59: 'int4',
  attendees_60_plus: 'int4',
  attendees_by_ethnic_group: 'jsonb',
} as const satisfies ColumnTypes<TrainingTable>;

const SUPPORT_VISIT = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  household_id: 'uuid',
  visited_on: 'date',
  vneid_level1: 'int2',
  vneid_level2: 'int2',
  ehealth: 'int2',
  banking_app: 'int2',
  epay_account: 'int2',
  scam_awareness: 'int2',
  residents_guided: 'int2',
} as const satisfies ColumnTypes<SupportVisitTable>;

type NewMobileCoverage = RowOf<MobileCoverageTable, typeof MOBILE_COVERAGE>;
type NewFixedBroadband = RowOf<FixedBroadbandTable, typeof FIXED_BROADBAND>;
type NewCommuneFiber = RowOf<CommuneFiberTable, typeof COMMUNE_FIBER>;
type NewSubscriberReport = RowOf<SubscriberReportTable, typeof SUBSCRIBER_REPORT>;
export type NewHousehold = RowOf<HouseholdTable, typeof HOUSEHOLD>;
export type NewHouseholdSurvey = RowOf<HouseholdSurveyTable, typeof HOUSEHOLD_SURVEY>;
export type NewTeam = RowOf<TeamTable, typeof TEAM>;
export type NewTeamMember = RowOf<TeamMemberTable, typeof TEAM_MEMBER>;
export type NewTraining = RowOf<TrainingTable, typeof TRAINING>;
export type NewSupportVisit = RowOf<SupportVisitTable, typeof SUPPORT_VISIT>;

export const insertMobileCoverage = (db: Db, rows: readonly NewMobileCoverage[]) => insertByColumns(db, 'mobile_coverage', MOBILE_COVERAGE, rows);
export const insertFixedBroadband = (db: Db, rows: readonly NewFixedBroadband[]) => insertByColumns(db, 'fixed_broadband', FIXED_BROADBAND, rows);
export const insertCommuneFiber = (db: Db, rows: readonly NewCommuneFiber[]) => insertByColumns(db, 'commune_fiber', COMMUNE_FIBER, rows);
export const insertSubscriberReports = (db: Db, rows: readonly NewSubscriberReport[]) => insertByColumns(db, 'subscriber_report', SUBSCRIBER_REPORT, rows);
export const insertHouseholds = (db: Db, rows: readonly NewHousehold[]) => insertByColumns(db, 'household', HOUSEHOLD, rows);
export const insertHouseholdSurveys = (db: Db, rows: readonly NewHouseholdSurvey[]) => insertByColumns(db, 'household_survey', HOUSEHOLD_SURVEY, rows);
export const insertTeams = (db: Db, rows: readonly NewTeam[]) => insertByColumns(db, 'team', TEAM, rows);
export const insertTeamMembers = (db: Db, rows: readonly NewTeamMember[]) => insertByColumns(db, 'team_member', TEAM_MEMBER, rows);
export const insertTrainings = (db: Db, rows: readonly NewTraining[]) => insertByColumns(db, 'training', TRAINING, rows);
export const insertSupportVisits = (db: Db, rows: readonly NewSupportVisit[]) => insertByColumns(db, 'support_visit', SUPPORT_VISIT, rows);
