import { isUniqueViolation, type Db } from '../platform/database.ts';
import { conflict, forbidden, unauthenticated, type Issue } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { type Actor, authorize, can } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { refreshDataValues, yearsFrom } from '../indicators/index.ts';
import { findUnits, LEVEL, type OrgUnitRow } from '../territory/index.ts';
import { readSpreadsheet } from '../platform/spreadsheet.ts';
import type { CsvEncoding } from '../platform/text-encoding.rules.ts';
import { commonUnit, invalidRows, readRows, type ImportKind, type ImportKindName, type ImportRow } from './import.rules.ts';

export interface ImportOptions {
  /** Check every row and count what would change, but write nothing. */
  dryRun: boolean;
  /** Called after each batch is written, with rows written and rows in all. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** A CSV file's encoding when the caller knows it; detected otherwise. */
  encoding?: CsvEncoding | undefined;
}

export interface ImportSummary {
  kind: ImportKindName;
  rows: number;
  created: number;
  updated: number;
  /** Surveys and facts (visits, trainings) the file repeats as they are recorded, left as they are. */
  unchanged?: number;
  /** The file's columns that match none of the kind's, whose cells were not read (when there are any). */
  ignoredColumns?: string[];
  dryRun: boolean;
}

/** A good row with the unit it belongs to, found and authorised. */
export interface UnitRow<R> extends ImportRow<R> {
  unit: OrgUnitRow;
}

/** What a kind will write, worked out against the database before anything is written. */
export interface ImportPlan<W> {
  /** What to write, in order: one item per row, or for some kinds also what the rows change elsewhere. */
  writes: W[];
  /** Problems only the database shows (an unknown operator, no free code), named by record field. */
  issues: Issue[];
  created: number;
  updated: number;
  /** Kinds that skip rows already recorded as they are count them. */
  unchanged?: number;
  /** The villages whose indicator values change, and the first year they change in. */
  refresh: { villages: string[]; fromYear: number };
}

/** What makes one kind of import: its rows, its plan and its writes; the rest is shared. */
export interface ImportSpec<R extends object, W> {
  kind: ImportKind<R>;
  plan(db: Db, rows: readonly UnitRow<R>[]): Promise<ImportPlan<W>>;
  write(tx: Db, writes: readonly W[], recordedBy: string): Promise<void>;
}

/** One statement per batch: PGlite is a single connection, where row-by-row writes are ~100× slower. */
const BATCH = 20_000;

/**
 * Refuses, before the file is read, an actor who may import nowhere: a large file is not parsed
 * for nothing. The refusal is audited against the actor's own unit.
 */
async function importer(db: Db, caller: Actor | null, kind: ImportKindName): Promise<Actor> {
  if (!caller) throw unauthenticated();
  if (caller.roles.some((grant) => can(caller, 'import:run', grant.scopePath))) return caller;
  const home = caller.roles[0];
  if (!home) throw forbidden();
  return authorize(
    db,
    caller,
    'import:run',
    { code: home.orgUnitCode, path: home.scopePath, province_code: home.scopePath.split('.')[0] ?? '' },
    { entity: 'import', entityId: kind },
  );
}

/** 'import:run' over every unit the file touches, checked in memory; the first refusal goes through `authorize`, which audits it. */
async function authorizeUnits(db: Db, actor: Actor, kind: ImportKindName, units: readonly OrgUnitRow[]): Promise<void> {
  const outside = units.find((unit) => !can(actor, 'import:run', unit.path));
  if (outside) await authorize(db, actor, 'import:run', outside, { entity: 'import', entityId: kind });
}

function unknownUnit(row: number, field: string, code: string, level: number): Issue {
  return level === LEVEL.village
    ? { code: 'import.unknown_village', row, field, message: { vi: `Không có thôn/bản mã ${code}.`, en: `There is no village with code ${code}.` } }
    : { code: 'import.unknown_commune', row, field, message: { vi: `Không có xã/phường mã ${code}.`, en: `There is no commune or ward with code ${code}.` } };
}

/**
 * The one path of every import, all or nothing: read the file, check every row, find and
 * authorise the units, plan against the database, and only if no row is bad, write it all in one
 * transaction with the indicator values it changes and one audit entry.
 */
export async function runImport<R extends object, W>(
  db: Db,
  caller: Actor | null,
  bytes: Uint8Array,
  spec: ImportSpec<R, W>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const { kind } = spec;
  const actor = await importer(db, caller, kind.name);
  // The sheet is not kept: once read into records, its cells are garbage the rest of a large import need not carry.
  const read = readRows(kind, await readSpreadsheet(bytes, { encoding: options.encoding }), todayInVietnam());
  const unitCodeOf = (record: R) => String(record[kind.unit.field]);

  const found = await findUnits(db, [...new Set(read.rows.map((r) => unitCodeOf(r.record)))]);
  const units = new Map(found.filter((u) => u.level === kind.unit.level).map((u) => [u.code, u]));
  await authorizeUnits(db, actor, kind.name, [...units.values()]);

  const known: UnitRow<R>[] = [];
  const issues: Issue[] = [];
  for (const row of read.rows) {
    const unit = units.get(unitCodeOf(row.record));
    if (unit) known.push({ ...row, unit });
    else issues.push(unknownUnit(row.row, kind.unit.field, unitCodeOf(row.record), kind.unit.level));
  }
  const plan = await spec.plan(db, known);
  issues.push(...plan.issues);
  if (read.issues.length + issues.length > 0) throw invalidRows([...read.issues, ...issues.map((i) => ({ ...i, field: read.headerOf(i.field) }))]);

  const summary: ImportSummary = {
    kind: kind.name,
    rows: read.count,
    created: plan.created,
    updated: plan.updated,
    ...(plan.unchanged === undefined ? {} : { unchanged: plan.unchanged }),
    ...(read.ignoredColumns.length > 0 ? { ignoredColumns: read.ignoredColumns } : {}),
    dryRun: options.dryRun,
  };
  if (options.dryRun) return summary;
  const touched = [...units.values()];
  try {
    await writePlan(db, actor, spec, plan, summary, touched, options);
  } catch (error) {
    if (isUniqueViolation(error)) throw changedMeanwhile();
    throw error;
  }
  return summary;
}

/**
 * The plan was made outside the transaction: another import (or a phone) may have added the same
 * records meanwhile, and the insert then meets theirs. Nothing was written; sent again, the file
 * is planned against what is there now.
 */
const changedMeanwhile = () =>
  conflict('import.changed_meanwhile', {
    vi: 'Trong lúc nhập tệp, một số bản ghi của tệp vừa được người khác thêm vào. Chưa dòng nào được ghi: hãy gửi lại tệp.',
    en: 'While the file was being imported, some of its records were added by someone else. Nothing was written: send the file again.',
  });

async function writePlan<R extends object, W>(
  db: Db,
  actor: Actor,
  spec: ImportSpec<R, W>,
  plan: ImportPlan<W>,
  summary: ImportSummary,
  touched: readonly OrgUnitRow[],
  options: ImportOptions,
): Promise<void> {
  const { kind } = spec;
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < plan.writes.length; i += BATCH) {
      await spec.write(tx, plan.writes.slice(i, i + BATCH), actor.id);
      options.onProgress?.(Math.min(i + BATCH, plan.writes.length), plan.writes.length);
    }
    await refreshDataValues(tx, { leafLevel: 'village', leaves: plan.refresh.villages, years: yearsFrom(plan.refresh.fromYear) });
    await recordAudit(tx, actor, `import:${kind.name}`, 'import', {
      unit: { code: commonUnit(touched.map((u) => u.path)) ?? null, province_code: touched[0]?.province_code ?? null },
      after: {
        rows: summary.rows,
        created: summary.created,
        updated: summary.updated,
        ...(summary.unchanged === undefined ? {} : { unchanged: summary.unchanged }),
      },
    });
  });
}

/** The earliest year among these 'YYYY-MM-DD' days: indicator values change from then on. */
export function firstYear(days: Iterable<string>): number {
  let first = Infinity;
  for (const day of days) first = Math.min(first, Number(day.slice(0, 4)));
  return first;
}
