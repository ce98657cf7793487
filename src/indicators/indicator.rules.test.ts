import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, formatExpression, parseExpression, references, type Expression } from './expression.rules.ts';
import { compileCatalogue, evaluateIndicator, type IndicatorDefinition } from './indicator.rules.ts';
import { targetStatus } from './target.rules.ts';

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
    fc.record({ kind: fc.constant('binary' as const), op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const), left: tie('e'), right: tie('e') }),
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

  it('rejects a formula that does not parse', () => {
    const { issues } = compileCatalogue([{ ...base, code: 'P', numerator: 'HOUSEHOLDS +', denominator: null }], elements);
    expect(issues[0]!.code).toBe('indicator.formula_invalid');
  });

  it('sums numerators over denominators, and says why a value is null', () => {
    const { indicators } = compileCatalogue([{ ...base, code: 'HH_FIBER', numerator: 'HOUSEHOLDS_WITH_FTTH', denominator: 'HOUSEHOLDS' }], elements);
    const hhFiber = indicators.get('HH_FIBER')!;
    const values = (v: Record<string, number>) => (code: string) => v[code] ?? null;
    expect(evaluateIndicator(hhFiber, values({ HOUSEHOLDS: 1000, HOUSEHOLDS_WITH_FTTH: 845 }), indicators)).toEqual({ value: 84.5, numerator: 845, denominator: 1000, reason: null });
    expect(evaluateIndicator(hhFiber, values({ HOUSEHOLDS: 0, HOUSEHOLDS_WITH_FTTH: 0 }), indicators)).toMatchObject({ value: null, reason: 'denominator_zero' });
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
