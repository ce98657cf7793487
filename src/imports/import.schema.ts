import { z } from 'zod';
import { orgUnitCode } from '../territory/schemas.ts';
import { EXPORT_KINDS, IMPORT_KINDS } from './import.rules.ts';
import { CSV_ENCODINGS } from '../platform/text-encoding.rules.ts';

export const importKind = z
  .enum(IMPORT_KINDS)
  .describe(
    'villages, coverage (mobile and fixed broadband), households (one survey per row: new households and updated surveys), visits (support visits to households) or trainings',
  );

export const exportKind = z.enum(EXPORT_KINDS).describe('villages, coverage, households, visits or trainings');

export const csvEncoding = z.enum(CSV_ENCODINGS);

export const sheetFormat = z.enum(['csv', 'xlsx']);
export const surveySelection = z.enum(['latest', 'all']);

const format = sheetFormat.default('csv').describe('CSV (UTF-8 with BOM, comma-separated) or Excel .xlsx');

export const importQuery = z.object({
  dryRun: z.enum(['true', 'false']).default('false').describe('true: check every row and count what would change, write nothing'),
  encoding: csvEncoding
    .default('auto')
    .describe(
      'A CSV file’s encoding. auto: a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE), else valid UTF-8 is UTF-8, else Windows-1258. Ignored for .xlsx',
    ),
});

export const importSummary = z.object({
  kind: importKind,
  rows: z.number().int().describe('Data rows in the file'),
  created: z.number().int().describe('Rows that added a record'),
  updated: z.number().int().describe('Rows that replaced a record with the same key'),
  unchanged: z
    .number()
    .int()
    .optional()
    .describe(
      'Households, visits and trainings: rows already recorded (the same survey or fact), left as they are, so a file imported twice adds and changes nothing',
    ),
  ignoredColumns: z.array(z.string()).optional().describe('The file’s columns that match none of the kind’s: their cells were not read'),
  dryRun: z.boolean(),
});

export const exportQuery = z.object({
  orgUnit: orgUnitCode.describe('The subtree to export: the province, a commune or a village'),
  format,
  surveys: surveySelection.default('latest').describe('Households: each household’s latest survey, or all surveys'),
});

export const templateQuery = z.object({ format });
