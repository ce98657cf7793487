import { readFile, stat } from 'node:fs/promises';
import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import type { Actor } from '../accounts/index.ts';
import { assertImportSize } from '../platform/spreadsheet.ts';
import type { ImportKindName } from './import.rules.ts';
import type { ImportOptions, ImportSummary } from './run-import.ts';
import { importCoverage } from './import-coverage.ts';
import { importHouseholds } from './import-households.ts';
import { importVillages } from './import-villages.ts';
import { importVisits } from './import-visits.ts';
import { importTrainings } from './import-trainings.ts';

const IMPORTERS: Record<ImportKindName, (db: Db, actor: Actor | null, bytes: Uint8Array, options: ImportOptions) => Promise<ImportSummary>> = {
  villages: importVillages,
  coverage: importCoverage,
  households: importHouseholds,
  visits: importVisits,
  trainings: importTrainings,
};

/** Imports an uploaded spreadsheet of one kind: every row, or none. */
export function importSpreadsheet(db: Db, actor: Actor | null, kind: ImportKindName, bytes: Uint8Array, options: ImportOptions): Promise<ImportSummary> {
  return IMPORTERS[kind](db, actor, bytes, options);
}

/** Imports a file from disk (the command line); a file over the limit is refused before it is read. */
export async function importFile(db: Db, actor: Actor, kind: ImportKindName, file: string, options: ImportOptions): Promise<ImportSummary> {
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw notFound('import.file_not_found', { vi: `Không tìm thấy tệp ${file}.`, en: `There is no file ${file}.` });
    },
  );
  assertImportSize(size);
  return importSpreadsheet(db, actor, kind, await readFile(file), options);
}
