import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { type Actor, authorize } from '../accounts/index.ts';
import { findOrgUnit, orgUnitNotFound } from '../territory/index.ts';
import { parseExpression } from './expression.rules.ts';
import { availablePeriods } from './read-indicator-values.ts';
import { listValidationRules } from './validation-rule.repository.ts';
import { findViolation, listViolations, recheckViolations, type CheckScope } from './validation-violation.repository.ts';
import { takeValidationRechecks } from './data-value.repository.ts';
import { recordsAtFault } from './sources.ts';
import type { RecordAtFault } from './data-source.ts';
import type { HeaderLanguage } from '../platform/api-schema.ts';
import type { Table } from '../platform/spreadsheet.ts';
import { violationsFileName, violationsTable } from './validation-violation.rules.ts';

export interface Violation {
  rule: string;
  description: { vi: string; en: string };
  orgUnit: string;
  orgUnitName: string;
  level: number;
  parentCode: string | null;
  /** The full name of the unit above ("Xã Kiên Mộc" for a village). */
  parentName: string | null;
  period: string;
  left: number;
  right: number;
  foundAt: string;
  /** Whether the rule's module can list the records behind it (at a leaf). */
  hasRecords: boolean;
}

/**
 * Re-checks the rules (all, or those named) over the stored values in a scope and stores what is
 * broken: where commits changed values (`checkPendingValidation`), over everything after a
 * rebuild or a rule's change, or on demand.
 */
export async function checkValidationRules(db: Db, scope: CheckScope, onlyRules?: readonly string[]): Promise<void> {
  const rules = (await listValidationRules(db)).filter((r) => !onlyRules || onlyRules.includes(r.code));
  await recheckViolations(
    db,
    rules.map((r) => ({ ...r, left: parseExpression(r.leftSide), right: parseExpression(r.rightSide) })),
    scope,
  );
}

/**
 * Checks the rules where commits changed values: at the leaves (noted by the write, migration
 * 0027) and above them (noted by the commit's fold, migration 0026; decisions 0052 and 0053).
 * Run by the server's poll loop every second, and before every read of violations, so that
 * whoever saves and then looks sees what the save broke or mended.
 */
export async function checkPendingValidation(db: Db): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const { units, periods } = await takeValidationRechecks(tx);
    // Most rounds find nothing: no need to read the rules then.
    if (units.length > 0) await checkValidationRules(tx, { units, periods });
  });
}

export interface ViolationsQuery {
  orgUnit: string;
  period: string;
  rule?: string | undefined;
  limit: number;
  offset: number;
}

async function subtreeAndPeriod(db: Db, query: { orgUnit: string; period: string }) {
  const root = await findOrgUnit(db, query.orgUnit);
  if (!root) throw orgUnitNotFound(query.orgUnit);
  const [period] = availablePeriods([query.period]);
  return { root, period: period! };
}

/** The violations stored for a unit and everything below it in a period, the villages first. */
export async function listValidationViolations(db: Db, query: ViolationsQuery): Promise<{ total: number; items: Violation[] }> {
  const { root, period } = await subtreeAndPeriod(db, query);
  await checkPendingValidation(db);
  return violationsUnder(db, root.path, period.id, query);
}

/** A file holds the whole list, not a page; the cap only keeps one request from reading without end. */
export const VIOLATIONS_FILE_LIMIT = 50_000;

/** The violations of a unit and below it in a period as a table to download, with the file's name. */
export async function readViolationsTable(
  db: Db,
  query: Omit<ViolationsQuery, 'limit' | 'offset'>,
  lang: HeaderLanguage,
): Promise<{ name: string; table: Table }> {
  const { root, period } = await subtreeAndPeriod(db, query);
  await checkPendingValidation(db);
  const { items } = await violationsUnder(db, root.path, period.id, { ...query, limit: VIOLATIONS_FILE_LIMIT, offset: 0 });
  return { name: violationsFileName(query.period, root, query.rule), table: violationsTable(items, lang) };
}

async function violationsUnder(db: Db, subtreePath: string, period: string, query: ViolationsQuery): Promise<{ total: number; items: Violation[] }> {
  const { total, items } = await listViolations(db, { subtreePath, period, rule: query.rule }, query);
  return {
    total,
    items: items.map((x) => ({
      rule: x.rule_code,
      description: { vi: x.description_vi, en: x.description_en },
      orgUnit: x.org_unit_code,
      orgUnitName: x.name,
      level: x.level,
      parentCode: x.parent_code,
      parentName: x.parent_name,
      period: x.period,
      left: Number(x.left_value),
      right: Number(x.right_value),
      foundAt: new Date(x.found_at).toISOString(),
      hasRecords: recordsAtFault(x.rule_code) !== undefined,
    })),
  };
}

/**
 * On demand, for a territory and period: checks every rule again from the stored values (a repair
 * after values were changed by hand, say), then lists what is broken. Needs an account that may
 * read the territory's households.
 */
export async function runValidation(db: Db, caller: Actor | null, query: ViolationsQuery): Promise<{ total: number; items: Violation[] }> {
  const { root, period } = await subtreeAndPeriod(db, query);
  await authorize(db, caller, 'household:read', root, { entity: 'validation_run', entityId: `${root.code}/${period.id}` });
  await db.transaction().execute((tx) => checkValidationRules(tx, { subtreePath: root.path, periods: [period.id] }));
  return listValidationViolations(db, query);
}

const violationNotFound = () =>
  notFound(
    'validation.violation_not_found',
    { vi: 'Không có vi phạm này (có thể đã được sửa).', en: 'There is no such violation (it may have been fixed).' },
    'rule',
  );

/** The records behind a violation at a unit, for an account that may read that unit's households. */
export async function findRecordsAtFault(
  db: Db,
  caller: Actor | null,
  key: { rule: string; orgUnit: string; period: string },
): Promise<{ items: RecordAtFault[] }> {
  const { root, period } = await subtreeAndPeriod(db, key);
  await authorize(db, caller, 'household:read', root, { entity: 'validation_violation', entityId: `${key.rule}/${root.code}/${period.id}` });
  await checkPendingValidation(db);
  if (!(await findViolation(db, { ...key, period: period.id }))) throw violationNotFound();
  const find = recordsAtFault(key.rule);
  return { items: find ? await find(db, { leaf: root.code, from: period.start, to: period.end }) : [] };
}
