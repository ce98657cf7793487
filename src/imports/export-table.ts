import type { Db } from '../platform/database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Actor } from '../accounts/access.policy.ts';
import { authorize } from '../accounts/authorize.ts';
import { insertAuditEntries } from '../audit/audit.repository.ts';
import { findOrgUnit, type OrgUnitRow } from '../territory/org-unit.repository.ts';
import { orgUnitNotFound } from '../territory/describe-org-unit.ts';
import { CONTENT_TYPES, writeSpreadsheet, type SheetFormat, type Table } from './spreadsheet.ts';
import { toTable, type ExportKindName, type ImportKind, type ImportKindName } from './import.rules.ts';
import { VILLAGE_IMPORT } from './village-import.rules.ts';
import { COVERAGE_IMPORT } from './coverage-import.rules.ts';
import { HOUSEHOLD_IMPORT } from './household-import.rules.ts';
import { VISIT_IMPORT } from './visit-import.rules.ts';
import { TRAINING_IMPORT } from './training-import.rules.ts';
import { listCoverageUnder, listSurveysUnder, listTrainingsUnder, listVillagesUnder, listVisitsUnder } from './import.repository.ts';

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

interface Download {
  sheetName: string;
  /** The template: the headers and the kind's example row. */
  template(): Table;
}

const download = <R extends object>(kind: ImportKind<R>): Download => ({ sheetName: kind.sheetName, template: () => toTable(kind, [kind.example]) });

/** Each kind's sheet name and template: the one place a new kind is added for downloads. */
const KINDS: Record<ImportKindName, Download> = {
  villages: download(VILLAGE_IMPORT),
  coverage: download(COVERAGE_IMPORT),
  households: download(HOUSEHOLD_IMPORT),
  visits: download(VISIT_IMPORT),
  trainings: download(TRAINING_IMPORT),
};

async function file(kind: ImportKindName, name: string, table: Table, format: SheetFormat): Promise<SpreadsheetFile> {
  return { filename: `${name}.${format}`, contentType: CONTENT_TYPES[format], body: await writeSpreadsheet(table, format, KINDS[kind].sheetName), rows: table.rows.length };
}

/**
 * Villages and coverage describe places and are public; trainings (which name their trainers) and
 * visits need 'fieldwork:read'; the household register needs 'household:read' over the unit.
 */
async function exportRows(db: Db, actor: Actor | null, kind: ExportKindName, unit: OrgUnitRow, surveys: ExportOptions['surveys']): Promise<Table> {
  if (kind === 'villages') return toTable(VILLAGE_IMPORT, await listVillagesUnder(db, unit.path));
  if (kind === 'coverage') return toTable(COVERAGE_IMPORT, await listCoverageUnder(db, unit.path));
  if (kind === 'trainings') {
    await authorize(db, actor, 'fieldwork:read', unit, { entity: 'training_export', entityId: unit.code });
    return toTable(TRAINING_IMPORT, await listTrainingsUnder(db, unit.path));
  }
  if (kind === 'visits') {
    await authorize(db, actor, 'fieldwork:read', unit, { entity: 'visit_export', entityId: unit.code });
    return toTable(VISIT_IMPORT, await listVisitsUnder(db, unit.path));
  }
  const reader = await authorize(db, actor, 'household:read', unit, { entity: 'household_export', entityId: unit.code });
  const table = toTable(HOUSEHOLD_IMPORT, await listSurveysUnder(db, unit.path, surveys));
  // Personal data leaving the system in bulk is logged, as Decree 13/2023 expects.
  await insertAuditEntries(db, [
    { actorId: reader.id, actorName: reader.username, action: 'household:export', entity: 'household_export', entityId: unit.code, orgUnitCode: unit.code, provinceCode: unit.province_code, outcome: 'ok', after: { rows: table.rows.length, surveys } },
  ]);
  return table;
}

/** A subtree's rows with the headers the import reads, so export → edit in Excel → import round-trips. */
export async function exportTable(db: Db, actor: Actor | null, kind: ExportKindName, options: ExportOptions): Promise<SpreadsheetFile> {
  const unit = await findOrgUnit(db, options.orgUnit);
  if (!unit) throw orgUnitNotFound(options.orgUnit);
  const table = await exportRows(db, actor, kind, unit, options.surveys);
  return file(kind, `banso-${kind}-${unit.code}-${todayInVietnam()}`, table, options.format);
}

/** An empty form to fill in: the Vietnamese headers and one example row. */
export function importTemplate(kind: ImportKindName, format: SheetFormat): Promise<SpreadsheetFile> {
  return file(kind, `banso-${kind}-mau`, KINDS[kind].template(), format);
}
