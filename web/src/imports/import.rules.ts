import type { z } from 'zod';
import type { importSummary } from '../../../src/imports/import.schema.ts';
import { CSV_ENCODINGS, IMPORT_KINDS, IMPORT_SIZE_LIMIT, type CsvEncoding, type ImportKindName } from '../../../src/imports/import-options.ts';
import type { Issue } from '../../../src/platform/errors.ts';
import type { SheetFormat } from '../../../src/platform/spreadsheet.ts';
import { formatDecimal, formatNumber } from '../platform/format.ts';

/**
 * The pure part of the import page: which file may be sent, what a result says, which page of a
 * long refusal to show. The kinds, encodings and size limit are the server's own constants.
 */

export { CSV_ENCODINGS, IMPORT_KINDS, IMPORT_SIZE_LIMIT, type CsvEncoding, type ImportKindName, type SheetFormat };

/** What a check or an import answers: the API's shape. */
export type ImportSummary = z.infer<typeof importSummary>;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Extensions first: a phone's file picker greys out by type, and Windows labels a .csv
 * "application/vnd.ms-excel" when Excel is installed, so the extension is what reliably matches.
 */
export const ACCEPT = ['.xlsx', '.csv', XLSX_TYPE, 'text/csv'].join(',');

/** The format a file's name says; the server decides by the bytes, this only guides the page. */
export function formatOf(fileName: string): SheetFormat | null {
  const extension = /\.([^.]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  return extension === 'csv' || extension === 'xlsx' ? extension : null;
}

/** A size as a person reads it, in the Vietnamese way for both languages (“1,5 MB”), like every number of the app. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatDecimal(Math.round((bytes / 1024) * 10) / 10)} KB`;
  return `${formatDecimal(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

export type FileProblem = 'too_large' | 'wrong_type';

/**
 * Why a chosen file cannot be sent, before it is: a 20 MB upload over a rural connection only to
 * hear "too large", or an old .xls the server refuses, wastes the officer's time and data.
 */
export function fileProblem(file: { name: string; size: number }, limit = IMPORT_SIZE_LIMIT): FileProblem | null {
  if (formatOf(file.name) === null) return 'wrong_type';
  if (file.size > limit) return 'too_large';
  return null;
}

/** One count of a result, to be put in words by the page. */
export interface SummaryLine {
  key: 'created' | 'updated' | 'unchanged';
  count: number;
}

/**
 * The counts a result reports: new and updated always (a zero says so plainly); "already recorded"
 * only for kinds that have it (visits and trainings), where it explains why a second import added nothing.
 */
export function summaryLines(summary: ImportSummary): SummaryLine[] {
  const lines: SummaryLine[] = [
    { key: 'created', count: summary.created },
    { key: 'updated', count: summary.updated },
  ];
  if (summary.unchanged !== undefined) lines.push({ key: 'unchanged', count: summary.unchanged });
  return lines;
}

/** What was checked: the kind, the file as the browser knows it, and the encoding it was read in. */
export interface CheckedFile {
  kind: ImportKindName;
  name: string;
  size: number;
  lastModified: number;
  encoding: CsvEncoding;
}

/**
 * The import runs only for exactly what the check passed: changing the kind, the file (saving it
 * again in Excel changes its time) or the encoding asks for a new check.
 */
export function sameCheck(checked: CheckedFile | null, current: CheckedFile | null): boolean {
  if (!checked || !current) return false;
  return (
    checked.kind === current.kind &&
    checked.name === current.name &&
    checked.size === current.size &&
    checked.lastModified === current.lastModified &&
    checked.encoding === current.encoding
  );
}

/** How many problems and how many distinct rows the refusal lists (a row can have several). */
export function issueCounts(issues: readonly Issue[]): { issues: number; rows: number } {
  return { issues: issues.length, rows: new Set(issues.map((issue) => issue.row ?? 0)).size };
}

/** Fifty problems a page: a long refusal (up to the server's 1,000) stays readable on a phone. */
export const ISSUES_PER_PAGE = 50;

/** The first problem of the page holding `offset`; past the end (a shorter new refusal), the last page. */
export function pageStart(total: number, offset: number, limit = ISSUES_PER_PAGE): number {
  if (total <= 0) return 0;
  const lastPage = Math.floor((total - 1) / limit) * limit;
  return Math.min(Math.max(0, offset - (offset % limit)), lastPage);
}

export function issuePage<T>(issues: readonly T[], offset: number, limit = ISSUES_PER_PAGE): T[] {
  const start = pageStart(issues.length, offset, limit);
  return issues.slice(start, start + limit);
}

/** The query of an upload: `dryRun` only when checking; the encoding only when it is not the default, and only for CSV. */
export function importQuery(options: { dryRun: boolean; encoding: CsvEncoding; format: SheetFormat | null }): Record<string, string | undefined> {
  return {
    dryRun: options.dryRun ? 'true' : undefined,
    encoding: options.format === 'csv' && options.encoding !== 'auto' ? options.encoding : undefined,
  };
}
