import type { Db } from '../platform/database.ts';
import { AppError, badRequest, notFound } from '../platform/errors.ts';
import { findOrgUnit, listUnitsAtLevel } from '../territory/org-unit.repository.ts';
import { orgUnitNotFound } from '../territory/describe-org-unit.ts';
import { references } from './expression.rules.ts';
import { compileCatalogue, evaluateIndicator, type CompiledIndicator } from './indicator.rules.ts';
import type { IndicatorValueCell } from './indicator.schema.ts';
import { listIndicatorDefinitions, listTargets, readVersions, type ReadVersions } from './indicator.repository.ts';
import { readValues } from './data-value.repository.ts';
import { DATA_ELEMENT_CODES, DATA_SOURCES, SUB_YEAR_ELEMENTS } from './sources.ts';
import { targetStatus } from './target.rules.ts';
import { currentYear, FIRST_YEAR, isAvailable, parsePeriod, PERIOD_TYPES, yearsFrom, type Period, type PeriodType } from './periods.ts';

/** A request may ask for this many cells (indicators × units × periods) at most. */
export const MAX_CELLS = 10_000;

const sourceOf = new Map(DATA_SOURCES.flatMap((s) => s.elements.map((e) => [e.code, s] as const)));

type Catalogue = ReadonlyMap<string, CompiledIndicator>;

/*
 * Two in-process caches, per database handle (a process may open several: the tests do), each
 * kept with the version it was computed at. Triggers bump the versions in the transaction of any
 * change to what they depend on (migration 0005: this instance's writes, another instance's on the
 * same database, seeding, imports), so no code path has to remember to invalidate, and a read
 * costs one lookup of two small rows. The versions are read before the data: a change committed
 * between the two reads is cached under the older version and replaced at the next read, never
 * the reverse.
 */

/** The compiled catalogue. */
const compiled = new WeakMap<Db, { version: number; catalogue: Catalogue }>();

/**
 * Recent JSON answers: dashboards ask the same few questions over and over between writes. While
 * one is computed, the requests that miss it too wait for that computation (`computing`) instead
 * of repeating it: after each write, every open dashboard misses at once.
 */
interface Answers {
  version: number;
  byRequest: Map<string, Buffer>;
  computing: Map<string, Promise<Buffer>>;
}
const answers = new WeakMap<Db, Answers>();
const MAX_ANSWERS = 200;
/** Larger answers (thousands of cells) are rare and would crowd the others out. */
const MAX_ANSWER_BYTES = 512 * 1024;

/** The catalogue as the engine uses it; a broken stored definition is a server fault, said plainly. */
export async function loadCatalogue(db: Db, version?: number): Promise<Catalogue> {
  const current = version ?? (await readVersions(db)).catalogue;
  const cached = compiled.get(db);
  if (cached && cached.version === current) return cached.catalogue;
  const { indicators, issues } = compileCatalogue(await listIndicatorDefinitions(db), DATA_ELEMENT_CODES);
  if (issues.length > 0) throw new AppError(500, 'indicator.catalogue_invalid', { vi: 'Danh mục chỉ số có lỗi.', en: 'The indicator catalogue is invalid.' }, undefined, issues);
  compiled.set(db, { version: current, catalogue: indicators });
  return indicators;
}

/** Data elements an indicator needs, through the indicators it refers to. */
function elementsOf(indicator: CompiledIndicator, catalogue: ReadonlyMap<string, CompiledIndicator>, seen = new Set<string>()): string[] {
  const refs = [...references(indicator.numeratorExpression), ...(indicator.denominatorExpression ? references(indicator.denominatorExpression) : [])];
  return refs.flatMap((ref) => {
    const other = catalogue.get(ref);
    if (!other) return [ref];
    if (seen.has(ref)) return [];
    seen.add(ref);
    return elementsOf(other, catalogue, seen);
  });
}

/**
 * The period types an indicator has: quarters and months only when every data element it is made
 * of, denominator included, has them; a monthly numerator over a yearly denominator would be a
 * ratio of a month to a year.
 */
export function periodTypesOf(indicator: CompiledIndicator, catalogue: ReadonlyMap<string, CompiledIndicator>): PeriodType[] {
  const elements = elementsOf(indicator, catalogue);
  return elements.length > 0 && elements.every((e) => SUB_YEAR_ELEMENTS.has(e)) ? [...PERIOD_TYPES] : ['year'];
}

/**
 * The requested periods, parsed and checked against the data: text that is no period is a bad
 * request; a period before the first year or after today has no data (404, as a missing year).
 */
export function availablePeriods(requested: readonly string[] | undefined): Period[] {
  const years = yearsFrom(FIRST_YEAR).map(String);
  if (!requested) return years.map((y) => parsePeriod(y)!);
  return requested.map((text) => {
    const period = parsePeriod(text);
    if (!period) {
      throw badRequest('period.invalid', { vi: `Kỳ ${text} không hợp lệ: năm (2025), quý (2025Q1) hoặc tháng (202503).`, en: `${text} is not a period: a year (2025), a quarter (2025Q1) or a month (202503).` }, 'period');
    }
    if (!isAvailable(period)) {
      throw notFound('period.not_found', { vi: `Không có dữ liệu kỳ ${text} (có từ ${years[0]} đến hôm nay).`, en: `No data for period ${text} (${years[0]} to today available).` }, 'period');
    }
    return period;
  });
}

export interface ValuesRequest {
  indicator?: string[] | undefined;
  orgUnit: string;
  period?: string[] | undefined;
  level?: number | undefined;
}

export interface IndicatorValues {
  periods: string[];
  cells: IndicatorValueCell[];
}

/**
 * The same answer as UTF-8 JSON, reused while nothing it is made of has changed: the dashboard's
 * scorecard is asked for by every visitor, and between two writes it is the same bytes.
 */
export async function readIndicatorValuesJson(db: Db, request: ValuesRequest): Promise<Buffer> {
  const versions = await readVersions(db);
  // The year is part of the question: without `period`, a new year adds a column.
  const key = JSON.stringify([request.indicator ?? null, request.orgUnit, request.period ?? null, request.level ?? null, currentYear()]);
  let cache = answers.get(db);
  if (!cache || cache.version !== versions.values) {
    cache = { version: versions.values, byRequest: new Map(), computing: new Map() };
    answers.set(db, cache);
  }
  const hit = cache.byRequest.get(key);
  if (hit !== undefined) {
    // Most recently used last, so the oldest is the first to go.
    cache.byRequest.delete(key);
    cache.byRequest.set(key, hit);
    return hit;
  }
  // Joined only under the same version: the computation read its data after these versions.
  const pending = cache.computing.get(key);
  if (pending) return pending;
  const computing = computeJson(db, request, versions, key, cache).finally(() => cache.computing.delete(key));
  cache.computing.set(key, computing);
  return computing;
}

/** Computes an answer and keeps it, unless the versions moved on meanwhile. */
async function computeJson(db: Db, request: ValuesRequest, versions: ReadVersions, key: string, cache: Answers): Promise<Buffer> {
  const json = Buffer.from(JSON.stringify(await readIndicatorValues(db, request, versions)));
  if (json.length <= MAX_ANSWER_BYTES && answers.get(db) === cache) {
    cache.byRequest.set(key, json);
    if (cache.byRequest.size > MAX_ANSWERS) cache.byRequest.delete(cache.byRequest.keys().next().value!);
  }
  return json;
}

/** Public, aggregated values: every cell a lookup in data_value, always as fresh as the last write. */
export async function readIndicatorValues(db: Db, request: ValuesRequest, versions?: ReadVersions): Promise<IndicatorValues> {
  const catalogue = await loadCatalogue(db, versions?.catalogue);
  for (const code of request.indicator ?? []) {
    if (!catalogue.has(code)) throw notFound('indicator.not_found', { vi: `Không có chỉ số ${code}.`, en: `There is no indicator ${code}.` }, 'indicator');
  }
  const asked = availablePeriods(request.period);
  const periods = asked.map((p) => p.id);
  const types = new Set(asked.map((p) => p.type));
  const hasTypes = (code: string) => {
    const own = periodTypesOf(catalogue.get(code)!, catalogue);
    return [...types].every((t) => own.includes(t));
  };
  // Left out, "every indicator" means every one that has the periods asked for.
  const codes = request.indicator ?? [...catalogue.keys()].filter(hasTypes);
  for (const code of codes) {
    if (!hasTypes(code)) {
      throw badRequest(
        'indicator_values.period_type_not_available',
        { vi: `Chỉ số ${code} chỉ có giá trị theo năm: dữ liệu của nó không ghi theo ngày.`, en: `Indicator ${code} has yearly values only: its data is not dated by day.` },
        'period',
      );
    }
  }
  const root = await findOrgUnit(db, request.orgUnit);
  if (!root) throw orgUnitNotFound(request.orgUnit);
  const units = request.level === undefined || request.level === root.level ? [root] : request.level > root.level ? await listUnitsAtLevel(db, root.path, request.level) : [];
  if (units.length === 0) throw badRequest('indicator_values.bad_level', { vi: 'Cấp đơn vị phải thấp hơn đơn vị gốc.', en: 'The level must be below the unit.' }, 'level');
  const cellCount = codes.length * units.length * periods.length;
  if (cellCount > MAX_CELLS) {
    throw badRequest('indicator_values.too_many_cells', { vi: `Yêu cầu ${cellCount.toLocaleString('vi-VN')} ô, tối đa ${MAX_CELLS.toLocaleString('vi-VN')}. Hãy chọn ít chỉ số, kỳ hoặc đơn vị hơn.`, en: `That is ${cellCount} cells; at most ${MAX_CELLS}. Ask for fewer indicators, periods or units.` });
  }

  const indicators = codes.map((c) => catalogue.get(c)!);
  const reporting = (i: CompiledIndicator, type: PeriodType) => {
    const source = sourceOf.get(elementsOf(i, catalogue)[0] ?? '');
    return type === 'year' ? source?.reporting : source?.subYearReporting;
  };
  const elements = new Set(indicators.flatMap((i) => [...elementsOf(i, catalogue), ...[...types].flatMap((t) => Object.values(reporting(i, t) ?? {}))]));
  const targetRows = await listTargets(db, codes, units.map((u) => u.code));
  const baselineYears = targetRows.map((t) => String(t.baseline_year));
  // Yearly elements of a sub-year completeness pair are read at the period's year.
  const yearsOfAsked = asked.map((p) => String(p.year));
  const stored = await readValues(db, [...elements], [...new Set([...periods, ...yearsOfAsked, ...baselineYears])], units.map((u) => u.code));
  const sums = new Map(stored.map((v) => [`${v.data_element}|${v.period}|${v.org_unit_code}`, v.value]));

  const cells: IndicatorValueCell[] = [];
  for (const indicator of indicators) {
    for (const unit of units) {
      const at = (period: string) => (code: string) => sums.get(`${code}|${period}|${unit.code}`) ?? null;
      const atPeriod = (period: Period) => (code: string) => at(period.type === 'year' || SUB_YEAR_ELEMENTS.has(code) ? period.id : String(period.year))(code);
      const targets = targetRows
        .filter((t) => t.indicator_code === indicator.code && t.org_unit_code === unit.code)
        .map((t) => ({ year: t.year, value: t.value, baselineYear: t.baseline_year, baselineValue: t.baseline_value ?? evaluateIndicator(indicator, at(String(t.baseline_year)), catalogue).value }));
      for (const asking of asked) {
        const period = asking.id;
        const pair = reporting(indicator, asking.type);
        const result = evaluateIndicator(indicator, atPeriod(asking), catalogue);
        // Targets are set for years; a quarter or a month is not measured against one.
        const status = asking.type === 'year' ? targetStatus(result.value, asking.year, targets, indicator.higherIsBetter) : null;
        cells.push({
          indicator: indicator.code,
          orgUnit: unit.code,
          orgUnitName: unit.name,
          level: unit.level,
          isDemo: unit.is_demo,
          period,
          ...result,
          completeness: { reported: pair ? (atPeriod(asking)(pair.reported) ?? 0) : 0, expected: pair ? (atPeriod(asking)(pair.expected) ?? 0) : 0 },
          target: status && { year: status.target.year, value: status.target.value, expected: Number(status.expected.toFixed(indicator.decimals + 1)), status: status.status },
        });
      }
    }
  }
  return { periods, cells };
}
