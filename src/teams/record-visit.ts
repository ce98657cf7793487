import type { Db } from '../platform/database.ts';
import { assertNoIssues, conflict } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { ADOPTION_ELEMENTS, householdAuthorized, SURVEY_ELEMENTS } from '../households/index.ts';
import { TEAM_ELEMENTS } from './team.indicators.ts';
import { checkVisit, isVisitActivity, surveyAfterVisit, type Visit } from './fieldwork.rules.ts';
import type { VisitInput } from './fieldwork.schema.ts';
import { visitRow } from './fieldwork.repository.ts';
import { alreadyRecorded, idTaken, type StagedWrite } from './already-recorded.ts';
import { recordAlone, visitNeeds, type FieldworkBatch } from './stage-fieldwork.ts';

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
 * A support visit to a household, checked, authorised and staged in its batch (decision 0042).
 * What the visit did for the household's adoption (VNeID, e-health, banking, e-payment) is added
 * to its latest survey as the batch holds it (surveyAfterVisit: dated the later of the two days),
 * so two visits to one household in a batch, or in two batches one after the other (the batch
 * holds the household's row lock), both add, in either order, to the same result; the indicators
 * follow in the same transaction. A refusal throws before anything is staged.
 */
export async function stageVisit(batch: FieldworkBatch, input: VisitInput): Promise<StagedWrite<RecordedVisit>> {
  const held = batch.households.household(input.householdId);
  const { household, village, actor } = await householdAuthorized(
    batch.tx,
    batch.actor,
    'fieldwork:write',
    input.householdId,
    held?.row,
    held && batch.villages.get(held.row.village_code),
  );
  const recordedFor = batch.visitHouseholds.get(input.id);
  if (recordedFor !== undefined) {
    if (recordedFor !== household.id) throw idTaken('visit', input.id);
    return alreadyRecorded(village, { id: input.id, householdVersion: null });
  }
  if (household.archived_at) throw householdArchived();
  const before = held?.latest ?? null;
  assertNoIssues(checkVisit(input, todayInVietnam(), before));
  const visit: Visit = { ...input, activities: input.activities.filter(isVisitActivity) };

  batch.visitHouseholds.set(input.id, household.id);
  batch.visits.push(visitRow(household, { ...visit, id: input.id }, actor.id));
  await recordAudit(batch.tx, actor, 'visit:record', 'support_visit', {
    entityId: input.id,
    unit: village,
    after: {
      householdId: household.id,
      visitedOn: visit.visitedOn,
      activities: visit.activities,
      residentsGuided: visit.residentsGuided,
      note: visit.note ?? null,
    },
  });
  const after = before && surveyAfterVisit(before, visit);
  let householdVersion: number | null = null;
  if (after) {
    householdVersion = batch.households.writeSurvey(household.id, after);
    await recordAudit(batch.tx, actor, 'household:survey', 'household', {
      entityId: household.id,
      unit: village,
      before,
      after: { ...after, visitId: input.id },
    });
  }
  // A survey moved into a new year counts the household, and its residents, that year.
  const surveyChanged = !after ? [] : after.surveyedOn.slice(0, 4) === before.surveyedOn.slice(0, 4) ? ADOPTION_ELEMENTS : SURVEY_ELEMENTS;
  batch.refreshes.push({ unit: village, fromDate: visit.visitedOn, elements: [...TEAM_ELEMENTS, ...surveyChanged] });
  return { provinceCode: village.province_code, villageCode: village.code, result: { id: input.id, householdVersion } };
}

/** Records a visit in a transaction of its own (the REST route); the same id again writes nothing. */
export function recordVisit(db: Db, actor: Actor | null, input: VisitInput): Promise<RecordedVisit> {
  return recordAlone(db, actor, visitNeeds(input), (batch) => stageVisit(batch, input));
}
