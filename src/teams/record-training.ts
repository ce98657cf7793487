import type { Db } from '../platform/database.ts';
import { assertNoIssues } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { villageAuthorized } from '../households/index.ts';
import { TEAM_ELEMENTS } from './team.indicators.ts';
import { checkTraining, isTrainingTopic } from './fieldwork.rules.ts';
import type { TrainingInput } from './fieldwork.schema.ts';
import { trainingRow } from './fieldwork.repository.ts';
import { alreadyRecorded, idTaken, type StagedWrite } from './already-recorded.ts';
import { recordAlone, trainingNeeds, type FieldworkBatch } from './stage-fieldwork.ts';

/** A training the team held in its village, checked, authorised and staged in its batch (decision 0042). */
export async function stageTraining(batch: FieldworkBatch, input: TrainingInput): Promise<StagedWrite<{ id: string }>> {
  const { village, actor } = await villageAuthorized(batch.tx, batch.actor, 'fieldwork:write', input.villageCode, batch.villages.get(input.villageCode));
  const recordedIn = batch.trainingVillages.get(input.id);
  if (recordedIn !== undefined) {
    if (recordedIn !== village.code) throw idTaken('training', input.id);
    return alreadyRecorded(village, { id: input.id });
  }
  assertNoIssues(checkTraining(input, todayInVietnam()));
  const { topic } = input;
  // checkTraining has refused every unknown topic; this narrows the type for the write.
  if (!isTrainingTopic(topic)) throw new Error(`unchecked topic ${topic}`);
  const training = { ...input, topic };

  batch.trainingVillages.set(input.id, village.code);
  batch.trainings.push(trainingRow(village, training, actor.id));
  batch.refreshes.push({ unit: village, fromDate: training.heldOn, elements: TEAM_ELEMENTS });
  await recordAudit(batch.tx, actor, 'training:record', 'training', {
    entityId: input.id,
    unit: village,
    after: { heldOn: training.heldOn, topic, place: training.place, trainer: training.trainer, attendees: training.attendees },
  });
  return { provinceCode: village.province_code, villageCode: village.code, result: { id: input.id } };
}

/** Records a training in a transaction of its own (the REST route); the same id again writes nothing. */
export function recordTraining(db: Db, actor: Actor | null, input: TrainingInput): Promise<{ id: string }> {
  return recordAlone(db, actor, trainingNeeds(input), (batch) => stageTraining(batch, input));
}
