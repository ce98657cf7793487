import type { Db } from '../platform/database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Actor } from '../accounts/access.policy.ts';
import { authorize } from '../accounts/authorize.ts';
import { insertAuditEntries } from '../audit/audit.repository.ts';
import { findOrgUnit, type OrgUnitRow } from '../territory/org-unit.repository.ts';
import { orgUnitNotFound } from '../territory/describe-org-unit.ts';
import { CONTENT_TYPES, writeSpreadsheet, type SheetFormat, type Table } from './spreadsheet.ts';
import { toTable, type ImportKindName } from './import.rules.ts';
import { VILLAGE_IMPORT } from './village-import.rules.ts';
import { COVERAGE_IMPORT } from './coverage-import.rules.ts';
import { HOUSEHOLD_IMPORT } from './household-import.rules.ts';
import { listCoverageUnder, listSurveysUnder, listVillagesUnder } from './import.repository.ts';

export interface SpreadsheetFile {
  filename: string;
  contentType: string;
  body: Buffer;
  rows: number;
}

export interface ExportOptions {
  orgUnit: string;
  format: SheetFormat;
  /** Households: each one's latest survey, or every survey. */
  surveys: 'latest' | 'all';
}

const SHEET_NAMES: Record<ImportKindName, string> = {
  villages: VILLAGE_IMPORT.sheetName,
  coverage: COVERAGE_IMPORT.sheetName,
  households: HOUSEHOLD_IMPORT.sheetName,
};

async function file(kind: ImportKindName, name: string, table: Table, format: SheetFormat): Promise<SpreadsheetFile> {
  return { filename: `${name}.${format}`, contentType: CONTENT_TYPES[format], body: await writeSpreadsheet(table, format, SHEET_NAMES[kind]), rows: table.rows.length };
}

/** Villages and coverage describe places and are public; the household register needs 'household:read' over the unit. */
async function exportRows(db: Db, actor: Actor | null, kind: ImportKindName, unit: OrgUnitRow, surveys: ExportOptions['surveys']): Promise<Table> {
  if (kind === 'villages') return toTable(VILLAGE_IMPORT, await listVillagesUnder(db, unit.path));
  if (kind === 'coverage') return toTable(COVERAGE_IMPORT, await listCoverageUnder(db, unit.path));
  const reader = await authorize(db, actor, 'household:read', unit, { entity: 'household_export', entityId: unit.code });
  const table = toTable(HOUSEHOLD_IMPORT, await listSurveysUnder(db, unit.path, surveys));
  // Personal data leaving the system in bulk is logged, as Decree 13/2023 expects.
  await insertAuditEntries(db, [
    { actorId: reader.id, actorName: reader.username, action: 'household:export', entity: 'household_export', entityId: unit.code, orgUnitCode: unit.code, provinceCode: unit.province_code, outcome: 'ok', after: { rows: table.rows.length, surveys } },
  ]);
  return table;
}

/** A subtree's rows with the headers the import reads, so export → edit in Excel → import round-trips. */
export async function exportTable(db: Db, actor: Actor | null, kind: ImportKindName, options: ExportOptions): Promise<SpreadsheetFile> {
  const unit = await findOrgUnit(db, options.orgUnit);
  if (!unit) throw orgUnitNotFound(options.orgUnit);
  const table = await exportRows(db, actor, kind, unit, options.surveys);
  return file(kind, `banso-${kind}-${unit.code}-${todayInVietnam()}`, table, options.format);
}

/** An empty form to fill in: the Vietnamese headers and one example row. */
export function importTemplate(kind: ImportKindName, format: SheetFormat): Promise<SpreadsheetFile> {
  const table =
    kind === 'villages' ? toTable(VILLAGE_IMPORT, [VILLAGE_IMPORT.example]) : kind === 'coverage' ? toTable(COVERAGE_IMPORT, [COVERAGE_IMPORT.example]) : toTable(HOUSEHOLD_IMPORT, [HOUSEHOLD_IMPORT.example]);
  return file(kind, `banso-${kind}-mau`, table, format);
}
