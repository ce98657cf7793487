import type { NationalScorecard } from '../../../src/national/national.schema.ts';

export type ProvinceRow = NationalScorecard['provinces'][number];
export type ProvinceState = 'unlinked' | 'fresh' | 'stale' | 'unreachable' | 'refused' | 'never';

/** What a province's row says about its figures: a failed or missing pull is named, never hidden. */
export function provinceState(row: Pick<ProvinceRow, 'linked' | 'freshness'>): ProvinceState {
  const f = row.freshness;
  if (!row.linked || !f) return 'unlinked';
  if (f.status === 'never' || f.status === 'unreachable' || f.status === 'refused') return f.status;
  return f.stale ? 'stale' : 'fresh';
}

export const valueIn = (values: readonly { indicator: string; value: number | null }[], indicator: string): number | null =>
  values.find((v) => v.indicator === indicator)?.value ?? null;

/**
 * Units ranked by an indicator: those with a value first, best first (rank shared on a tie), then
 * those without, by name, with no rank: a missing figure is not the last place.
 */
export function rankUnits<T extends { name: string; values: readonly { indicator: string; value: number | null }[] }>(
  units: readonly T[],
  indicator: string,
  higherIsBetter: boolean,
): { unit: T; value: number | null; rank: number | null }[] {
  const collator = new Intl.Collator('vi');
  const withValue = units.map((unit) => ({ unit, value: valueIn(unit.values, indicator) }));
  const present = withValue
    .filter((u) => u.value !== null)
    .sort((a, b) => (higherIsBetter ? b.value! - a.value! : a.value! - b.value!) || collator.compare(a.unit.name, b.unit.name));
  const absent = withValue.filter((u) => u.value === null).sort((a, b) => collator.compare(a.unit.name, b.unit.name));
  let rank = 0;
  return [
    ...present.map((u, i) => {
      if (i === 0 || u.value !== present[i - 1]!.value) rank = i + 1;
      return { ...u, rank };
    }),
    ...absent.map((u) => ({ ...u, rank: null })),
  ];
}
