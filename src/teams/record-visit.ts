import type { Db } from '../platform/database.ts';
import { assertNoIssues, conflict } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { commit, type PlannedWrite } from '../platform/planned-write.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { refreshUnit } from '../indicators/index.ts';
import { ADOPTION_ELEMENTS, findLatestSurvey, householdFor, householdNotFound, lockHousehold, SURVEY_ELEMENTS, writeSurvey } from '../households/index.ts';
import { TEAM_ELEMENTS } from './team.indicators.ts';
import { checkVisit, isVisitActivity, surveyAfterVisit, type Visit } from './fieldwork.rules.ts';
import type { VisitInput } from './fieldwork.schema.ts';
import { findVisit, insertVisit } from './fieldwork.repository.ts';
import { alreadyRecorded, idTaken } from './already-recorded.ts';

export interface RecordedVisit {
  id: string;
  /** The household's new version when the visit moved its adoption counts, else null. */
  householdVersion: number | null;
}

const householdArchived = () =>
  conflict(
    'household.archived',
    { vi: 'Hộ này đã được lưu trữ, không ghi thêm lần hỗ trợ.', en: 'This household is archived; no more visits can be recorded for it.' },
    'householdId',
  );

/**
 * A support visit to a household, checked and authorised, to apply in the caller's transaction.
 * What the visit did for the household's adoption (VNeID, e-health, banking, e-payment) is added
 * to its latest survey (surveyAfterVisit: dated the later of the two days); the indicators follow
 * in the same transaction. The household row is locked while that happens, so two visits recorded at once
 * both add, in either order, to the same result.
 */
export async function planVisit(db: Db, caller: Actor | null, input: VisitInput): Promise<PlannedWrite<RecordedVisit>> {
  const { household, village, actor } = await householdFor(db, caller, 'fieldwork:write', input.householdId);
  const recorded = await findVisit(db, input.id);
  if (recorded) {
    if (recorded.household_id !== household.id) throw idTaken('visit', input.id);
    return alreadyRecorded(village, { id: input.id, householdVersion: null });
  }
  if (household.archived_at) throw householdArchived();
  const latest = await findLatestSurvey(db, household.id);
  const issues = checkVisit(input, todayInVietnam(), latest);
  assertNoIssues(issues);
  const visit: Visit = { ...input, activities: input.activities.filter(isVisitActivity) };
  return {
    provinceCode: village.province_code,
    villageCode: village.code,
    async apply(tx) {
      const current = await lockHousehold(tx, household.id);
      if (!current) throw householdNotFound(household.id);
      if (current.archived_at) throw householdArchived();
      if (!(await insertVisit(tx, current, { ...visit, id: input.id }, actor.id))) {
        // Recorded meanwhile under the same id by a concurrent retry: the same answer as a replay.
        const twin = await findVisit(tx, input.id);
        if (twin?.household_id !== current.id) throw idTaken('visit', input.id);
        return { id: input.id, householdVersion: null };
      }
      await recordAudit(tx, actor, 'visit:record', 'support_visit', {
        entityId: input.id,
        unit: village,
        after: {
          householdId: current.id,
          visitedOn: visit.visitedOn,
          activities: visit.activities,
          residentsGuided: visit.residentsGuided,
          note: visit.note ?? null,
        },
      });
      // Every change to a household's surveys moves its version on: the same version, locked now,
      // means the survey read while planning is still the latest (always so inside a sync push,
      // which locks its households before planning).
      const before = current.version === household.version ? latest : await findLatestSurvey(tx, current.id);
      const after = before && surveyAfterVisit(before, visit);
      let householdVersion: number | null = null;
      if (after) {
        householdVersion = (await writeSurvey(tx, current, after, actor.id)).household.version;
        await recordAudit(tx, actor, 'household:survey', 'household', { entityId: current.id, unit: village, before, after: { ...after, visitId: input.id } });
      }
      // A survey moved into a new year counts the household, and its residents, that year.
      const surveyChanged = !after ? [] : after.surveyedOn.slice(0, 4) === before.surveyedOn.slice(0, 4) ? ADOPTION_ELEMENTS : SURVEY_ELEMENTS;
      await refreshUnit(tx, village, visit.visitedOn, [...TEAM_ELEMENTS, ...surveyChanged]);
      return { id: input.id, householdVersion };
    },
  };
}

/** Records a visit in a transaction of its own (the REST route); the same id again writes nothing. */
export async function recordVisit(db: Db, actor: Actor | null, input: VisitInput): Promise<RecordedVisit> {
  return commit(db, await planVisit(db, actor, input));
}
