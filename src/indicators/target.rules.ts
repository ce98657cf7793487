export type TargetStatus = 'achieved' | 'on_track' | 'behind';

export interface Target {
  year: number;
  value: number;
  baselineYear: number;
  baselineValue: number | null;
}

/**
 * Where a value stands against the province's targets. A target year's own value is achieved or
 * not; before it, the value is compared with the trajectory (`expectedAt`) to the nearest later
 * target (DHIS2 has no trajectory; officials plan year by year).
 */
export function targetStatus<T extends Target>(
  value: number | null,
  year: number,
  targets: readonly T[],
  higherIsBetter: boolean,
): { target: T; expected: number; status: TargetStatus } | null {
  if (value === null) return null;
  const at = expectedAt(year, targets);
  if (!at) return null;
  const { target, expected } = at;
  const meets = (aim: number) => (higherIsBetter ? value >= aim : value <= aim);
  if (target.year === year) return { target, expected, status: meets(target.value) ? 'achieved' : 'behind' };
  if (meets(target.value)) return { target, expected, status: 'achieved' };
  return { target, expected, status: meets(expected) ? 'on_track' : 'behind' };
}

/**
 * What the targets expect in a year: the nearest target at or after it, in its own year its
 * value, before it the straight line from the target before it or, before the first, from its
 * baseline (null before the baseline or after the last target): a plan's yearly steps, joined.
 */
export function expectedAt<T extends Target>(year: number, targets: readonly T[]): { target: T; expected: number } | null {
  const sorted = [...targets].sort((a, b) => a.year - b.year);
  const index = sorted.findIndex((t) => t.year >= year);
  const target = sorted[index];
  if (!target) return null;
  if (target.year === year) return { target, expected: target.value };
  const previous = sorted[index - 1];
  const from =
    previous && previous.year >= target.baselineYear
      ? { year: previous.year, value: previous.value }
      : { year: target.baselineYear, value: target.baselineValue };
  if (from.value === null || year < from.year) return null;
  const share = (year - from.year) / (target.year - from.year);
  return { target, expected: from.value + (target.value - from.value) * share };
}

/** A target row as stored, wherever it was set. */
export interface SetTarget extends Target {
  indicatorCode: string;
  /** The unit the target was set for. */
  orgUnitCode: string;
}

/**
 * The targets a unit is measured against for one indicator: its own, or else, for a share (a
 * percentage), those of the nearest unit above it that has some. The province's "84.5% of
 * households with fibre" is an aim for each commune and village too; its 920,000 subscribers are
 * the province's count, no commune's. An inherited target keeps its years and values, and its
 * baseline becomes the unit's own (left null, so the unit's value in the baseline year is used).
 * `lineage` is the unit's code and those above it, nearest first.
 */
export function targetsInForce(rows: readonly SetTarget[], indicatorCode: string, lineage: readonly string[], isShare: boolean): SetTarget[] {
  const [own, ...above] = lineage;
  const of = (code: string | undefined) => rows.filter((r) => r.indicatorCode === indicatorCode && r.orgUnitCode === code);
  const mine = of(own);
  if (mine.length > 0 || !isShare) return mine;
  for (const code of above) {
    const inherited = of(code);
    if (inherited.length > 0) return inherited.map((r) => ({ ...r, baselineValue: null }));
  }
  return [];
}

/** The codes of a unit and of every unit above it, nearest first, from its path (`20.06625.06625001`). */
export const lineageOf = (path: string): string[] => path.split('.').reverse();
