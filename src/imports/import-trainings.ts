import type { Db } from '../platform/database.ts';
import type { Actor } from '../accounts/index.ts';
import { ethnicGroupsOf, TRAINING_IMPORT, trainingKey, type TrainingImport } from './training-import.rules.ts';
import { insertRecordedTrainings, listTrainingRecords, type RecordedTraining } from '../teams/index.ts';
import { newId } from '../platform/ids.ts';
import { toTrainingImport } from './stored-records.rules.ts';
import { firstYear, runImport, type ImportOptions, type ImportSpec } from './run-import.ts';

type NewTraining = Omit<RecordedTraining, 'recorded_by'>;

const trainings: ImportSpec<TrainingImport, NewTraining> = {
  kind: TRAINING_IMPORT,
  async plan(db, rows) {
    const stored = await listTrainingRecords(db, {
      villageCodes: [...new Set(rows.map((r) => r.unit.code))],
      days: [...new Set(rows.map((r) => r.record.heldOn))],
    });
    const recorded = new Set(stored.map((r) => trainingKey(toTrainingImport(r))));
    const fresh = rows.filter((r) => !recorded.has(trainingKey(r.record)));
    return {
      writes: fresh.map(({ unit, record: t }) => ({
        id: newId(),
        province_code: unit.province_code,
        village_code: t.villageCode,
        held_on: t.heldOn,
        topic: t.topic,
        place: t.place,
        trainer: t.trainer,
        attendees: t.total,
        attendees_female: t.female,
        attendees_male: t.male,
        attendees_under_15: t.under15,
        attendees_15_to_29: t.from15to29,
        attendees_30_to_59: t.from30to59,
        attendees_60_plus: t.from60,
        attendees_by_ethnic_group: ethnicGroupsOf(t),
      })),
      issues: [],
      created: fresh.length,
      updated: 0,
      unchanged: rows.length - fresh.length,
      refresh: { villages: [...new Set(fresh.map((r) => r.unit.code))], fromYear: firstYear(fresh.map((r) => r.record.heldOn)) },
    };
  },
  write: (tx, writes, recordedBy) =>
    insertRecordedTrainings(
      tx,
      writes.map((w) => ({ ...w, recorded_by: recordedBy })),
    ),
};

/**
 * Training sessions from a spreadsheet. A training is a fact: one already recorded (same village,
 * day, topic, place, trainer and attendees) is left as it is, so importing a file twice adds nothing twice.
 */
export const importTrainings = (db: Db, actor: Actor | null, bytes: Uint8Array, options: ImportOptions) => runImport(db, actor, bytes, trainings, options);
