import type { Db } from '../platform/database.ts';
import { bulkId } from '../platform/bulk-ids.ts';
import { survey, type Survey } from './household.schema.ts';
import {
  findHouseholds,
  findSurveysOn,
  insertHouseholds,
  insertNewHouseholdsSurveys,
  touchHouseholds,
  upsertSurveys,
  type NewHousehold,
  type SurveyWrite,
} from './household-bulk.repository.ts';

/** A survey of a household named by its village and label, as a spreadsheet row names it. */
export interface LabelledSurvey {
  provinceCode: string;
  villageCode: string;
  label: string;
  survey: Survey;
}

export interface BulkSurveyWrite {
  /** A household named for the first time, inserted before its survey. */
  created: NewHousehold | null;
  /** An existing household whose surveys change, so its version moves on. */
  touched: string | null;
  survey: SurveyWrite;
}

const SURVEY_FIELDS = Object.keys(survey.shape) as (keyof Survey)[];

/** Whether a survey repeats the one recorded: writing it again would change nothing but the household's version. */
export const sameSurvey = (written: Survey, recorded: Survey): boolean => SURVEY_FIELDS.every((field) => written[field] === recorded[field]);

/**
 * The register's rules for many surveys at once, as for one: a label new to its village adds a
 * household; a survey of a day the household already has replaces it, unless it repeats it (an
 * export imported back), which writes nothing, so the household's version stays and a phone
 * holding an edit based on it meets no conflict; a changed household's version moves on. Two
 * queries, whatever the number of rows; `replaced` counts the surveys that replace one,
 * `unchanged` those that repeat one.
 */
export async function planSurveysInBulk(db: Db, rows: readonly LabelledSurvey[]): Promise<{ writes: BulkSurveyWrite[]; replaced: number; unchanged: number }> {
  const villages = [...new Set(rows.map((r) => r.villageCode))];
  const days = [...new Set(rows.map((r) => r.survey.surveyedOn))];
  const [existing, surveyed] = await Promise.all([findHouseholds(db, villages), findSurveysOn(db, villages, days)]);
  // Village, then label: a 200,000-row file is looked up without building a key string per row.
  const registered = byVillage(existing);
  const added = new Map<string, Map<string, string>>();
  let replaced = 0;
  let unchanged = 0;
  const writes: BulkSurveyWrite[] = [];
  for (const { provinceCode, villageCode, label, survey } of rows) {
    const id = registered.get(villageCode)?.get(label);
    if (id !== undefined) {
      // Only a household already registered can have a survey recorded.
      const recorded = surveyed.get(`${id}|${survey.surveyedOn}`);
      if (recorded && sameSurvey(survey, recorded)) {
        unchanged++;
        continue;
      }
      if (recorded) replaced++;
      writes.push({ created: null, touched: id, survey: { householdId: id, provinceCode, villageCode, survey } });
      continue;
    }
    let labels = added.get(villageCode);
    if (!labels) added.set(villageCode, (labels = new Map()));
    let created: NewHousehold | null = null;
    let householdId = labels.get(label);
    if (householdId === undefined) {
      householdId = bulkId();
      labels.set(label, householdId);
      created = { id: householdId, province_code: provinceCode, village_code: villageCode, label };
    }
    writes.push({ created, touched: null, survey: { householdId, provinceCode, villageCode, survey } });
  }
  return { writes, replaced, unchanged };
}

function byVillage(households: readonly { id: string; village_code: string; label: string }[]): Map<string, Map<string, string>> {
  const villages = new Map<string, Map<string, string>>();
  for (const { id, village_code, label } of households) {
    let labels = villages.get(village_code);
    if (!labels) villages.set(village_code, (labels = new Map()));
    labels.set(label, id);
  }
  return villages;
}

/** Writes what planSurveysInBulk planned, in the caller's transaction: one statement a table, and the new households' surveys apart. */
export async function writeSurveysInBulk(tx: Db, writes: readonly BulkSurveyWrite[], recordedBy: string): Promise<void> {
  const created: NewHousehold[] = [];
  const touched = new Set<string>();
  const ofCreated: SurveyWrite[] = [];
  const ofExisting: SurveyWrite[] = [];
  for (const write of writes) {
    if (write.created) created.push(write.created);
    if (write.touched) touched.add(write.touched);
    (write.created ? ofCreated : ofExisting).push(write.survey);
  }
  await insertHouseholds(tx, created);
  await touchHouseholds(tx, [...touched]);
  await insertNewHouseholdsSurveys(tx, ofCreated, recordedBy);
  await upsertSurveys(tx, ofExisting, recordedBy);
}
