import type { Db } from '../platform/database.ts';
import type { Survey } from './household.schema.ts';
import { upsertSurveyAndTouch, type HouseholdRow } from './household.repository.ts';

/**
 * Writes a household's dated survey (the same day replaces) in the caller's transaction and moves
 * the household's version on, so phones holding the old version see the change. The household's
 * own survey write and another module's write that changes its figures (a support visit) both
 * come through here. Returns the survey it replaced, the household as it now is and its latest survey.
 */
export async function writeSurvey(
  tx: Db,
  household: HouseholdRow,
  survey: Survey,
  recordedBy: string | null,
): Promise<{ before: Survey | undefined; household: HouseholdRow; latest: Survey }> {
  const { replaced, household: touched, latest } = await upsertSurveyAndTouch(tx, household, survey, recordedBy);
  return { before: replaced, household: touched, latest };
}
