import type { Db } from '../platform/database.ts';
import type { Actor } from '../accounts/index.ts';
import { planSurveysInBulk, writeSurveysInBulk, type BulkSurveyWrite } from '../households/index.ts';
import { HOUSEHOLD_IMPORT, type HouseholdImport } from './household-import.rules.ts';
import { firstYear, runImport, type ImportOptions, type ImportSpec } from './run-import.ts';

/** The file is read and checked here; what a row does to the register is the households' rule. */
const households: ImportSpec<HouseholdImport, BulkSurveyWrite> = {
  kind: HOUSEHOLD_IMPORT,
  async plan(db, rows) {
    const { writes, replaced, unchanged } = await planSurveysInBulk(
      db,
      rows.map(({ record, unit }) => ({ provinceCode: unit.province_code, villageCode: unit.code, label: record.label, survey: record })),
    );
    const villages = [...new Set(rows.map((r) => r.unit.code))];
    return {
      writes,
      issues: [],
      created: rows.length - replaced - unchanged,
      updated: replaced,
      unchanged,
      refresh: { villages, fromYear: firstYear(rows.map((r) => r.record.surveyedOn)) },
    };
  },
  write: writeSurveysInBulk,
};

/** Household surveys from a spreadsheet: a household is added the first time its label appears; a survey of the same day is replaced. */
export const importHouseholds = (db: Db, actor: Actor | null, bytes: Uint8Array, options: ImportOptions) => runImport(db, actor, bytes, households, options);
