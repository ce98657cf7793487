import { z } from 'zod';
import { orgUnitCode } from '../territory/org-unit.schema.ts';
import { IMPORT_KINDS } from './import.rules.ts';

export const importKind = z.enum(IMPORT_KINDS).describe('villages, coverage (mobile and fixed broadband) or households (one survey per row)');

export const sheetFormat = z.enum(['csv', 'xlsx']);
export const surveySelection = z.enum(['latest', 'all']);

const format = sheetFormat.default('csv').describe('CSV (UTF-8 with BOM, comma-separated) or Excel .xlsx');

export const importQuery = z.object({
  dryRun: z.enum(['true', 'false']).default('false').describe('true: check every row and count what would change, write nothing'),
});

export const importSummary = z.object({
  kind: importKind,
  rows: z.number().int().describe('Data rows in the file'),
  created: z.number().int().describe('Rows that added a record'),
  updated: z.number().int().describe('Rows that replaced a record with the same key'),
  dryRun: z.boolean(),
});

export const exportQuery = z.object({
  orgUnit: orgUnitCode.describe('The subtree to export: the province, a commune or a village'),
  format,
  surveys: surveySelection.default('latest').describe('Households: each household’s latest survey, or all surveys'),
});

export const templateQuery = z.object({ format });
