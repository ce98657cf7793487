import type { Issue, Message } from '../platform/errors.ts';
import { evaluate, ExpressionError, parseExpression, references, type Expression } from './expression.rules.ts';

export interface IndicatorDefinition {
  code: string;
  name: Message;
  definition: Message;
  /** International reference where one exists (ITU, Findex, SDG), so figures stay comparable. */
  reference: string | null;
  numerator: string;
  /** Null for a plain count. */
  denominator: string | null;
  factor: 1 | 100 | 1000;
  decimals: number;
  higherIsBetter: boolean;
  /** stock: the state at the period's end (coverage); flow: what happened within it (trainings). */
  timeAggregation: 'stock' | 'flow';
  module: string;
}

/** What every indicator must say for itself: the rest has defaults or is shared by the module's. */
type IndicatorOwn = Pick<IndicatorDefinition, 'code' | 'name' | 'definition' | 'numerator'>;
type IndicatorShared = Omit<IndicatorDefinition, keyof IndicatorOwn | 'module'>;

/** One of a module's indicators: its own fields, and any shared one it states otherwise. */
export type IndicatorDeclaration = IndicatorOwn & Partial<IndicatorShared>;

/**
 * A module's indicators as the catalogue holds them: each one's fields over what the module's
 * share (`shared`, which says at least whether they are stocks or flows), over the usual case: no
 * international reference, a plain count (no denominator, factor 1, no decimals), higher is better.
 */
export function declareIndicators(
  module: string,
  shared: Pick<IndicatorShared, 'timeAggregation'> & Partial<IndicatorShared>,
  indicators: readonly IndicatorDeclaration[],
): IndicatorDefinition[] {
  return indicators.map((indicator) => ({ reference: null, denominator: null, factor: 1, decimals: 0, higherIsBetter: true, ...shared, ...indicator, module }));
}

export interface CompiledIndicator extends IndicatorDefinition {
  numeratorExpression: Expression;
  denominatorExpression: Expression | null;
}

const issue = (code: string, field: string, vi: string, en: string): Issue => ({ code, field, message: { vi, en } });

/**
 * Checks a catalogue as a whole: every formula parses, refers only to known data elements or
 * indicators, and no indicator depends on itself through others. Returns the compiled catalogue
 * or every problem found.
 */
export function compileCatalogue(
  definitions: readonly IndicatorDefinition[],
  dataElements: ReadonlySet<string>,
): { indicators: Map<string, CompiledIndicator>; issues: Issue[] } {
  const issues: Issue[] = [];
  const indicators = new Map<string, CompiledIndicator>();
  const codes = new Set(definitions.map((d) => d.code));

  for (const d of definitions) {
    const parsed: Partial<Record<'numerator' | 'denominator', Expression>> = {};
    for (const side of ['numerator', 'denominator'] as const) {
      const source = d[side];
      if (source === null) continue;
      try {
        parsed[side] = parseExpression(source);
      } catch (error) {
        const where = error instanceof ExpressionError ? error.position + 1 : 0;
        issues.push(
          issue(
            'indicator.formula_invalid',
            `${d.code}.${side}`,
            `Công thức ${side === 'numerator' ? 'tử số' : 'mẫu số'} của ${d.code} sai ở ký tự ${where}.`,
            `The ${side} of ${d.code} is not a valid formula (at character ${where}): ${String(error instanceof Error ? error.message : error)}.`,
          ),
        );
        continue;
      }
      for (const ref of references(parsed[side]!)) {
        if (!dataElements.has(ref) && !codes.has(ref)) {
          issues.push(
            issue(
              'indicator.unknown_reference',
              `${d.code}.${side}`,
              `${d.code} dùng phần tử dữ liệu không tồn tại: ${ref}.`,
              `${d.code} refers to an unknown data element or indicator: ${ref}.`,
            ),
          );
        }
      }
    }
    if (parsed.numerator && (d.denominator === null || parsed.denominator)) {
      indicators.set(d.code, { ...d, numeratorExpression: parsed.numerator, denominatorExpression: parsed.denominator ?? null });
    }
  }

  for (const code of findCycle(indicators)) {
    issues.push(
      issue(
        'indicator.cycle',
        code,
        `Chỉ số ${code} phụ thuộc vào chính nó qua các chỉ số khác.`,
        `Indicator ${code} depends on itself through other indicators.`,
      ),
    );
  }
  return { indicators, issues };
}

/** Codes of indicators on a dependency cycle (depth-first search with colours). */
function findCycle(indicators: ReadonlyMap<string, CompiledIndicator>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const onCycle = new Set<string>();
  const visit = (code: string, trail: string[]): void => {
    if (state.get(code) === 'done') return;
    if (state.get(code) === 'visiting') {
      trail.slice(trail.indexOf(code)).forEach((c) => onCycle.add(c));
      return;
    }
    const indicator = indicators.get(code);
    if (!indicator) return;
    state.set(code, 'visiting');
    const deps = [...references(indicator.numeratorExpression), ...(indicator.denominatorExpression ? references(indicator.denominatorExpression) : [])];
    for (const dep of deps) if (indicators.has(dep)) visit(dep, [...trail, code]);
    state.set(code, 'done');
  };
  for (const code of indicators.keys()) visit(code, []);
  return [...onCycle].sort();
}

export interface IndicatorValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Why the value is null: nothing reported, or a zero denominator (never Infinity or NaN). */
  reason: 'no_data' | 'denominator_zero' | null;
}

const round = (x: number, decimals: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;

/**
 * An indicator's value from the aggregated sums of its data elements (sum of numerators over
 * sum of denominators, never an average of percentages).
 */
export function evaluateIndicator(
  indicator: CompiledIndicator,
  sums: (dataElement: string) => number | null,
  catalogue: ReadonlyMap<string, CompiledIndicator>,
): IndicatorValue {
  const lookup = (code: string): number | null => {
    const other = catalogue.get(code);
    return other ? evaluateIndicator(other, sums, catalogue).value : sums(code);
  };
  const numerator = evaluate(indicator.numeratorExpression, lookup);
  if (indicator.denominatorExpression === null) {
    return numerator === null
      ? { value: null, numerator, denominator: null, reason: 'no_data' }
      : { value: round(numerator * indicator.factor, indicator.decimals), numerator, denominator: null, reason: null };
  }
  const denominator = evaluate(indicator.denominatorExpression, lookup);
  if (numerator === null || denominator === null) return { value: null, numerator, denominator, reason: 'no_data' };
  if (denominator === 0) return { value: null, numerator, denominator, reason: 'denominator_zero' };
  return { value: round((numerator / denominator) * indicator.factor, indicator.decimals), numerator, denominator, reason: null };
}
