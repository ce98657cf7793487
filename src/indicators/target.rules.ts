export type TargetStatus = 'achieved' | 'on_track' | 'behind';

export interface Target {
  year: number;
  value: number;
  baselineYear: number;
  baselineValue: number | null;
}

/**
 * Where a value stands against the province's targets. A target year's own value is achieved or
 * not; before it, the value is compared with the straight trajectory from the baseline to the
 * nearest later target (DHIS2 has no trajectory; officials plan year by year).
 */
export function targetStatus(value: number | null, year: number, targets: readonly Target[], higherIsBetter: boolean): { target: Target; expected: number; status: TargetStatus } | null {
  if (value === null) return null;
  const target = [...targets].sort((a, b) => a.year - b.year).find((t) => t.year >= year);
  if (!target) return null;
  const meets = (expected: number) => (higherIsBetter ? value >= expected : value <= expected);
  if (target.year === year) return { target, expected: target.value, status: meets(target.value) ? 'achieved' : 'behind' };
  if (target.baselineValue === null || year < target.baselineYear) return null;
  const share = (year - target.baselineYear) / (target.year - target.baselineYear);
  const expected = target.baselineValue + (target.value - target.baselineValue) * share;
  if (meets(target.value)) return { target, expected, status: 'achieved' };
  return { target, expected, status: meets(expected) ? 'on_track' : 'behind' };
}
