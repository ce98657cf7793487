import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, adjustToTotal, allocate, chooseExactly, daysBetween, demoTargets, percent, REPORT_FIGURES } from './demo.rules.ts';

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0);

/** Items with bounds lo ≤ hi, and a total the bounds can reach. */
const boundedItems = fc
  .array(fc.record({ weight: fc.nat({ max: 1000 }), lo: fc.nat({ max: 20 }), room: fc.nat({ max: 50 }) }), { minLength: 1, maxLength: 40 })
  .chain((items) => {
    const lo = items.map((i) => i.lo);
    const hi = items.map((i) => i.lo + i.room);
    return fc.record({
      weights: fc.constant(items.map((i) => i.weight)),
      lo: fc.constant(lo),
      hi: fc.constant(hi),
      total: fc.integer({ min: sum(lo), max: sum(hi) }),
    });
  });

describe('allocate', () => {
  it('sums exactly to the total and never leaves the per-item bounds', () => {
    fc.assert(
      fc.property(boundedItems, ({ weights, lo, hi, total }) => {
        const result = allocate(total, weights, lo, hi);
        expect(sum(result)).toBe(total);
        result.forEach((x, i) => {
          expect(Number.isInteger(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(lo[i] as number);
          expect(x).toBeLessThanOrEqual(hi[i] as number);
        });
      }),
    );
  });

  it('gives each item its proportional share, rounded down or up, when no bound binds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 60 }), fc.nat({ max: 1_000_000 }), (weights, total) => {
        const result = allocate(total, weights);
        const weightSum = sum(weights);
        expect(sum(result)).toBe(total);
        result.forEach((x, i) => expect(Math.abs(x - (total * (weights[i] as number)) / weightSum)).toBeLessThan(1));
      }),
    );
  });

  it('splits the villages of a province with a minimum and a cap', () => {
    expect(allocate(10, [100, 1, 1], 1, 6)).toEqual([6, 2, 2]);
    expect(allocate(7, [1, 1, 1])).toEqual([3, 2, 2]);
  });
});

describe('adjustToTotal', () => {
  it('reaches any reachable total, inside the bounds, moving only the items it is given', () => {
    fc.assert(
      fc.property(
        boundedItems.chain((b) => fc.record({ b: fc.constant(b), start: fc.tuple(...b.lo.map((l, i) => fc.integer({ min: l, max: b.hi[i] as number }))) })),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        ({ b, start }, frozenFlags) => {
          const values = [...start];
          const movable = values.map((_, i) => i).filter((i) => !frozenFlags[i]);
          const frozen = sum(values.filter((_, i) => frozenFlags[i]));
          const reachable = { min: frozen + sum(movable.map((i) => b.lo[i] as number)), max: frozen + sum(movable.map((i) => b.hi[i] as number)) };
          const target = Math.min(reachable.max, Math.max(reachable.min, b.total));
          adjustToTotal(values, target, b.lo, b.hi, movable);
          expect(sum(values)).toBe(target);
          values.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(b.lo[i] as number);
            expect(x).toBeLessThanOrEqual(b.hi[i] as number);
            if (frozenFlags[i]) expect(x).toBe(start[i]);
          });
        },
      ),
    );
  });

  it('refuses a total the bounds cannot reach', () => {
    expect(() => adjustToTotal([1, 1], 5, 0, 2, [0, 1])).toThrow(/Cannot reach/);
  });
});

describe('chooseExactly', () => {
  it('chooses k items: every forced one, then the best scores', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ score: fc.double({ min: 0, max: 1, noNaN: true }), forced: fc.boolean() }), { minLength: 1, maxLength: 50 }),
        fc.nat(),
        (items, seed) => {
          const forcedCount = items.filter((i) => i.forced).length;
          const k = forcedCount + (seed % (items.length - forcedCount + 1));
          const chosen = chooseExactly(
            k,
            items.map((i) => i.score),
            items.map((i) => i.forced),
          );
          expect(chosen.filter(Boolean)).toHaveLength(k);
          items.forEach((item, i) => item.forced && expect(chosen[i]).toBe(true));
          const worstChosen = Math.min(...items.filter((it, i) => chosen[i] && !it.forced).map((it) => it.score));
          const bestLeft = Math.max(...items.filter((_, i) => !chosen[i]).map((it) => it.score));
          expect(bestLeft).toBeLessThanOrEqual(worstChosen);
        },
      ),
    );
  });

  it('refuses more forced items than it may choose', () => {
    expect(() => chooseExactly(1, [0, 0], [true, true])).toThrow();
  });
});

describe('demo targets', () => {
  it('are the report figures at scale 1', () => {
    expect(demoTargets(1)).toMatchObject({
      villages: 1680,
      households: 205_000,
      residents: 814_000,
      villagesWithoutStableMobile2021: 268,
      villagesWithoutBroadband2021: 405,
      residentsUncovered2025: 2442,
      householdsWithFiber2025: 173_225,
      smartphoneSubscribers2025: 921_500,
    });
  });

  it('multiply counts by the scale and keep the percentages', () => {
    const t = demoTargets(10);
    expect(t.villagesWithoutStableMobile2021).toBe(2680);
    expect(percent(t.residents - t.residentsUncovered2025, t.residents, 1)).toBe(REPORT_FIGURES.populationCovered3GPercent2025);
    expect(percent(t.householdsWithFiber2025, t.households, 1)).toBe(REPORT_FIGURES.householdsWithFiberPercent2025);
  });
});

describe('percent and days', () => {
  it('rounds a share, and has none without a denominator', () => {
    expect(percent(50, 55, 1)).toBe(90.9);
    expect(percent(1, 3, 0)).toBe(33);
    expect(percent(1, 0, 1)).toBeNull();
  });

  it('counts days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2021-01-01', '2025-12-31')).toBe(1825);
    fc.assert(
      fc.property(fc.nat({ max: 3000 }), (n) => {
        expect(daysBetween('2021-01-01', addDays('2021-01-01', n))).toBe(n);
      }),
    );
  });
});
