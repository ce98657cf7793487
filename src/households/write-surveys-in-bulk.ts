import type { Db } from '../platform/database.ts';
import { bulkId } from '../platform/bulk-ids.ts';
import { survey, type Survey } from './household.schema.ts';
import {
  findHouseholds,
  findSurveysOn,
  insertHouseholds,
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
  const idOf = new Map(existing.map((h) => [`${h.village_code}|${h.label}`, h.id]));
  const existingIds = new Set(idOf.values());
  let replaced = 0;
  let unchanged = 0;
  const writes = rows.flatMap(({ provinceCode, villageCode, label, survey }): BulkSurveyWrite[] => {
    const key = `${villageCode}|${label}`;
    let id = idOf.get(key);
    let created: NewHousehold | null = null;
    if (id === undefined) {
      id = bulkId();
      idOf.set(key, id);
      created = { id, province_code: provinceCode, village_code: villageCode, label };
    }
    const recorded = surveyed.get(`${id}|${survey.surveyedOn}`);
    if (recorded && sameSurvey(survey, recorded)) {
      unchanged++;
      return [];
    }
    if (recorded) replaced++;
    return [{ created, touched: existingIds.has(id) ? id : null, survey: { householdId: id, provinceCode, villageCode, survey } }];
  });
  return { writes, replaced, unchanged };
}

/** Writes what planSurveysInBulk planned, in the caller's transaction: one statement a table. */
export async function writeSurveysInBulk(tx: Db, writes: readonly BulkSurveyWrite[], recordedBy: string): Promise<void> {
  await insertHouseholds(
    tx,
    writes.flatMap((w) => (w.created ? [w.created] : [])),
  );
  await touchHouseholds(tx, [...new Set(writes.flatMap((w) => (w.touched ? [w.touched] : [])))]);
  await upsertSurveys(
    tx,
    writes.map((w) => w.survey),
    recordedBy,
  );
}
