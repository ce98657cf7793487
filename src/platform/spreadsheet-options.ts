/**
 * What a spreadsheet upload accepts, in a file with no imports of its own: the web page offers and
 * checks the same encodings and size without carrying the server's spreadsheet reader.
 */

/**
 * The encodings a CSV file reaches us in from Vietnamese offices: UTF-8 (with or without a BOM:
 * Excel's "CSV UTF-8"), UTF-16 with a BOM (Excel's "Unicode text", tab-separated) and
 * Windows-1258 (Excel's plain "CSV" on a Vietnamese Windows). `auto` tells them apart.
 */
export const CSV_ENCODINGS = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1258'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** Large enough for every household of a province (200,000 rows are about 12 MB of CSV). */
export const IMPORT_SIZE_LIMIT = 20 * 1024 * 1024;

/** Data rows one import takes: a province's households, with room to spare. */
export const IMPORT_ROW_LIMIT = 250_000;
