import type { Db } from '../platform/database.ts';
import { bulkId } from './bulk-ids.ts';
import type { Actor } from '../accounts/access.policy.ts';
import { HOUSEHOLD_IMPORT, type HouseholdImport } from './household-import.rules.ts';
import { findHouseholds, findSurveyDays, insertHouseholds, touchHouseholds, upsertSurveys, type NewHousehold, type SurveyWrite } from './import.repository.ts';
import { firstYear, runImport, type ImportOptions, type ImportSpec } from './run-import.ts';

interface HouseholdWrite {
  /** A household the file names for the first time, inserted before its survey. */
  created: NewHousehold | null;
  /** An existing household whose surveys change, so its version moves on. */
  touched: string | null;
  survey: SurveyWrite;
}

const households: ImportSpec<HouseholdImport, HouseholdWrite> = {
  kind: HOUSEHOLD_IMPORT,
  async plan(db, rows) {
    const villages = [...new Set(rows.map((r) => r.unit.code))];
    const days = [...new Set(rows.map((r) => r.record.surveyedOn))];
    // Two queries for the whole file, whatever its size: the households of its villages, and which of them were surveyed on its days.
    const [existing, surveyed] = await Promise.all([findHouseholds(db, villages), findSurveyDays(db, villages, days)]);
    const idOf = new Map(existing.map((h) => [`${h.village_code}|${h.label}`, h.id]));
    const existingIds = new Set(idOf.values());
    const surveyedDays = new Set(surveyed.map((s) => `${s.household_id}|${s.surveyed_on}`));
    let updated = 0;
    const writes = rows.map(({ record, unit }): HouseholdWrite => {
      const key = `${unit.code}|${record.label}`;
      let id = idOf.get(key);
      let created: NewHousehold | null = null;
      if (id === undefined) {
        id = bulkId();
        idOf.set(key, id);
        created = { id, provinceCode: unit.province_code, villageCode: unit.code, label: record.label };
      }
      if (surveyedDays.has(`${id}|${record.surveyedOn}`)) updated++;
      return { created, touched: existingIds.has(id) ? id : null, survey: { householdId: id, provinceCode: unit.province_code, villageCode: unit.code, survey: record } };
    });
    return { writes, issues: [], created: rows.length - updated, updated, refresh: { villages, fromYear: firstYear(days) } };
  },
  async write(tx, writes, recordedBy) {
    await insertHouseholds(tx, writes.flatMap((w) => (w.created ? [w.created] : [])));
    await touchHouseholds(tx, [...new Set(writes.flatMap((w) => (w.touched ? [w.touched] : [])))]);
    await upsertSurveys(tx, writes.map((w) => w.survey), recordedBy);
  },
};

/** Household surveys from a spreadsheet: a household is added the first time its label appears; a survey of the same day is replaced. */
export const importHouseholds = (db: Db, actor: Actor | null, bytes: Uint8Array, options: ImportOptions) => runImport(db, actor, bytes, households, options);
