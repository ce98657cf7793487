/**
 * The calibration core of the demo province: the report's figures, and exact integer splits.
 * Every figure is reached by construction (choose exact sets, then correct the residual one unit
 * at a time), never by hoping that random draws land on it.
 */

/** The report's province figures (PRODUCT.md section 2) that the demo reproduces at scale 1. */
export const REPORT_FIGURES = {
  villages: 1680,
  households: 205_000,
  residents: 814_000,
  villagesWithoutStableMobile2021: 268,
  villagesWithoutBroadband2021: 405,
  /** "100% of communes" by July 2025; a handful of remote communes had no fibre point in 2021. */
  communesWithoutFiber2021: 7,
  populationCovered3GPercent2025: 99.7,
  householdsWithFiberPercent2025: 84.5,
  adultsWithEpayPercent2025: 76,
  /** "more than 920,000". */
  smartphoneSubscribers2025: 921_500,
  /** Community digital team members trained: "more than 8,000". */
  teamMembersTrainedMoreThan: 8_000,
} as const;

export const SCALE_LIMITS = { min: 0.05, max: 20 } as const;

export interface DemoTargets {
  villages: number;
  households: number;
  residents: number;
  villagesWithoutStableMobile2021: number;
  villagesWithoutBroadband2021: number;
  communesWithoutFiber2021: number;
  /** Residents of villages still without stable 3G at the end of 2025. */
  residentsUncovered2025: number;
  householdsWithFiber2025: number;
  /** Share of adults with an e-payment account in 2025 (the count depends on the adults drawn). */
  adultsWithEpayShare2025: number;
  smartphoneSubscribers2025: number;
  /** Strictly more team members than this are trained. */
  teamMembersTrainedMoreThan: number;
}

/** Counts multiply by the scale; percentages stay. */
export function demoTargets(scale: number): DemoTargets {
  const f = REPORT_FIGURES;
  const residents = Math.round(f.residents * scale);
  const households = Math.round(f.households * scale);
  return {
    villages: Math.round(f.villages * scale),
    households,
    residents,
    villagesWithoutStableMobile2021: Math.round(f.villagesWithoutStableMobile2021 * scale),
    villagesWithoutBroadband2021: Math.round(f.villagesWithoutBroadband2021 * scale),
    communesWithoutFiber2021: f.communesWithoutFiber2021,
    residentsUncovered2025: Math.round(residents * (1 - f.populationCovered3GPercent2025 / 100)),
    householdsWithFiber2025: Math.round(households * (f.householdsWithFiberPercent2025 / 100)),
    adultsWithEpayShare2025: f.adultsWithEpayPercent2025 / 100,
    smartphoneSubscribers2025: Math.round(f.smartphoneSubscribers2025 * scale),
    teamMembersTrainedMoreThan: Math.floor(f.teamMembersTrainedMoreThan * scale),
  };
}

/** numerator / denominator as a percentage rounded to `decimals`; null when there is no denominator. */
export function percent(numerator: number, denominator: number, decimals: number): number | null {
  if (denominator === 0) return null;
  const factor = 10 ** decimals;
  return Math.round((numerator / denominator) * 100 * factor) / factor;
}

/** Per-item bounds: one number for every item, or one per item. */
export type Bound = number | ArrayLike<number>;
const boundAt = (bound: Bound, i: number): number => (typeof bound === 'number' ? bound : (bound[i] as number));

/** A mutable list of small non-negative integers: a plain array or a typed array. */
export type Counts = { [index: number]: number; readonly length: number };

/**
 * Moves `values` to sum exactly `target`, keeping each within [lo, hi]: visits the items in
 * `order` (and in reverse order when it must take away), one step each, until the gap closes.
 * Throws when the bounds leave no way to reach the target.
 */
export function adjustToTotal(values: Counts, target: number, lo: Bound, hi: Bound, order: ArrayLike<number>): void {
  let gap = target;
  for (let i = 0; i < values.length; i++) gap -= values[i] as number;
  while (gap !== 0) {
    const up = gap > 0;
    // Large gaps move several units per visit so a pass never has to repeat thousands of times.
    const step = Math.max(1, Math.floor(Math.abs(gap) / Math.max(1, order.length)));
    let moved = 0;
    for (let k = 0; k < order.length && gap !== 0; k++) {
      const i = order[up ? k : order.length - 1 - k] as number;
      const value = values[i] as number;
      const room = up ? boundAt(hi, i) - value : value - boundAt(lo, i);
      const delta = Math.min(step, room, Math.abs(gap));
      if (delta <= 0) continue;
      values[i] = up ? value + delta : value - delta;
      gap += up ? -delta : delta;
      moved += delta;
    }
    if (moved === 0) throw new Error(`Cannot reach the total ${target} within the bounds (${gap} short).`);
  }
}

/**
 * Splits `total` into integers proportional to `weights`, each within [lo, hi], summing exactly
 * to `total`: the rounded-down shares first, then the largest remainders.
 */
export function allocate(total: number, weights: readonly number[], lo: Bound = 0, hi: Bound = Number.MAX_SAFE_INTEGER): number[] {
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const quotas = weights.map((w) => (weightSum > 0 ? (total * w) / weightSum : total / weights.length));
  const values = quotas.map((q, i) => Math.min(boundAt(hi, i), Math.max(boundAt(lo, i), Math.floor(q))));
  const order = quotas
    .map((q, i) => ({ i, owed: q - (values[i] as number) }))
    .sort((a, b) => b.owed - a.owed || a.i - b.i)
    .map((x) => x.i);
  adjustToTotal(values, total, lo, hi, order);
  return values;
}

/**
 * Exactly `k` items chosen: every forced item, then the highest scores (ties by position).
 * Throws when more than `k` items are forced or fewer than `k` exist.
 */
export function chooseExactly(k: number, scores: readonly number[], forced: readonly boolean[]): boolean[] {
  const forcedCount = forced.filter(Boolean).length;
  if (forcedCount > k || k > scores.length) throw new Error(`Cannot choose ${k} of ${scores.length} items with ${forcedCount} forced.`);
  const ranked = scores.map((score, i) => ({ i, score: forced[i] ? Number.POSITIVE_INFINITY : score })).sort((a, b) => b.score - a.score || a.i - b.i);
  const chosen = scores.map(() => false);
  for (const { i } of ranked.slice(0, k)) chosen[i] = true;
  return chosen;
}

const DAY_MS = 86_400_000;

/** A day ('YYYY-MM-DD') `days` after `day`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The years the demo covers: every household is surveyed on 30 June of each. */
export const SURVEY_YEARS = [2021, 2022, 2023, 2024, 2025] as const;
export const surveyDay = (year: number): string => `${year}-06-30`;
/** The coverage history starts with a record of every village on this day, and ends with 2025. */
export const HISTORY_START = '2021-01-01';
export const HISTORY_END = '2025-12-31';
