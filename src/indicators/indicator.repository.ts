import { sql, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import { readCounters } from '../platform/read-versions.ts';
import type { IndicatorTable, TargetTable } from './indicators.tables.ts';
import { newId } from '../platform/ids.ts';
import type { IndicatorDefinition } from './indicator.rules.ts';
import type { SetTarget } from './target.rules.ts';

type IndicatorRow = Selectable<IndicatorTable>;
export type TargetRow = Selectable<TargetTable>;

function toRow(d: IndicatorDefinition, sortOrder: number) {
  return {
    code: d.code,
    name_vi: d.name.vi,
    name_en: d.name.en,
    definition_vi: d.definition.vi,
    definition_en: d.definition.en,
    reference: d.reference,
    numerator: d.numerator,
    denominator: d.denominator,
    factor: d.factor,
    decimals: d.decimals,
    higher_is_better: d.higherIsBetter,
    time_aggregation: d.timeAggregation,
    module: d.module,
    sort_order: sortOrder,
  };
}

export function toDefinition(r: IndicatorRow): IndicatorDefinition {
  return {
    code: r.code,
    name: { vi: r.name_vi, en: r.name_en },
    definition: { vi: r.definition_vi, en: r.definition_en },
    reference: r.reference,
    numerator: r.numerator,
    denominator: r.denominator,
    factor: r.factor as IndicatorDefinition['factor'],
    decimals: r.decimals,
    higherIsBetter: r.higher_is_better,
    timeAggregation: r.time_aggregation,
    module: r.module,
  };
}

/** Adds declared indicators that are not in the catalogue yet; never overwrites an administrator's edit. */
export async function seedIndicators(db: Db, definitions: readonly (IndicatorDefinition & { sortOrder: number })[]): Promise<void> {
  if (definitions.length === 0) return;
  await db
    .insertInto('indicator')
    .values(definitions.map((d) => toRow(d, d.sortOrder)))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function listIndicatorDefinitions(db: Db): Promise<IndicatorDefinition[]> {
  const rows = await db.selectFrom('indicator').selectAll().orderBy('sort_order').orderBy('code').execute();
  return rows.map(toDefinition);
}

export interface ReadVersions {
  /** Changes with every change to the catalogue. */
  catalogue: number;
  /** Changes with every change to anything an indicator-values answer is made of, the catalogue included. */
  values: number;
}

/** Both counters at once; triggers bump them in the changing transaction (migration 0005). */
export async function readVersions(db: Db): Promise<ReadVersions> {
  const counters = await readCounters(db, ['indicator_catalogue', 'indicator_values']);
  return { catalogue: counters.indicator_catalogue, values: counters.indicator_values };
}

/** Inserts or replaces a definition (a new one goes last in the catalogue's order). */
export async function saveIndicator(db: Db, definition: IndicatorDefinition, sortOrder: number): Promise<void> {
  const row = toRow(definition, sortOrder);
  const { sort_order, code, ...changes } = row;
  await db
    .insertInto('indicator')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...changes, updated_at: sql`now()` }))
    .execute();
}

/** A stored target as the rules read it. */
export const toSetTarget = (t: TargetRow): SetTarget => ({
  indicatorCode: t.indicator_code,
  orgUnitCode: t.org_unit_code,
  year: t.year,
  value: t.value,
  baselineYear: t.baseline_year,
  baselineValue: t.baseline_value,
});

export function listTargets(db: Db, indicators: readonly string[], orgUnits: readonly string[]): Promise<TargetRow[]> {
  if (indicators.length === 0 || orgUnits.length === 0) return Promise.resolve([]);
  return db.selectFrom('target').selectAll().where('indicator_code', 'in', indicators).where('org_unit_code', 'in', orgUnits).orderBy('year').execute();
}

export function listTargetsOf(db: Db, orgUnitCode: string): Promise<TargetRow[]> {
  return db.selectFrom('target').selectAll().where('org_unit_code', '=', orgUnitCode).orderBy('indicator_code').orderBy('year').execute();
}

export async function upsertTarget(
  db: Db,
  t: {
    indicatorCode: string;
    orgUnitCode: string;
    provinceCode: string;
    year: number;
    value: number;
    baselineYear: number;
    baselineValue: number | null;
    source: string | null;
  },
): Promise<TargetRow | undefined> {
  const previous = await db
    .selectFrom('target')
    .selectAll()
    .where('indicator_code', '=', t.indicatorCode)
    .where('org_unit_code', '=', t.orgUnitCode)
    .where('year', '=', t.year)
    .executeTakeFirst();
  const values = { value: t.value, baseline_year: t.baselineYear, baseline_value: t.baselineValue, source: t.source };
  await db
    .insertInto('target')
    .values({ id: newId(), indicator_code: t.indicatorCode, org_unit_code: t.orgUnitCode, province_code: t.provinceCode, year: t.year, ...values })
    .onConflict((oc) => oc.columns(['indicator_code', 'org_unit_code', 'year']).doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
  return previous;
}
