import type { Db } from '../platform/database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { type Actor, authorize } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit, LEVEL, listUnitsAtLevel, orgUnitNotFound, type OrgUnitRow } from '../territory/index.ts';
import { listCoverageRecords } from '../coverage/index.ts';
import { findHouseholdLabels, listSurveysUnder } from '../households/index.ts';
import { listTrainingRecords, listVisitRecords } from '../teams/index.ts';
import { CONTENT_TYPES, writeSpreadsheet, type SheetFormat, type Table } from '../platform/spreadsheet.ts';
import { toTable, type ExportKindName, type ImportKind, type ImportKindName } from './import.rules.ts';
import { VILLAGE_IMPORT } from './village-import.rules.ts';
import { COVERAGE_IMPORT } from './coverage-import.rules.ts';
import { HOUSEHOLD_IMPORT } from './household-import.rules.ts';
import { VISIT_IMPORT } from './visit-import.rules.ts';
import { TRAINING_IMPORT } from './training-import.rules.ts';
import { toCoverageImports, toTrainingImport, toVillageImport, toVisitImport } from './stored-records.rules.ts';

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
  return {
    filename: `${name}.${format}`,
    contentType: CONTENT_TYPES[format],
    body: await writeSpreadsheet(table, format, KINDS[kind].sheetName),
    rows: table.rows.length,
  };
}

const byCode = (a: OrgUnitRow, b: OrgUnitRow) => a.code.localeCompare(b.code);
/** Labels as people number them: Hộ 2 before Hộ 10. */
const byLabel = new Intl.Collator('vi', { numeric: true }).compare;

/** A subtree's visits by village, household (as people number them) and day. */
async function listVisitsUnder(db: Db, path: string) {
  const stored = await listVisitRecords(db, { path });
  const labels = await findHouseholdLabels(db, [...new Set(stored.map((r) => r.household_id))]);
  const visits = stored.map((r) => toVisitImport(r, labels.get(r.household_id) ?? ''));
  // Stable: the records come by village, day and id, which stays the order within a household.
  return visits.sort((a, b) => a.villageCode.localeCompare(b.villageCode) || byLabel(a.label, b.label) || a.visitedOn.localeCompare(b.visitedOn));
}

/**
 * Villages and coverage describe places and are public; trainings (which name their trainers) and
 * visits need 'fieldwork:read'; the household register needs 'household:read' over the unit.
 */
async function exportRows(db: Db, actor: Actor | null, kind: ExportKindName, unit: OrgUnitRow, surveys: ExportOptions['surveys']): Promise<Table> {
  if (kind === 'villages') return toTable(VILLAGE_IMPORT, (await listUnitsAtLevel(db, unit.path, LEVEL.village)).sort(byCode).map(toVillageImport));
  if (kind === 'coverage') return toTable(COVERAGE_IMPORT, toCoverageImports(await listCoverageRecords(db, { path: unit.path })));
  if (kind === 'trainings') {
    await authorize(db, actor, 'fieldwork:read', unit, { entity: 'training_export', entityId: unit.code });
    return toTable(TRAINING_IMPORT, (await listTrainingRecords(db, { path: unit.path })).map(toTrainingImport));
  }
  if (kind === 'visits') {
    await authorize(db, actor, 'fieldwork:read', unit, { entity: 'visit_export', entityId: unit.code });
    return toTable(VISIT_IMPORT, await listVisitsUnder(db, unit.path));
  }
  const reader = await authorize(db, actor, 'household:read', unit, { entity: 'household_export', entityId: unit.code });
  const register = await listSurveysUnder(db, unit.path, surveys);
  const table = toTable(
    HOUSEHOLD_IMPORT,
    register.sort((a, b) => a.villageCode.localeCompare(b.villageCode) || byLabel(a.label, b.label) || a.surveyedOn.localeCompare(b.surveyedOn)),
  );
  // Personal data leaving the system in bulk is logged, as Decree 13/2023 expects.
  await recordAudit(db, reader, 'household:export', 'household_export', { entityId: unit.code, unit, after: { rows: table.rows.length, surveys } });
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
