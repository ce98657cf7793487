import { describe, expect, it } from 'vitest';
import { planDemoDeliveries } from './demo-delivery.rules.ts';

describe('the demo route’s deliveries', () => {
  const villages = new Map([
    ['06613', ['06613001', '06613002']],
    ['06625', ['06625001']],
    ['06637', ['06637001']],
  ]);
  const parcels = planDemoDeliveries(villages, 7, '2026-12-01');

  it('gives Best Express 60–70 parcels a day for a year, about one in ten paid in cash', () => {
    const best = parcels.filter((p) => p.carrier === 'best_express');
    const perDay = new Map<string, number>();
    for (const p of best) perDay.set(p.dueOn, (perDay.get(p.dueOn) ?? 0) + 1);
    expect(perDay.size).toBe(365);
    expect(Math.min(...perDay.values())).toBeGreaterThanOrEqual(60);
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(70);
    const cash = best.filter((p) => p.payment === 'cash').length / best.length;
    expect(cash).toBeGreaterThan(0.08);
    expect(cash).toBeLessThan(0.12);
  });

  it('puts other carriers on the same roads, and the same seed makes the same year', () => {
    expect(new Set(parcels.map((p) => p.carrier)).size).toBe(6);
    expect(new Set(parcels.map((p) => `${p.carrier}:${p.trackingCode}`)).size).toBe(parcels.length);
    expect(planDemoDeliveries(villages, 7, '2026-12-01')).toEqual(parcels);
  });
});
