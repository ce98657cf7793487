import type { Issue, Message } from '../platform/errors.ts';
import { evaluate, ExpressionError, parseExpression, references } from './expression.rules.ts';

/** The five comparisons, "at most" first, the usual rule (the order a form offers them in). */
export const COMPARISONS = ['<=', '<', '=', '>=', '>'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/**
 * A rule's bounds, here rather than in the API schema so the web form checks the same ones
 * without loading zod; the code's pattern is also the table's CHECK (migration 0002).
 */
export const RULE_CODE = /^[a-z][a-z0-9_.]{2,60}$/;
/** The longest code RULE_CODE admits: a letter and 60 more. */
export const RULE_CODE_MAX = 61;
export const RULE_DESCRIPTION_MAX = 300;
export const RULE_SIDE_MAX = 500;

/** A rule over data elements that every unit's values must satisfy, e.g. ADULTS <= RESIDENTS. */
export interface ValidationRule {
  code: string;
  leftSide: string;
  operator: Comparison;
  rightSide: string;
  description: Message;
}

const holds: Record<Comparison, (a: number, b: number) => boolean> = {
  '<=': (a, b) => a <= b,
  '<': (a, b) => a < b,
  '=': (a, b) => a === b,
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
};

/** Problems with a rule's definition: sides that do not parse or refer to unknown data elements. */
export function checkRuleDefinition(rule: ValidationRule, dataElements: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  for (const side of ['leftSide', 'rightSide'] as const) {
    try {
      for (const ref of references(parseExpression(rule[side]))) {
        if (!dataElements.has(ref))
          issues.push({
            code: 'validation_rule.unknown_reference',
            field: side,
            message: { vi: `Không có phần tử dữ liệu ${ref}.`, en: `There is no data element ${ref}.` },
          });
      }
    } catch (error) {
      const at = error instanceof ExpressionError ? error.position + 1 : 0;
      issues.push({
        code: 'validation_rule.formula_invalid',
        field: side,
        message: { vi: `Biểu thức sai ở ký tự ${at}.`, en: `Not a valid expression (at character ${at}).` },
      });
    }
  }
  return issues;
}

/** The two sides' values when the rule is broken; null when it holds or a side has no data. */
export function violation(rule: ValidationRule, values: (dataElement: string) => number | null): { left: number; right: number } | null {
  const left = evaluate(parseExpression(rule.leftSide), values);
  const right = evaluate(parseExpression(rule.rightSide), values);
  if (left === null || right === null || holds[rule.operator](left, right)) return null;
  return { left, right };
}
