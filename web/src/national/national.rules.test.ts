import { describe, expect, it } from 'vitest';
import { provinceState, rankUnits } from './national.rules.ts';

const unit = (name: string, value: number | null) => ({ name, values: [{ indicator: 'HH_FIBER', value }] });
const freshness = (status: 'never' | 'ok' | 'unreachable' | 'refused', stale: boolean) => ({
  status,
  stale,
  lastSyncAt: null,
  lastAttemptAt: null,
  lastError: null,
});

describe('the national page', () => {
  it('ranks provinces with a value, ties shared, and leaves those without one unranked at the end', () => {
    const ranked = rankUnits([unit('Cao Bằng', null), unit('Lạng Sơn', 80), unit('Hà Nội', 90), unit('An Giang', 80)], 'HH_FIBER', true);
    expect(ranked.map((r) => [r.unit.name, r.rank])).toEqual([
      ['Hà Nội', 1],
      ['An Giang', 2],
      ['Lạng Sơn', 2],
      ['Cao Bằng', null],
    ]);
    expect(rankUnits([unit('A', 1), unit('B', 2)], 'HH_FIBER', false)[0]!.unit.name).toBe('A');
  });
  it('names a province’s state from its link and last pull', () => {
    expect(provinceState({ linked: false, freshness: null })).toBe('unlinked');
    expect(provinceState({ linked: true, freshness: freshness('ok', false) })).toBe('fresh');
    expect(provinceState({ linked: true, freshness: freshness('ok', true) })).toBe('stale');
    expect(provinceState({ linked: true, freshness: freshness('unreachable', true) })).toBe('unreachable');
    expect(provinceState({ linked: true, freshness: freshness('refused', true) })).toBe('refused');
  });
});
