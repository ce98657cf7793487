import type { Db } from '../platform/database.ts';
import { badRequest, conflict } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { commit, type PlannedWrite } from '../platform/planned-write.ts';
import type { Actor } from '../accounts/access.policy.ts';
import { insertAuditEntries, type AuditRecord } from '../audit/audit.repository.ts';
import { refreshUnit } from '../indicators/refresh-data-values.ts';
import { householdFor, householdNotFound } from '../households/household-access.ts';
import { findLatestSurvey, lockHousehold, touchHousehold, upsertSurvey } from '../households/household.repository.ts';
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
  conflict('household.archived', { vi: 'Hộ này đã được lưu trữ, không ghi thêm lần hỗ trợ.', en: 'This household is archived; no more visits can be recorded for it.' }, 'householdId');

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
  const issues = checkVisit(input, todayInVietnam(), await findLatestSurvey(db, household.id));
  const first = issues[0];
  if (first) throw badRequest(first.code, first.message, first.field, issues);
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
      const by = { actorId: actor.id, actorName: actor.username, orgUnitCode: village.code, provinceCode: village.province_code, outcome: 'ok' as const };
      const audit: AuditRecord[] = [
        { ...by, action: 'visit:record', entity: 'support_visit', entityId: input.id, after: { householdId: current.id, visitedOn: visit.visitedOn, activities: visit.activities, residentsGuided: visit.residentsGuided, note: visit.note ?? null } },
      ];
      const before = await findLatestSurvey(tx, current.id);
      const after = before && surveyAfterVisit(before, visit);
      let householdVersion: number | null = null;
      if (after) {
        await upsertSurvey(tx, current, after, actor.id);
        householdVersion = (await touchHousehold(tx, current.id)).version;
        audit.push({ ...by, action: 'household:survey', entity: 'household', entityId: current.id, before, after: { ...after, visitId: input.id } });
      }
      await refreshUnit(tx, village, visit.visitedOn);
      await insertAuditEntries(tx, audit);
      return { id: input.id, householdVersion };
    },
  };
}

/** Records a visit in a transaction of its own (the REST route); the same id again writes nothing. */
export async function recordVisit(db: Db, actor: Actor | null, input: VisitInput): Promise<RecordedVisit> {
  return commit(db, await planVisit(db, actor, input));
}
