import type { Db } from '../platform/database.ts';
import { versionedAnswers } from '../platform/versioned-answers.ts';
import { readCounters } from '../platform/read-versions.ts';
import { AppError, badRequest, notFound } from '../platform/errors.ts';
import { findOrgUnit, listUnitsAtLevel, orgUnitNotFound, type OrgUnitRow } from '../territory/index.ts';
import { references } from './expression.rules.ts';
import { compileCatalogue, evaluateIndicator, type CompiledIndicator } from './indicator.rules.ts';
import type { IndicatorValueCell } from './indicator.schema.ts';
import { listIndicatorDefinitions, listTargets, readVersions, toSetTarget, type ReadVersions } from './indicator.repository.ts';
import { readValues } from './data-value.repository.ts';
import { dataElementCodes, readTimeElements, sourceOf, subYearElements } from './sources.ts';
import type { ReadTimeElement, ReadTimeValue } from './data-source.ts';
import { lineageOf, targetStatus, targetsInForce } from './target.rules.ts';
import { findSmallCells, type CellPrivacy } from './suppress-small-cells.ts';
import { suppressionNote } from './small-cells.rules.ts';
import { FIRST_YEAR, isAvailable, parsePeriod, PERIOD_TYPES, yearsFrom, type Period, type PeriodType } from './periods.ts';
import { todayInVietnam } from '../platform/dates.ts';

/** A request may ask for this many cells (indicators × units × periods) at most. */
export const MAX_CELLS = 10_000;

type Catalogue = ReadonlyMap<string, CompiledIndicator>;

/*
 * The compiled catalogue and recent JSON answers are kept per database handle under the versions
 * triggers bump in the transaction of any change to what they depend on (migration 0005; see
 * platform/versioned-answers.ts), so a read costs one lookup of two small rows.
 */

/** The least complete of an indicator's sources (none: nothing expected). */
function leastComplete(pairs: readonly { reported: number; expected: number }[]): { reported: number; expected: number } {
  const share = (p: { reported: number; expected: number }) => (p.expected === 0 ? 1 : p.reported / p.expected);
  return pairs.reduce((least, p) => (share(p) < share(least) ? p : least), pairs[0] ?? { reported: 0, expected: 0 });
}

/** The compiled catalogue. */
const compiled = new WeakMap<Db, { version: number; catalogue: Catalogue }>();

/** Dashboards ask the same few questions over and over between writes. */
const answers = versionedAnswers({ maxAnswers: 200, maxBytes: 512 * 1024 });

/** The catalogue as the engine uses it; a broken stored definition is a server fault, said plainly. */
export async function loadCatalogue(db: Db, version?: number): Promise<Catalogue> {
  const current = version ?? (await readVersions(db)).catalogue;
  const cached = compiled.get(db);
  if (cached && cached.version === current) return cached.catalogue;
  const { indicators, issues } = compileCatalogue(await listIndicatorDefinitions(db), dataElementCodes());
  if (issues.length > 0)
    throw new AppError(500, 'indicator.catalogue_invalid', { vi: 'Danh mục chỉ số có lỗi.', en: 'The indicator catalogue is invalid.' }, undefined, issues);
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
  return elements.length > 0 && elements.every((e) => subYearElements().has(e)) ? [...PERIOD_TYPES] : ['year'];
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
      throw badRequest(
        'period.invalid',
        {
          vi: `Kỳ ${text} không hợp lệ: năm (2025), quý (2025Q1) hoặc tháng (202503).`,
          en: `${text} is not a period: a year (2025), a quarter (2025Q1) or a month (202503).`,
        },
        'period',
      );
    }
    if (!isAvailable(period)) {
      throw notFound(
        'period.not_found',
        { vi: `Không có dữ liệu kỳ ${text} (có từ ${years[0]} đến hôm nay).`, en: `No data for period ${text} (${years[0]} to today available).` },
        'period',
      );
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
  suppression: { minHouseholds: number; note: { vi: string; en: string } };
}

/**
 * The same answer as UTF-8 JSON, reused while nothing it is made of has changed: the dashboard's
 * scorecard is asked for by every visitor, and between two writes it is the same bytes. While
 * writes stream in, readers get the answer before the one being computed, never more than a
 * second behind the latest write (platform/versioned-answers.ts).
 */
export async function readIndicatorValuesJson(db: Db, request: ValuesRequest, privacy: CellPrivacy): Promise<Buffer> {
  const versions = await readVersions(db);
  // The year is part of the question: without `period`, a new year adds a column; so are the
  // scopes the caller sees exactly in (none for the public), which decide the small cells.
  // Today too: a period in progress says up to which day its figures run.
  const key = JSON.stringify([request.indicator ?? null, request.orgUnit, request.period ?? null, request.level ?? null, todayInVietnam(), privacy.scopes]);
  return answers.get(db, versions.values, key, () => readIndicatorValues(db, request, privacy, versions));
}

/**
 * Public, aggregated values: every cell a lookup in data_value, always as fresh as the last write.
 * A cell made from too few households is suppressed unless the caller's scope covers its unit.
 */
export async function readIndicatorValues(db: Db, request: ValuesRequest, privacy: CellPrivacy, versions?: ReadVersions): Promise<IndicatorValues> {
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
        {
          vi: `Chỉ số ${code} chỉ có giá trị theo năm: dữ liệu của nó không ghi theo ngày.`,
          en: `Indicator ${code} has yearly values only: its data is not dated by day.`,
        },
        'period',
      );
    }
  }
  const root = await findOrgUnit(db, request.orgUnit);
  if (!root) throw orgUnitNotFound(request.orgUnit);
  const units =
    request.level === undefined || request.level === root.level
      ? [root]
      : request.level > root.level
        ? await listUnitsAtLevel(db, root.path, request.level)
        : [];
  if (units.length === 0)
    throw badRequest('indicator_values.bad_level', { vi: 'Cấp đơn vị phải thấp hơn đơn vị gốc.', en: 'The level must be below the unit.' }, 'level');
  const cellCount = codes.length * units.length * periods.length;
  if (cellCount > MAX_CELLS) {
    throw badRequest('indicator_values.too_many_cells', {
      vi: `Yêu cầu ${cellCount.toLocaleString('vi-VN')} ô, tối đa ${MAX_CELLS.toLocaleString('vi-VN')}. Hãy chọn ít chỉ số, kỳ hoặc đơn vị hơn.`,
      en: `That is ${cellCount} cells; at most ${MAX_CELLS}. Ask for fewer indicators, periods or units.`,
    });
  }

  const indicators = codes.map((c) => catalogue.get(c)!);
  // Completeness is that of every source an indicator is made of: coverage's residents covered
  // over the households' residents has not been reported until both have.
  const reporting = (i: CompiledIndicator, type: PeriodType) =>
    [...new Set(elementsOf(i, catalogue).map((e) => sourceOf(e)))].flatMap((source) => {
      const pair = type === 'year' ? source?.reporting : source?.subYearReporting;
      return pair ? [pair] : [];
    });
  const elements = new Set(
    indicators.flatMap((i) => [...elementsOf(i, catalogue), ...[...types].flatMap((t) => reporting(i, t).flatMap((pair) => Object.values(pair)))]),
  );
  const lineages = new Map(units.map((u) => [u.code, lineageOf(u.path)]));
  const targetRows = (await listTargets(db, codes, [...new Set([...lineages.values()].flat())])).map(toSetTarget);
  const baselineYears = targetRows.map((t) => String(t.baselineYear));
  const today = todayInVietnam();
  // Yearly elements of a sub-year completeness pair are read at the period's year.
  const yearsOfAsked = asked.map((p) => String(p.year));
  const readPeriods = [...new Set([...periods, ...yearsOfAsked, ...baselineYears])];
  const stored = await readValues(
    db,
    [...elements].filter((e) => !readTimeElements().has(e)),
    readPeriods,
    units.map((u) => u.code),
  );
  const sums = new Map(stored.map((v) => [`${v.data_element}|${v.period}|${v.org_unit_code}`, v.value]));
  const fewRecords = await readTimeValues(db, [...elements], units, readPeriods, sums, privacy);
  const smallCells = await findSmallCells(db, units, asked, privacy);
  const isSuppressed = (element: string, unitCode: string, period: Period) =>
    fewRecords.has(`${element}|${period.id}|${unitCode}`) || smallCells(element, unitCode, period);

  const cells: IndicatorValueCell[] = [];
  for (const indicator of indicators) {
    for (const unit of units) {
      const at = (period: string) => (code: string) => sums.get(`${code}|${period}|${unit.code}`) ?? null;
      const atPeriod = (period: Period) => (code: string) => at(period.type === 'year' || subYearElements().has(code) ? period.id : String(period.year))(code);
      const targets = targetsInForce(targetRows, indicator.code, lineages.get(unit.code)!, indicator.denominatorExpression !== null).map((t) => ({
        ...t,
        baselineValue: t.baselineValue ?? evaluateIndicator(indicator, at(String(t.baselineYear)), catalogue).value,
      }));
      const rounded = (n: number) => Number(n.toFixed(indicator.decimals + 1));
      for (const asking of asked) {
        const period = asking.id;
        const suppressed = elementsOf(indicator, catalogue).some((e) => isSuppressed(e, unit.code, asking));
        const result = suppressed
          ? { value: null, numerator: null, denominator: null, reason: 'suppressed' as const }
          : evaluateIndicator(indicator, atPeriod(asking), catalogue);
        const least = leastComplete(
          reporting(indicator, asking.type).map((pair) => ({ reported: atPeriod(asking)(pair.reported) ?? 0, expected: atPeriod(asking)(pair.expected) ?? 0 })),
        );
        // No value for want of data: no unit below has reported all the indicator is made of, whatever
        // its source's other elements say (operators' subscriber reports share a source with fibre records).
        const completeness = result.reason === 'no_data' ? { reported: 0, expected: least.expected } : least;
        const inProgress = asking.end >= today;
        // A period still running whose units have not all reported has no value yet: not the same as none.
        const reason = result.reason === 'no_data' && inProgress && completeness.reported < completeness.expected ? 'not_reported_yet' : result.reason;
        // Targets are set for years; a quarter or a month is not measured against one.
        const status = asking.type === 'year' && !suppressed ? targetStatus(result.value, asking.year, targets, indicator.higherIsBetter) : null;
        cells.push({
          indicator: indicator.code,
          orgUnit: unit.code,
          orgUnitName: unit.name,
          level: unit.level,
          isDemo: unit.is_demo,
          period,
          ...result,
          reason,
          completeness,
          inProgress: inProgress ? { until: today } : null,
          target: status && {
            year: status.target.year,
            value: status.target.value,
            expected: rounded(status.expected),
            status: status.status,
            gap: rounded(result.value! - status.expected),
            setFor: status.target.orgUnitCode,
          },
        });
      }
    }
  }
  return { periods, cells, suppression: { minHouseholds: privacy.minHouseholds, note: suppressionNote(privacy.minHouseholds) } };
}

/** Read-time figures kept between reads, per database, under their own counter (decision 0055). */
const keptReadTimeValues = new WeakMap<Db, Map<string, { version: number; values: Promise<ReadTimeValue[]> }>>();
/** Questions of read-time figures kept per database: the dashboard asks a few, over and over. */
const MAX_KEPT_READ_TIME = 100;

/**
 * An element's figures for these units and periods: kept while its counter stays, so a scorecard
 * made again after an indicator write does not read every order again for a median they left as it
 * was. The counter is read before the figures, as for the answers (platform/versioned-answers.ts).
 */
async function readTimeElementValues(db: Db, element: ReadTimeElement, units: readonly OrgUnitRow[], periods: readonly Period[]): Promise<ReadTimeValue[]> {
  const version = (await readCounters(db, [element.counter]))[element.counter];
  let kept = keptReadTimeValues.get(db);
  if (!kept) keptReadTimeValues.set(db, (kept = new Map()));
  const key = JSON.stringify([element.code, units.map((u) => [u.code, u.path]), periods.map((p) => p.id)]);
  const found = kept.get(key);
  if (found?.version === version) return found.values;
  const values = element.read(db, units, periods);
  // A failed read is not kept: the next asks again.
  values.catch(() => {
    if (kept.get(key)?.values === values) kept.delete(key);
  });
  kept.delete(key);
  kept.set(key, { version, values });
  if (kept.size > MAX_KEPT_READ_TIME) kept.delete(kept.keys().next().value!);
  return values;
}

/**
 * The figures computed when read (decision 0036), added to `sums` under the same keys as stored
 * ones; returns the keys of those made from fewer records than a public cell may show, for a caller
 * who does not see the unit exactly.
 */
async function readTimeValues(
  db: Db,
  elements: readonly string[],
  units: readonly OrgUnitRow[],
  periodIds: readonly string[],
  sums: Map<string, number>,
  privacy: CellPrivacy,
): Promise<Set<string>> {
  const few = new Set<string>();
  const periods = periodIds.map((id) => parsePeriod(id)!);
  const exact = new Set(units.filter((u) => privacy.seesExactly(u.path)).map((u) => u.code));
  for (const code of elements) {
    const element = readTimeElements().get(code);
    if (!element) continue;
    const own = element.subYear ? periods : periods.filter((p) => p.type === 'year');
    for (const v of await readTimeElementValues(db, element, units, own)) {
      const key = `${code}|${v.period}|${v.orgUnitCode}`;
      sums.set(key, v.value);
      if (v.records < privacy.minHouseholds && !exact.has(v.orgUnitCode)) few.add(key);
    }
  }
  return few;
}
