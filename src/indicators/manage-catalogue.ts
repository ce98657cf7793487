import type { Db } from '../platform/database.ts';
import { assertNoIssues, badRequest, notFound } from '../platform/errors.ts';
import { type Actor, authorize, homeProvince, type ScopedUnit } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit, orgUnitNotFound } from '../territory/index.ts';
import { compileCatalogue, type IndicatorDefinition } from './indicator.rules.ts';
import { listIndicatorDefinitions, saveIndicator, upsertTarget } from './indicator.repository.ts';
import { checkRuleDefinition, type ValidationRule } from './validation-rule.rules.ts';
import { saveValidationRule } from './validation-rule.repository.ts';
import { dataElementCodes } from './sources.ts';
import { checkValidationRules } from './run-validation.ts';

/** Catalogue changes are the province's: the right is checked at the unit they concern (or the province). */
async function manager(db: Db, caller: Actor | null, unit: ScopedUnit, entity: string, entityId: string): Promise<Actor> {
  return authorize(db, caller, 'indicator:manage', unit, { entity, entityId });
}

/** Replaces an indicator's definition, refusing one that would break the catalogue (unknown codes, cycles). */
export async function defineIndicator(db: Db, caller: Actor | null, definition: IndicatorDefinition): Promise<IndicatorDefinition> {
  const actor = await manager(db, caller, await homeProvince(db, caller), 'indicator', definition.code);
  const current = await listIndicatorDefinitions(db);
  const before = current.find((d) => d.code === definition.code);
  const { issues } = compileCatalogue([...current.filter((d) => d.code !== definition.code), definition], dataElementCodes());
  assertNoIssues(issues);
  await db.transaction().execute(async (tx) => {
    await saveIndicator(tx, definition, current.length);
    await recordAudit(tx, actor, before ? 'indicator:update' : 'indicator:create', 'indicator', {
      entityId: definition.code,
      before: before ?? null,
      after: definition,
    });
  });
  return definition;
}

export interface TargetInput {
  indicatorCode: string;
  orgUnitCode: string;
  year: number;
  value: number;
  baselineYear: number;
  baselineValue: number | null;
}

export async function setTarget(db: Db, caller: Actor | null, input: TargetInput): Promise<TargetInput> {
  const unit = await findOrgUnit(db, input.orgUnitCode);
  if (!unit) throw orgUnitNotFound(input.orgUnitCode);
  const actor = await manager(db, caller, unit, 'target', `${input.indicatorCode}/${input.orgUnitCode}/${input.year}`);
  if (!(await listIndicatorDefinitions(db)).some((d) => d.code === input.indicatorCode)) {
    throw notFound(
      'indicator.not_found',
      { vi: `Không có chỉ số ${input.indicatorCode}.`, en: `There is no indicator ${input.indicatorCode}.` },
      'indicatorCode',
    );
  }
  if (input.baselineYear >= input.year) {
    throw badRequest(
      'target.baseline_not_before',
      { vi: 'Năm gốc phải trước năm mục tiêu.', en: 'The baseline year must come before the target year.' },
      'baselineYear',
    );
  }
  await db.transaction().execute(async (tx) => {
    const before = await upsertTarget(tx, { ...input, provinceCode: unit.province_code, source: `set by ${actor.username}` });
    await recordAudit(tx, actor, 'target:set', 'target', {
      entityId: `${input.indicatorCode}/${input.orgUnitCode}/${input.year}`,
      unit,
      before: before ? { value: before.value, baselineYear: before.baseline_year, baselineValue: before.baseline_value } : null,
      after: input,
    });
  });
  return input;
}

export async function defineValidationRule(db: Db, caller: Actor | null, rule: ValidationRule): Promise<ValidationRule> {
  const actor = await manager(db, caller, await homeProvince(db, caller), 'validation_rule', rule.code);
  const issues = checkRuleDefinition(rule, dataElementCodes());
  assertNoIssues(issues);
  await db.transaction().execute(async (tx) => {
    const before = await saveValidationRule(tx, rule);
    // The stored violations follow the rule at once, everywhere.
    await checkValidationRules(tx, {}, [rule.code]);
    await recordAudit(tx, actor, before ? 'validation_rule:update' : 'validation_rule:create', 'validation_rule', {
      entityId: rule.code,
      before: before ?? null,
      after: rule,
    });
  });
  return rule;
}
