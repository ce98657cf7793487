/**
 * What an import accepts, in a file with no imports but platform's options: the web page offers and
 * checks the same kinds, encodings and size without carrying the server's spreadsheet reader.
 */

export { CSV_ENCODINGS, IMPORT_SIZE_LIMIT, type CsvEncoding } from '../platform/spreadsheet-options.ts';

export const IMPORT_KINDS = ['villages', 'coverage', 'households', 'visits', 'trainings'] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];
