import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkProvinceValues, freshnessOf, isDue, sumProvinces } from './national.rules.ts';
import { simplifyBoundaries, type BoundaryCollection } from './boundaries.rules.ts';

const value = (orgUnit: string, v = '1') => ({ dataElement: 'HOUSEHOLDS', orgUnit, period: '2025', value: v });

describe('a province’s values', () => {
  it('are refused when one names a unit the province does not own, or is not a number', () => {
    const owned = new Set(['20', '06625']);
    expect(checkProvinceValues([value('20'), value('06625')], owned)).toEqual({ foreignUnits: [], badValues: 0 });
    expect(checkProvinceValues([value('20'), value('00004'), value('00004')], owned).foreignUnits).toEqual(['00004']);
    expect(checkProvinceValues([value('20', 'NaN'), value('20', ' ')], owned).badValues).toBe(2);
  });

  it('add up over the provinces that have them: none is null, not zero', () => {
    const sums = sumProvinces([
      { data_element: 'HOUSEHOLDS', value: 10 },
      { data_element: 'HOUSEHOLDS', value: 5 },
    ]);
    expect(sums('HOUSEHOLDS')).toBe(15);
    expect(sums('RESIDENTS')).toBeNull();
  });
});

describe('freshness', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  const link = {
    status: 'ok' as const,
    every_minutes: 15,
    last_error: null,
    last_attempt_at: new Date('2026-12-05T09:50:00Z'),
    last_success_at: new Date('2026-12-05T09:50:00Z'),
  };
  it('is stale after a failed pull, or when the last good one is older than two periods', () => {
    expect(freshnessOf(link, now).stale).toBe(false);
    expect(freshnessOf({ ...link, status: 'unreachable' }, now).stale).toBe(true);
    expect(freshnessOf({ ...link, last_success_at: new Date('2026-12-05T09:29:00Z') }, now).stale).toBe(true);
    expect(freshnessOf({ ...link, status: 'never', last_success_at: null }, now)).toMatchObject({ stale: true, lastSyncAt: null });
  });
  it('makes a link due when its period has passed since the last attempt', () => {
    expect(isDue(link, now)).toBe(false);
    expect(isDue(link, new Date('2026-12-05T10:05:00Z'))).toBe(true);
    expect(isDue({ ...link, last_attempt_at: null }, now)).toBe(true);
  });
});

describe('the provinces’ map', () => {
  const source = JSON.parse(readFileSync(new URL('./data/provinces.geojson', import.meta.url), 'utf8')) as BoundaryCollection;
  const simplified = simplifyBoundaries(source);
  it('keeps all 34 provinces, each with closed rings of at least four points', () => {
    expect(simplified.features).toHaveLength(34);
    for (const feature of simplified.features) {
      const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      expect(polygons.length).toBeGreaterThan(0);
      for (const ring of (polygons as [number, number][][][]).flat()) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring.at(-1));
      }
    }
  });
  it('is several times lighter than the shipped outlines', () => {
    const before = JSON.stringify(source).length;
    const after = JSON.stringify(simplified).length;
    expect(after).toBeLessThan(before / 4);
    expect(after).toBeLessThan(120_000);
  });
});
