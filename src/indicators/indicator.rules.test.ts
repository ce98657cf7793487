import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, formatExpression, parseExpression, references, type Expression } from './expression.rules.ts';
import { compileCatalogue, declareIndicators, evaluateIndicator, type IndicatorDefinition } from './indicator.rules.ts';
import { expectedAt, lineageOf, targetStatus, targetsInForce } from './target.rules.ts';

const base: Omit<IndicatorDefinition, 'code' | 'numerator' | 'denominator'> = {
  name: { vi: 'x', en: 'x' },
  definition: { vi: 'x', en: 'x' },
  reference: null,
  factor: 100,
  decimals: 1,
  higherIsBetter: true,
  timeAggregation: 'stock',
  module: 'test',
};
const elements = new Set(['HOUSEHOLDS', 'HOUSEHOLDS_WITH_FTTH', 'RESIDENTS']);

const expression: fc.Arbitrary<Expression> = fc.letrec<{ e: Expression }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 1000 }).map((value): Expression => ({ kind: 'number', value })),
    fc.constantFrom('HOUSEHOLDS', 'RESIDENTS', 'A_B_1').map((code): Expression => ({ kind: 'ref', code })),
    fc.record({
      kind: fc.constant('binary' as const),
      op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const),
      left: tie('e'),
      right: tie('e'),
    }),
  ),
})).e;

describe('indicator formulas', () => {
  it('parse back what they print', () => {
    fc.assert(
      fc.property(expression, (e) => {
        expect(parseExpression(formatExpression(e))).toEqual(e);
      }),
    );
  });

  it('never evaluate to Infinity or NaN: a division by zero is null', () => {
    fc.assert(
      fc.property(expression, fc.dictionary(fc.constantFrom('HOUSEHOLDS', 'RESIDENTS', 'A_B_1'), fc.integer({ min: 0, max: 5 })), (e, values) => {
        const v = evaluate(e, (code) => values[code] ?? null);
        expect(v === null || Number.isFinite(v)).toBe(true);
      }),
    );
  });

  it('respect precedence and parentheses', () => {
    expect(evaluate(parseExpression('1 + 2 * 3'), () => null)).toBe(7);
    expect(evaluate(parseExpression('(1 + 2) * 3'), () => null)).toBe(9);
    expect(references(parseExpression('HOUSEHOLDS - HOUSEHOLDS_WITH_FTTH + HOUSEHOLDS'))).toEqual(['HOUSEHOLDS', 'HOUSEHOLDS_WITH_FTTH']);
  });

  it.each(['', 'HOUSEHOLDS +', '(RESIDENTS', 'households', 'A ** B', '2 3'])('reject %j with a position', (source) => {
    expect(() => parseExpression(source)).toThrow();
  });
});

describe('the catalogue', () => {
  it('rejects a formula that refers to an unknown data element', () => {
    const { issues } = compileCatalogue([{ ...base, code: 'BAD', numerator: 'HOUSEHOLDS_WITH_FIBRE', denominator: 'HOUSEHOLDS' }], elements);
    expect(issues).toEqual([expect.objectContaining({ code: 'indicator.unknown_reference', field: 'BAD.numerator' })]);
    expect(issues[0]!.message.en).toContain('HOUSEHOLDS_WITH_FIBRE');
  });

  it('rejects a cycle between indicators, naming every indicator on it', () => {
    const { issues } = compileCatalogue(
      [
        { ...base, code: 'A', numerator: 'B', denominator: null },
        { ...base, code: 'B', numerator: 'C + 1', denominator: null },
        { ...base, code: 'C', numerator: 'A', denominator: 'HOUSEHOLDS' },
        { ...base, code: 'D', numerator: 'A', denominator: null },
      ],
      elements,
    );
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['indicator.cycle', 'A'],
      ['indicator.cycle', 'B'],
      ['indicator.cycle', 'C'],
    ]);
  });

  it('declares a module’s indicators: each one’s fields over the module’s shared ones, over a plain count', () => {
    const own = { name: base.name, definition: base.definition };
    const [count, share] = declareIndicators('teams', { timeAggregation: 'flow', decimals: 2 }, [
      { code: 'A', ...own, numerator: 'VISITS' },
      { code: 'B', ...own, numerator: 'VISITS', denominator: 'HOUSEHOLDS', factor: 100, decimals: 1, timeAggregation: 'stock', reference: 'ITU HH9' },
    ]);
    expect(count).toEqual({
      code: 'A',
      ...own,
      numerator: 'VISITS',
      reference: null,
      denominator: null,
      factor: 1,
      decimals: 2,
      higherIsBetter: true,
      timeAggregation: 'flow',
      module: 'teams',
    });
    expect(share).toMatchObject({ denominator: 'HOUSEHOLDS', factor: 100, decimals: 1, timeAggregation: 'stock', reference: 'ITU HH9', module: 'teams' });
  });

  it('rejects a formula that does not parse', () => {
    const { issues } = compileCatalogue([{ ...base, code: 'P', numerator: 'HOUSEHOLDS +', denominator: null }], elements);
    expect(issues[0]!.code).toBe('indicator.formula_invalid');
  });

  it('sums numerators over denominators, and says why a value is null', () => {
    const { indicators } = compileCatalogue([{ ...base, code: 'HH_FIBER', numerator: 'HOUSEHOLDS_WITH_FTTH', denominator: 'HOUSEHOLDS' }], elements);
    const hhFiber = indicators.get('HH_FIBER')!;
    const values = (v: Record<string, number>) => (code: string) => v[code] ?? null;
    expect(evaluateIndicator(hhFiber, values({ HOUSEHOLDS: 1000, HOUSEHOLDS_WITH_FTTH: 845 }), indicators)).toEqual({
      value: 84.5,
      numerator: 845,
      denominator: 1000,
      reason: null,
    });
    expect(evaluateIndicator(hhFiber, values({ HOUSEHOLDS: 0, HOUSEHOLDS_WITH_FTTH: 0 }), indicators)).toMatchObject({
      value: null,
      reason: 'denominator_zero',
    });
    expect(evaluateIndicator(hhFiber, values({}), indicators)).toMatchObject({ value: null, reason: 'no_data' });
  });
});

describe('target status', () => {
  const target = { year: 2025, value: 84.5, baselineYear: 2021, baselineValue: 40.5 };
  it('is achieved or behind in the target year', () => {
    expect(targetStatus(84.5, 2025, [target], true)?.status).toBe('achieved');
    expect(targetStatus(84.4, 2025, [target], true)?.status).toBe('behind');
  });
  it('follows the straight trajectory before it', () => {
    // 2023 is half way: 40.5 + (84.5 - 40.5) / 2 = 62.5
    expect(targetStatus(62.5, 2023, [target], true)).toMatchObject({ status: 'on_track', expected: 62.5 });
    expect(targetStatus(62.4, 2023, [target], true)?.status).toBe('behind');
  });
  it('reads "lower is better" the other way round', () => {
    expect(targetStatus(10, 2025, [{ year: 2025, value: 12, baselineYear: 2021, baselineValue: 268 }], false)?.status).toBe('achieved');
  });
  it('has nothing to say without a value or after the last target', () => {
    expect(targetStatus(null, 2025, [target], true)).toBeNull();
    expect(targetStatus(90, 2026, [target], true)).toBeNull();
  });
});

describe('targets in force', () => {
  const row = (indicatorCode: string, orgUnitCode: string, year: number, value: number) => ({
    indicatorCode,
    orgUnitCode,
    year,
    value,
    baselineYear: 2021,
    baselineValue: 40,
  });
  const rows = [row('HH_FIBER', '20', 2030, 96), row('SUB_SMARTPHONE', '20', 2030, 1_070_000), row('HH_FIBER', '06625', 2030, 90)];
  const hinDam = lineageOf('20.06625.06625001');
  it('reads a unit’s lineage from its path, nearest first', () => {
    expect(hinDam).toEqual(['06625001', '06625', '20']);
  });
  it('gives a unit its own targets, or the nearest ancestor’s shares with the unit’s own baseline', () => {
    expect(targetsInForce(rows, 'HH_FIBER', ['06625', '20'], true)).toEqual([rows[2]]);
    expect(targetsInForce(rows, 'HH_FIBER', hinDam, true)).toEqual([{ ...rows[2], baselineValue: null }]);
    expect(targetsInForce(rows, 'HH_FIBER', ['06376', '20'], true)).toEqual([{ ...rows[0], baselineValue: null }]);
  });
  it('never hands the province’s counts down', () => {
    expect(targetsInForce(rows, 'SUB_SMARTPHONE', hinDam, false)).toEqual([]);
    expect(targetsInForce(rows, 'SUB_SMARTPHONE', ['20'], false)).toEqual([rows[1]]);
  });
  it('expects the straight line from the baseline, or the target before, to the next target, and each target in its year', () => {
    const plan = [
      { year: 2026, value: 70, baselineYear: 2021, baselineValue: 10 },
      { year: 2030, value: 100, baselineYear: 2021, baselineValue: 10 },
    ];
    expect(expectedAt(2021, plan)?.expected).toBe(10);
    expect(expectedAt(2025, plan)?.expected).toBe(58);
    expect(expectedAt(2026, plan)?.expected).toBe(70);
    // Between two targets the line joins them (85), not the baseline to the later one (80).
    expect(expectedAt(2028, plan)?.expected).toBe(85);
    expect(expectedAt(2030, plan)?.expected).toBe(100);
    expect(expectedAt(2020, plan)).toBeNull();
    expect(expectedAt(2031, plan)).toBeNull();
  });
});
