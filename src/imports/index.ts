/** What other modules may use of imports (decision 0019): spreadsheet imports and exports, run from the command line and the routes. */
export { exportTable, importTemplate } from './export-table.ts';
export { importFile } from './import-spreadsheet.ts';
export { registerImportRoutes, uploadedBytes } from './import.routes.ts';
export { EXPORT_KINDS, IMPORT_KINDS } from './import.rules.ts';
// The row reader, its codecs and the all-or-nothing refusal, for modules that import files of their own (a carrier's manifest).
export { CellProblem, date, integer, invalidRows, readRows, text, villageCodeCell, type Codec, type Column, type RowKind } from './import.rules.ts';
export { csvEncoding, exportKind, importKind, sheetFormat, surveySelection } from './import.schema.ts';
export { PROVINCE_CODE, SYSTEM_ACTOR } from './system-actor.ts';
