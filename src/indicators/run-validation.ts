import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { findOrgUnit } from '../territory/org-unit.repository.ts';
import { orgUnitNotFound } from '../territory/describe-org-unit.ts';
import { parseExpression, references } from './expression.rules.ts';
import { readValues } from './data-value.repository.ts';
import { listValidationRules } from './validation-rule.repository.ts';
import { violation } from './validation-rule.rules.ts';

export interface Violation {
  rule: string;
  description: { vi: string; en: string };
  orgUnit: string;
  orgUnitName: string;
  level: number;
  period: string;
  left: number;
  right: number;
}

/** Runs every validation rule over a unit and everything below it for a year; lists the units at fault. */
export async function runValidation(db: Db, orgUnitCode: string, period: string): Promise<Violation[]> {
  const root = await findOrgUnit(db, orgUnitCode);
  if (!root) throw orgUnitNotFound(orgUnitCode);
  const units = await db.selectFrom('org_unit').select(['code', 'name', 'level']).where(sql<boolean>`path <@ ${root.path}::ltree`).execute();
  const rules = await listValidationRules(db);
  const elements = [...new Set(rules.flatMap((r) => [...references(parseExpression(r.leftSide)), ...references(parseExpression(r.rightSide))]))];
  const stored = await readValues(db, elements, [period], units.map((u) => u.code));
  const values = new Map(stored.map((v) => [`${v.data_element}|${v.org_unit_code}`, v.value]));
  const violations: Violation[] = [];
  for (const unit of units) {
    for (const rule of rules) {
      const broken = violation(rule, (code) => values.get(`${code}|${unit.code}`) ?? null);
      if (broken) violations.push({ rule: rule.code, description: rule.description, orgUnit: unit.code, orgUnitName: unit.name, level: unit.level, period, ...broken });
    }
  }
  return violations.sort((a, b) => b.level - a.level || a.orgUnit.localeCompare(b.orgUnit));
}
