import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { readCounters } from '../platform/read-versions.ts';
import { newId } from '../platform/ids.ts';
import type { BroadbandRecord, CommuneFiberRecord, MobileCoverageRecord } from './coverage.schema.ts';

interface Place {
  code: string;
  province_code: string;
}

/** Operators are data: the list ships in data/operators.json and an installation can add more. */
export async function loadOperators(db: Db): Promise<void> {
  const operators = JSON.parse(readFileSync(new URL('./data/operators.json', import.meta.url), 'utf8')) as { code: string; name: string }[];
  await db
    .insertInto('operator')
    .values(operators)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export function listOperators(db: Db) {
  return db.selectFrom('operator').select(['code', 'name']).orderBy('name').execute();
}

export async function operatorExists(db: Db, code: string): Promise<boolean> {
  return (await db.selectFrom('operator').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

export async function listMobileCoverage(db: Db, villageCode: string) {
  const rows = await db
    .selectFrom('mobile_coverage')
    .select(['operator_code', 'technology', 'quality', 'observed_on', 'note'])
    .where('village_code', '=', villageCode)
    .orderBy('observed_on')
    .orderBy('operator_code')
    .orderBy('technology')
    .execute();
  return rows.map((r) => ({ operatorCode: r.operator_code, technology: r.technology, quality: r.quality, observedOn: r.observed_on, note: r.note }));
}

export async function listBroadband(db: Db, villageCode: string) {
  const rows = await db
    .selectFrom('fixed_broadband')
    .select(['operator_code', 'fiber_reaches', 'ftth_available', 'observed_on', 'note'])
    .where('village_code', '=', villageCode)
    .orderBy('observed_on')
    .orderBy('operator_code')
    .execute();
  return rows.map((r) => ({
    operatorCode: r.operator_code,
    fiberReaches: r.fiber_reaches,
    ftthAvailable: r.ftth_available,
    observedOn: r.observed_on,
    note: r.note,
  }));
}

export async function listCommuneFiber(db: Db, communeCode: string) {
  const rows = await db
    .selectFrom('commune_fiber')
    .select(['operator_code', 'has_point_of_presence', 'observed_on'])
    .where('commune_code', '=', communeCode)
    .orderBy('observed_on')
    .orderBy('operator_code')
    .execute();
  return rows.map((r) => ({ operatorCode: r.operator_code, hasPointOfPresence: r.has_point_of_presence, observedOn: r.observed_on }));
}

/** A record for a day that already has one (same operator and technology) replaces it. */
export async function upsertMobileCoverage(db: Db, village: Place, record: MobileCoverageRecord, recordedBy: string | null): Promise<void> {
  const values = { quality: record.quality, note: record.note ?? null, recorded_by: recordedBy };
  await db
    .insertInto('mobile_coverage')
    .values({
      id: newId(),
      province_code: village.province_code,
      village_code: village.code,
      operator_code: record.operatorCode,
      technology: record.technology,
      observed_on: record.observedOn,
      ...values,
    })
    .onConflict((oc) => oc.columns(['village_code', 'operator_code', 'technology', 'observed_on']).doUpdateSet({ ...values, recorded_at: new Date() }))
    .execute();
}

export async function upsertBroadband(db: Db, village: Place, record: BroadbandRecord, recordedBy: string | null): Promise<void> {
  const values = { fiber_reaches: record.fiberReaches, ftth_available: record.ftthAvailable, note: record.note ?? null, recorded_by: recordedBy };
  await db
    .insertInto('fixed_broadband')
    .values({
      id: newId(),
      province_code: village.province_code,
      village_code: village.code,
      operator_code: record.operatorCode,
      observed_on: record.observedOn,
      ...values,
    })
    .onConflict((oc) => oc.columns(['village_code', 'operator_code', 'observed_on']).doUpdateSet({ ...values, recorded_at: new Date() }))
    .execute();
}

export async function upsertCommuneFiber(db: Db, commune: Place, record: CommuneFiberRecord, recordedBy: string | null): Promise<void> {
  const values = { has_point_of_presence: record.hasPointOfPresence, recorded_by: recordedBy };
  await db
    .insertInto('commune_fiber')
    .values({
      id: newId(),
      province_code: commune.province_code,
      commune_code: commune.code,
      operator_code: record.operatorCode,
      observed_on: record.observedOn,
      ...values,
    })
    .onConflict((oc) => oc.columns(['commune_code', 'operator_code', 'observed_on']).doUpdateSet({ ...values, recorded_at: new Date() }))
    .execute();
}

export interface VillageCoverageYear {
  org_unit_code: string;
  year: number;
  /** Best technology generation (3 for 3G …) any operator offers with stable quality; 0 for none. */
  best_stable: number;
  fiber_reaches: boolean;
  has_record: boolean;
}

/** Each village's coverage state at the end of each year: the latest record of each operator and technology. */
export async function summariseVillageCoverage(db: Db, years: readonly number[], villages?: readonly string[]): Promise<VillageCoverageYear[]> {
  const only = (column: string) => (villages ? sql`and ${sql.ref(column)} = any(${[...villages]}::text[])` : sql``);
  const { rows } = await sql<VillageCoverageYear>`
    with years as (select unnest(${[...years]}::int[]) as year),
    mobile as (
      select distinct on (m.village_code, m.operator_code, m.technology, y.year) m.village_code, y.year, m.technology, m.quality
      from mobile_coverage m join years y on m.observed_on <= make_date(y.year, 12, 31)
      where true ${only('m.village_code')}
      order by m.village_code, m.operator_code, m.technology, y.year, m.observed_on desc
    ),
    best as (
      select village_code, year, max(substr(technology, 1, 1)::int) filter (where quality = 'stable') as best_stable
      from mobile group by village_code, year
    ),
    fixed as (
      select distinct on (b.village_code, b.operator_code, y.year) b.village_code, y.year, b.fiber_reaches
      from fixed_broadband b join years y on b.observed_on <= make_date(y.year, 12, 31)
      where true ${only('b.village_code')}
      order by b.village_code, b.operator_code, y.year, b.observed_on desc
    ),
    fiber as (select village_code, year, bool_or(fiber_reaches) as reaches from fixed group by village_code, year)
    select v.code as org_unit_code, y.year, coalesce(b.best_stable, 0)::int as best_stable,
      coalesce(f.reaches, false) as fiber_reaches, (b.village_code is not null) as has_record
    from org_unit v
    cross join years y
    left join best b on b.village_code = v.code and b.year = y.year
    left join fiber f on f.village_code = v.code and f.year = y.year
    where v.level = 3 ${only('v.code')}`.execute(db);
  return rows;
}

export interface CommuneFactsYear {
  org_unit_code: string;
  year: number;
  has_point_of_presence: boolean;
  has_fiber_record: boolean;
  smartphone_subscriptions: number | null;
}

/** Each commune's fibre presence at the end of each year and its operators' latest subscriber reports of the year. */
export async function summariseCommuneFacts(db: Db, years: readonly number[], communes?: readonly string[]): Promise<CommuneFactsYear[]> {
  const only = (column: string) => (communes ? sql`and ${sql.ref(column)} = any(${[...communes]}::text[])` : sql``);
  const { rows } = await sql<CommuneFactsYear>`
    with years as (select unnest(${[...years]}::int[]) as year),
    fiber as (
      select distinct on (f.commune_code, f.operator_code, y.year) f.commune_code, y.year, f.has_point_of_presence
      from commune_fiber f join years y on f.observed_on <= make_date(y.year, 12, 31)
      where true ${only('f.commune_code')}
      order by f.commune_code, f.operator_code, y.year, f.observed_on desc
    ),
    presence as (select commune_code, year, bool_or(has_point_of_presence) as present from fiber group by commune_code, year),
    reports as (
      select distinct on (r.org_unit_code, r.operator_code, extract(year from r.reported_on)) r.org_unit_code, extract(year from r.reported_on)::int as year, r.smartphone_subscribers
      from subscriber_report r
      where extract(year from r.reported_on)::int = any(${[...years]}::int[]) ${only('r.org_unit_code')}
      order by r.org_unit_code, r.operator_code, extract(year from r.reported_on), r.reported_on desc
    ),
    subscriptions as (select org_unit_code, year, sum(smartphone_subscribers)::int as total from reports group by org_unit_code, year)
    select c.code as org_unit_code, y.year, coalesce(p.present, false) as has_point_of_presence,
      (p.commune_code is not null) as has_fiber_record, s.total as smartphone_subscriptions
    from org_unit c
    cross join years y
    left join presence p on p.commune_code = c.code and p.year = y.year
    left join subscriptions s on s.org_unit_code = c.code and s.year = y.year
    where c.level = 2 ${only('c.code')}`.execute(db);
  return rows;
}

/** Moved by triggers in the transaction of any change to coverage records or units (migration 0007). */
export async function coverageVersion(db: Db): Promise<number> {
  return (await readCounters(db, ['coverage'])).coverage;
}

export interface WhiteSpotRow {
  village_code: string;
  village_name: string;
  is_demo: boolean;
  commune_code: string;
  commune_name: string;
  best_stable: number;
  fiber_reaches: boolean;
  operators: { operatorCode: string; technology: string; quality: string }[] | null;
}

/**
 * Villages of a subtree that, at the end of a year, lack stable 3G or better or any fibre —
 * with each operator's best technology there, so the list can go to the operators as it is.
 * Reads each village's state kept by the coverage triggers (migration 0017): one index lookup per
 * village, whatever the planner knows of the tables.
 */
export async function listWhiteSpots(db: Db, path: string, year: number): Promise<WhiteSpotRow[]> {
  const { rows } = await sql<WhiteSpotRow>`
    select v.code as village_code, v.name as village_name, v.is_demo, c.code as commune_code, c.name as commune_name,
      coalesce(s.best_stable, 0) as best_stable, coalesce(s.fiber_reaches, false) as fiber_reaches, s.operators
    from org_unit v
    join org_unit c on c.code = v.parent_code
    left join lateral (
      select best_stable, fiber_reaches, operators from coverage_village_state
      where village_code = v.code and year <= ${year}
      order by year desc limit 1
    ) s on true
    where v.level = 3 and v.path <@ ${path}::ltree
      and (coalesce(s.best_stable, 0) < 3 or not coalesce(s.fiber_reaches, false))
    order by c.name, v.name`.execute(db);
  return rows;
}
