import type { Issue, Message } from '../../../src/platform/errors.ts';
import { checkRuleDefinition, RULE_CODE, RULE_DESCRIPTION_MAX, RULE_SIDE_MAX, type Comparison } from '../../../src/indicators/validation-rule.rules.ts';
import { messagesFor, type MessageKey } from '../platform/i18n.ts';
import type { ValidationRule } from './dashboard.api.ts';

/** The signs people write, not the ASCII the API takes. */
export const OPERATOR_SIGNS: Record<Comparison, string> = { '<=': '≤', '<': '<', '=': '=', '>=': '≥', '>': '>' };

/** Each sign with its meaning in words, for readers who do not read "≤" at a glance. */
export const OPERATOR_WORDS: Record<Comparison, MessageKey> = {
  '<=': 'dash.vr.op.le',
  '<': 'dash.vr.op.lt',
  '=': 'dash.vr.op.eq',
  '>=': 'dash.vr.op.ge',
  '>': 'dash.vr.op.gt',
};

/** The form as typed: everything a string, kept as is when the rule is refused. */
export interface RuleDraft {
  code: string;
  vi: string;
  en: string;
  leftSide: string;
  operator: Comparison;
  rightSide: string;
}

export type RuleField = Exclude<keyof RuleDraft, 'operator'>;

/** The fields top to bottom: focus goes to the first one with a problem. */
export const FORM_ORDER: readonly RuleField[] = ['code', 'vi', 'en', 'leftSide', 'rightSide'];

/** A problem per field, in both languages, whether found here or by the server. */
export type Problems = Partial<Record<RuleField, Message>>;

/** What PUT /api/validation-rules/:code takes: the code goes in the address, not the body. */
export type RuleBody = Omit<ValidationRule, 'code'>;

export const ruleUrl = (code: string) => `/api/validation-rules/${encodeURIComponent(code)}`;

export const emptyDraft = (): RuleDraft => ({ code: '', vi: '', en: '', leftSide: '', operator: '<=', rightSide: '' });

export const draftFrom = (rule: ValidationRule): RuleDraft => ({
  code: rule.code,
  vi: rule.description.vi,
  en: rule.description.en,
  leftSide: rule.leftSide,
  operator: rule.operator,
  rightSide: rule.rightSide,
});

export interface RuleContext {
  /** A new rule's code must be free: a PUT on a taken code would silently replace that rule. */
  adding: boolean;
  takenCodes: ReadonlySet<string>;
  /** The data elements' codes; null while they have not arrived, and the server then checks the references alone. */
  dataElements: ReadonlySet<string> | null;
}

function readCode(code: string, context: RuleContext): Message | undefined {
  if (!context.adding) return undefined;
  if (!code) return messagesFor('dash.vr.error_code_required');
  if (!RULE_CODE.test(code)) return messagesFor('dash.vr.error_code_pattern');
  if (context.takenCodes.has(code)) return messagesFor('dash.vr.error_code_taken', { code });
  return undefined;
}

function readText(text: string, max: number, missing: MessageKey): Message | undefined {
  if (!text) return messagesFor(missing);
  if (text.length > max) return messagesFor('dash.vr.error_too_long', { max });
  return undefined;
}

/**
 * Checks a rule before it is sent, with the server's own check of the two sides
 * (`checkRuleDefinition`), so both refuse the same rule in the same words; then the request.
 */
export function readRule(draft: RuleDraft, context: RuleContext): { code: string; body: RuleBody } | { problems: Problems } {
  const code = draft.code.trim();
  const body: RuleBody = {
    leftSide: draft.leftSide.trim(),
    operator: draft.operator,
    rightSide: draft.rightSide.trim(),
    description: { vi: draft.vi.trim(), en: draft.en.trim() },
  };
  const found: Problems = {
    code: readCode(code, context),
    vi: readText(body.description.vi, RULE_DESCRIPTION_MAX, 'dash.vr.error_description_vi'),
    en: readText(body.description.en, RULE_DESCRIPTION_MAX, 'dash.vr.error_description_en'),
    leftSide: readText(body.leftSide, RULE_SIDE_MAX, 'dash.vr.error_left'),
    rightSide: readText(body.rightSide, RULE_SIDE_MAX, 'dash.vr.error_right'),
  };
  const issues = checkRuleDefinition({ code, ...body }, context.dataElements ?? new Set())
    // Without the list every code would look unknown: that check waits for the server.
    .filter((issue) => context.dataElements || issue.code !== 'validation_rule.unknown_reference');
  // An empty side already has its own problem; the parser's "wrong at character 1" would only repeat it.
  for (const [field, message] of Object.entries(problemsFrom(issues)) as [RuleField, Message][]) found[field] ??= message;
  const problems = Object.fromEntries(Object.entries(found).filter(([, message]) => message)) as Problems;
  return Object.keys(problems).length ? { problems } : { code, body };
}

/**
 * The issues by field, the first one per field. The API names fields as its body has them
 * ("description.vi"); the form knows them by their last part.
 */
export function problemsFrom(issues: readonly Issue[]): Problems {
  const problems: Problems = {};
  for (const issue of issues) {
    const field = issue.field?.split('.').pop();
    if (field && (FORM_ORDER as readonly string[]).includes(field)) problems[field as RuleField] ??= issue.message;
  }
  return problems;
}

/** "HOUSEHOLDS_WITH_FTTH ≤ HOUSEHOLDS": the rule as written, with the sign people read. */
export const ruleText = (rule: Pick<ValidationRule, 'leftSide' | 'operator' | 'rightSide'>): string =>
  `${rule.leftSide} ${OPERATOR_SIGNS[rule.operator]} ${rule.rightSide}`;

/**
 * The rule with each data element's code replaced by its name ("Hộ có cáp quang tại nhà ≤ Số hộ").
 * Numbers are matched first, as the expression parser reads them, so the 2 of "2 * X" stays a number;
 * an unknown code stays a code.
 */
export function ruleInWords(rule: Pick<ValidationRule, 'leftSide' | 'operator' | 'rightSide'>, nameOf: (code: string) => string | undefined): string {
  const words = (side: string) =>
    side.replace(/(\d+(?:\.\d+)?)|([A-Z][A-Z0-9_]*)/g, (token, _number: string | undefined, code: string | undefined) =>
      code ? (nameOf(code) ?? code) : token,
    );
  return `${words(rule.leftSide)} ${OPERATOR_SIGNS[rule.operator]} ${words(rule.rightSide)}`;
}
