import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { ValidationRule } from './validation-rule.rules.ts';

const ruleValues = (r: ValidationRule) => ({
  left_side: r.leftSide,
  operator: r.operator,
  right_side: r.rightSide,
  description_vi: r.description.vi,
  description_en: r.description.en,
});
const toRow = (r: ValidationRule) => ({ code: r.code, ...ruleValues(r) });

export async function seedValidationRules(db: Db, rules: readonly ValidationRule[]): Promise<void> {
  if (rules.length === 0) return;
  await db
    .insertInto('validation_rule')
    .values(rules.map(toRow))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function listValidationRules(db: Db): Promise<ValidationRule[]> {
  const rows = await db.selectFrom('validation_rule').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    leftSide: r.left_side,
    operator: r.operator,
    rightSide: r.right_side,
    description: { vi: r.description_vi, en: r.description_en },
  }));
}

/** Inserts or replaces a rule; returns the rule it replaced, for the audit log. */
export async function saveValidationRule(db: Db, rule: ValidationRule): Promise<ValidationRule | undefined> {
  const previous = (await listValidationRules(db)).find((r) => r.code === rule.code);
  await db
    .insertInto('validation_rule')
    .values(toRow(rule))
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...ruleValues(rule), updated_at: sql`now()` }))
    .execute();
  return previous;
}
