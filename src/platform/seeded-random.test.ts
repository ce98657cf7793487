import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from './seeded-random.ts';

const draws = (seed: number, stream: string, n = 20) => {
  const random = createRandom(seed, stream);
  return Array.from({ length: n }, () => random.next());
};

describe('seeded random', () => {
  it('repeats itself for the same seed and stream, and differs otherwise', () => {
    expect(draws(1, 'villages')).toEqual(draws(1, 'villages'));
    expect(draws(1, 'villages')).not.toEqual(draws(2, 'villages'));
    expect(draws(1, 'villages')).not.toEqual(draws(1, 'households'));
  });

  it('keeps its sequence across versions (a changed generator would change every demo)', () => {
    expect(draws(1, 'villages', 3).map((x) => x.toFixed(8))).toMatchInlineSnapshot(`
      [
        "0.74021193",
        "0.81626223",
        "0.56096291",
      ]
    `);
  });

  it('stays in range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 12 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, n, p) => {
        const random = createRandom(seed, 'test');
        const x = random.next();
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(1);
        expect(random.int(n)).toBeLessThan(n);
        const b = random.binomial(n, p);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(n);
        expect([...random.permutation(n)].sort((a, c) => a - c)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('draws near the expected frequencies', () => {
    const random = createRandom(7, 'frequencies');
    const n = 20_000;
    let heads = 0;
    let weighted = 0;
    for (let i = 0; i < n; i++) {
      if (random.chance(0.3)) heads++;
      if (
        random.pickWeighted([
          { weight: 3, value: 'a' },
          { weight: 1, value: 'b' },
        ]) === 'a'
      )
        weighted++;
    }
    expect(heads / n).toBeCloseTo(0.3, 1);
    expect(weighted / n).toBeCloseTo(0.75, 1);
  });
});
