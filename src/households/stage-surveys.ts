import type { Db } from '../platform/database.ts';
import type { Survey } from './household.schema.ts';
import { findHouseholdsWithLatest, type HouseholdRow } from './household.repository.ts';
import { touchHouseholds, upsertSurveys, type SurveyWrite } from './household-bulk.repository.ts';

/** A household as a batch holds it: its row, its version moved on by the batch's surveys, and its latest survey. */
export interface StagedHousehold {
  readonly row: HouseholdRow;
  readonly latest: Survey | null;
}

/**
 * The households a batch of writes works on (a sync push's visits, decision 0042): read with their
 * latest surveys in one statement, changed in memory as each item is applied, written at the end
 * in one statement a table. The caller holds their row locks from before the read to the commit,
 * so what the batch holds stays what the database has, plus its own writes.
 */
export interface SurveyBatch {
  household(id: string): StagedHousehold | undefined;
  /**
   * A survey of the household written (the same day replaces): its version moves on, as a single
   * write's does, and the new version is returned; the survey is its latest unless older.
   */
  writeSurvey(id: string, survey: Survey): number;
  /** Writes the surveys (the last of each household and day: a statement writes a row once) and the versions. */
  write(tx: Db, recordedBy: string | null): Promise<void>;
}

export async function stageSurveys(tx: Db, householdIds: readonly string[]): Promise<SurveyBatch> {
  const households = await findHouseholdsWithLatest(tx, householdIds);
  const surveys = new Map<string, SurveyWrite>();
  const touched: string[] = [];
  return {
    household: (id) => households.get(id),
    writeSurvey(id, survey) {
      const held = households.get(id);
      if (!held) throw new Error(`household ${id} was not read for this batch`);
      const row = { ...held.row, version: held.row.version + 1 };
      const latest = !held.latest || survey.surveyedOn >= held.latest.surveyedOn ? survey : held.latest;
      households.set(id, { row, latest });
      surveys.set(`${id}|${survey.surveyedOn}`, { householdId: id, provinceCode: row.province_code, villageCode: row.village_code, survey });
      touched.push(id);
      return row.version;
    },
    async write(tx, recordedBy) {
      await upsertSurveys(tx, [...surveys.values()], recordedBy);
      await touchHouseholds(tx, touched);
    },
  };
}
