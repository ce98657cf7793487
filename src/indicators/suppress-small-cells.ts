import type { Db } from '../platform/database.ts';
import { listUnitsAtLevel, type OrgUnitRow } from '../territory/index.ts';
import { readValues } from './data-value.repository.ts';
import { householdsBehind, subYearElements } from './sources.ts';
import { suppressedUnits } from './small-cells.rules.ts';
import { periodsOfYear, type Period } from './periods.ts';

/** Who is asking, for small cells: the fewest households a public cell may show, and the units the caller may see exactly. */
export interface CellPrivacy {
  minHouseholds: number;
  /** The scopes the caller sees exactly in, as the answer's cache tells callers apart. */
  scopes: readonly string[];
  /** Whether the caller's scope covers the unit at this path (anonymous: never). */
  seesExactly(path: string): boolean;
}

/** For the province's own programs (the demo's checks, the benchmarks): every value exact. */
export const EXACT_VALUES: CellPrivacy = { minHouseholds: 1, scopes: ['everything'], seesExactly: () => true };

/** Whether an element's value at a unit and period must be left out of this caller's answer. */
export type IsSuppressed = (dataElement: string, unitCode: string, period: Period) => boolean;

/** The periods of a year whose figures can be set against each other: all of the year's for flows, which add up; the year alone for yearly figures. */
const comparablePeriods = (households: string, year: number) => (subYearElements().has(households) ? periodsOfYear(year).map((p) => p.id) : [String(year)]);
/**
 * The groups of siblings a unit's cells can be set against through the sums: its own and each of
 * its ancestors' (a partner commune hidden beside the village's commune is carried down to one of
 * its villages), as the parent's path and the group's level.
 */
function siblingGroups(unit: OrgUnitRow): { path: string; level: number }[] {
  const codes = unit.path.split('.');
  // The unit's level is its place on the path: the ancestor `up` steps above it is at `level - up`.
  return codes.slice(1).map((_, i) => ({ path: codes.slice(0, i + 1).join('.'), level: unit.level - (codes.length - i - 2) }));
}

/**
 * The small cells of an answer about `units` over `periods` (decision 0017). The households behind
 * each unit's cells are read for the unit's siblings and its ancestors' too, and for every period
 * of the year the answer's periods can be compared with, so a suppression is the same whichever
 * units and periods an answer lists.
 */
export async function findSmallCells(db: Db, units: readonly OrgUnitRow[], periods: readonly Period[], privacy: CellPrivacy): Promise<IsSuppressed> {
  const hidden = units.filter((u) => !privacy.seesExactly(u.path));
  if (hidden.length === 0 || privacy.minHouseholds <= 1) return () => false;
  const groups = new Map(hidden.flatMap(siblingGroups).map((g) => [`${g.path}|${g.level}`, g]));
  const siblings = (await Promise.all([...groups.values()].map((g) => listUnitsAtLevel(db, g.path, g.level)))).flat();
  const all = new Map([...siblings, ...hidden].map((u) => [u.code, u]));
  const bases = [...new Set(householdsBehind().values())];
  const years = [...new Set(periods.map((p) => p.year))];
  const basisPeriods = [...new Set(bases.flatMap((b) => years.flatMap((y) => comparablePeriods(b, y))))];
  const stored = await readValues(db, bases, basisPeriods, [...all.keys()]);
  const count = new Map(stored.map((v) => [`${v.data_element}|${v.period}|${v.org_unit_code}`, v.value]));
  const suppressed = new Map<string, Set<string>>();
  for (const basis of bases) {
    for (const year of years) {
      const comparable = comparablePeriods(basis, year);
      const counts = [...all.values()].map((u) => ({
        code: u.code,
        parentCode: u.parent_code,
        households: Object.fromEntries(comparable.map((p) => [p, count.get(`${basis}|${p}|${u.code}`) ?? 0])),
      }));
      suppressed.set(`${basis}|${year}`, suppressedUnits(counts, privacy.minHouseholds));
    }
  }
  const exact = new Set(units.filter((u) => privacy.seesExactly(u.path)).map((u) => u.code));
  return (dataElement, unitCode, period) => {
    const basis = householdsBehind().get(dataElement);
    if (!basis || exact.has(unitCode)) return false;
    return suppressed.get(`${basis}|${period.year}`)?.has(unitCode) ?? false;
  };
}
