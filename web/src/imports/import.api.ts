import { api, withQuery } from '../platform/api.ts';
import { importQuery, type CsvEncoding, type ImportKindName, type ImportSummary, type SheetFormat } from './import.rules.ts';

/** The file to fill in for a kind: the headers the import reads and one example row. */
export const templateUrl = (kind: ImportKindName, format: SheetFormat) => withQuery(`/api/imports/${kind}/template`, { format });

/** Sends a file to check (`dryRun`) or to import; a refusal arrives as an ApiError listing the bad rows. */
export function uploadImport(
  kind: ImportKindName,
  file: File,
  options: { dryRun: boolean; encoding: CsvEncoding; format: SheetFormat | null },
): Promise<ImportSummary> {
  return api.upload<ImportSummary>(`/api/imports/${kind}`, file, { query: importQuery(options) });
}
