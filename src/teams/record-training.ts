import type { Db } from '../platform/database.ts';
import { assertNoIssues } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { commit, type PlannedWrite } from '../platform/planned-write.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { refreshUnit } from '../indicators/index.ts';
import { villageFor } from '../households/index.ts';
import { TEAM_ELEMENTS } from './team.indicators.ts';
import { checkTraining, isTrainingTopic } from './fieldwork.rules.ts';
import type { TrainingInput } from './fieldwork.schema.ts';
import { findTraining, insertTraining } from './fieldwork.repository.ts';
import { alreadyRecorded, idTaken } from './already-recorded.ts';

/** A training the team held in its village, checked and authorised, to apply in the caller's transaction. */
export async function planTraining(db: Db, caller: Actor | null, input: TrainingInput): Promise<PlannedWrite<{ id: string }>> {
  const { village, actor } = await villageFor(db, caller, 'fieldwork:write', input.villageCode);
  const recorded = await findTraining(db, input.id);
  if (recorded) {
    if (recorded.village_code !== village.code) throw idTaken('training', input.id);
    return alreadyRecorded(village, { id: input.id });
  }
  const issues = checkTraining(input, todayInVietnam());
  assertNoIssues(issues);
  const { topic } = input;
  // checkTraining has refused every unknown topic; this narrows the type for the write.
  if (!isTrainingTopic(topic)) throw new Error(`unchecked topic ${topic}`);
  const training = { ...input, topic };
  return {
    provinceCode: village.province_code,
    villageCode: village.code,
    async apply(tx) {
      if (!(await insertTraining(tx, village, training, actor.id))) {
        const twin = await findTraining(tx, input.id);
        if (twin?.village_code !== village.code) throw idTaken('training', input.id);
        return { id: input.id };
      }
      await refreshUnit(tx, village, training.heldOn, TEAM_ELEMENTS);
      await recordAudit(tx, actor, 'training:record', 'training', {
        entityId: input.id,
        unit: village,
        after: { heldOn: training.heldOn, topic, place: training.place, trainer: training.trainer, attendees: training.attendees },
      });
      return { id: input.id };
    },
  };
}

/** Records a training in a transaction of its own (the REST route); the same id again writes nothing. */
export async function recordTraining(db: Db, actor: Actor | null, input: TrainingInput): Promise<{ id: string }> {
  return commit(db, await planTraining(db, actor, input));
}
