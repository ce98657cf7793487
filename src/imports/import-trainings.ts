import type { Db } from '../platform/database.ts';
import type { Actor } from '../accounts/access.policy.ts';
import { ethnicGroupsOf, TRAINING_IMPORT, trainingKey, type TrainingImport } from './training-import.rules.ts';
import { findTrainingKeys, insertTrainings, type NewTraining } from './import.repository.ts';
import { firstYear, runImport, type ImportOptions, type ImportSpec } from './run-import.ts';

const trainings: ImportSpec<TrainingImport, NewTraining> = {
  kind: TRAINING_IMPORT,
  async plan(db, rows) {
    const recorded = await findTrainingKeys(db, [...new Set(rows.map((r) => r.unit.code))], [...new Set(rows.map((r) => r.record.heldOn))]);
    const fresh = rows.filter((r) => !recorded.has(trainingKey(r.record)));
    return {
      writes: fresh.map((r) => ({ provinceCode: r.unit.province_code, training: r.record, byEthnicGroup: ethnicGroupsOf(r.record) })),
      issues: [],
      created: fresh.length,
      updated: 0,
      unchanged: rows.length - fresh.length,
      refresh: { villages: [...new Set(fresh.map((r) => r.unit.code))], fromYear: firstYear(fresh.map((r) => r.record.heldOn)) },
    };
  },
  write: (tx, writes, recordedBy) => insertTrainings(tx, writes, recordedBy),
};

/**
 * Training sessions from a spreadsheet. A training is a fact: one already recorded (same village,
 * day, topic, place, trainer and attendees) is left as it is, so importing a file twice adds nothing twice.
 */
export const importTrainings = (db: Db, actor: Actor | null, bytes: Uint8Array, options: ImportOptions) => runImport(db, actor, bytes, trainings, options);
