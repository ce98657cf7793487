import type { Db } from '../platform/database.ts';
import { readCounters } from '../platform/read-versions.ts';
import { badRequest } from '../platform/errors.ts';
import { indicatorEvaluator } from '../indicators/index.ts';
import { versionedAnswers } from '../platform/versioned-answers.ts';
import { LEVEL, listProvinces, listUnitsAtLevel, type OrgUnitRow } from '../territory/index.ts';
import { findLink, listLinks, readPulledValues, type NationalLinkRow } from './national.repository.ts';
import { freshnessOf, sumProvinces } from './national.rules.ts';
import type { NationalScorecard, ProvinceDrillDown } from './national.schema.ts';
import { findProvince } from './link-province.ts';
import { linkNotFound } from './pull-province.ts';

type PulledValue = Awaited<ReturnType<typeof readPulledValues>>[number];

export function checkPeriod(period: string): string {
  if (!/^\d{4}$/.test(period))
    throw badRequest('period.invalid', { vi: `Kỳ ${period} không hợp lệ: một năm (2025).`, en: `${period} is not a year (2025).` }, 'period');
  return period;
}

type Evaluator = Awaited<ReturnType<typeof indicatorEvaluator>>;

/** Each unit's indicators from its pulled values (none pulled: every value null). */
async function unitRows(db: Db, evaluator: Evaluator, units: readonly OrgUnitRow[], period: string) {
  const byUnit = new Map<string, PulledValue[]>();
  for (const v of await readPulledValues(
    db,
    units.map((u) => u.code),
    period,
  ))
    byUnit.set(v.org_unit_code, [...(byUnit.get(v.org_unit_code) ?? []), v]);
  return units.map((unit) => ({ code: unit.code, name: unit.name, values: evaluator.evaluate(sumProvinces(byUnit.get(unit.code) ?? [])) }));
}

/**
 * The nation's scorecard for a year: each province's indicators from its last pulled values, with
 * how fresh they are, and the nation's from the sums over the provinces that have values.
 */
export async function readNationalScorecard(db: Db, period: string, now = new Date(), linkRows?: readonly NationalLinkRow[]): Promise<NationalScorecard> {
  const evaluator = await indicatorEvaluator(db);
  const roots = await listProvinces(db);
  const links = new Map((linkRows ?? (await listLinks(db))).map((l) => [l.province_code, l]));
  const provinceValues = await readPulledValues(
    db,
    roots.map((p) => p.code),
    period,
  );
  const rows = await unitRows(db, evaluator, roots, period);
  const counted = new Set(provinceValues.map((v) => v.province_code));
  return {
    period,
    indicators: evaluator.catalogue.map((c) => ({ code: c.indicator, name: c.name, higherIsBetter: c.higherIsBetter, factor: c.factor, decimals: c.decimals })),
    nation: {
      values: evaluator.evaluate(sumProvinces(provinceValues)),
      provincesCounted: counted.size,
      provincesLinked: links.size,
      provincesTotal: roots.length,
    },
    provinces: rows.map((row) => {
      const link = links.get(row.code);
      return { ...row, linked: link !== undefined, freshness: link ? freshnessOf(link, now) : null };
    }),
  };
}

/** Every visitor of the national page asks for the same few years; answers change only with a pull, a link or the catalogue. */
const answers = versionedAnswers({ maxAnswers: 20, maxBytes: 512 * 1024 });

/**
 * The nation's scorecard as UTF-8 JSON, from memory while nothing it is made of has changed. Its
 * version is read first (decision 0009's order) and made of: the catalogue's and the territory's
 * counters (migration 0005), and each link's freshness as it stands now with the time of its last
 * good pull. A province's values change only in the transaction that sets that time (a pull), and
 * a province turning stale, a failed pull or an edited link changes its freshness, so each is a
 * new version. Each province's own time, not the latest of them: a pull that started earlier but
 * committed later would leave the latest unchanged.
 */
export async function readNationalScorecardJson(db: Db, period: string, now = new Date()): Promise<Buffer> {
  const versions = await readCounters(db, ['indicator_catalogue', 'indicator_values']);
  const links = await listLinks(db);
  const version = JSON.stringify([versions, links.map((link) => [link.province_code, link.every_minutes, freshnessOf(link, now)])]);
  return answers.get(db, version, period, () => readNationalScorecard(db, period, now, links));
}

/** A province's communes from its pulled values, with the province's freshness. */
export async function readProvinceDrillDown(db: Db, provinceCode: string, period: string, now = new Date()): Promise<ProvinceDrillDown> {
  const province = await findProvince(db, provinceCode);
  const link = await findLink(db, provinceCode);
  if (!link) throw linkNotFound(provinceCode);
  const evaluator = await indicatorEvaluator(db);
  const [provinceRow] = await unitRows(db, evaluator, [province], period);
  return {
    period,
    province: { ...provinceRow!, freshness: freshnessOf(link, now) },
    communes: await unitRows(db, evaluator, await listUnitsAtLevel(db, province.path, LEVEL.commune), period),
  };
}
