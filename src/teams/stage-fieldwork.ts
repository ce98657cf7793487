import { isUniqueViolation, type Db } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { isUuid } from '../platform/ids.ts';
import type { Actor } from '../accounts/index.ts';
import { refreshUnit } from '../indicators/index.ts';
import { lockHouseholds, stageSurveys, type SurveyBatch } from '../households/index.ts';
import { findUnits, type OrgUnitRow } from '../territory/index.ts';
import { findRecordedFieldwork } from './fieldwork.repository.ts';
import { insertRecordedTrainings, insertRecordedVisits, type RecordedSupportVisit, type RecordedTraining } from './team-bulk.repository.ts';
import type { StagedWrite } from './already-recorded.ts';
import type { TrainingInput, VisitInput } from './fieldwork.schema.ts';

/** What an item of field work needs read before it is judged: the batch reads every item's at once. */
export interface FieldworkNeeds {
  households?: readonly string[];
  villages?: readonly string[];
  visits?: readonly string[];
  trainings?: readonly string[];
}

// A household id that is no UUID names no household: it is not looked up (nor locked) at all.
export const visitNeeds = (input: VisitInput): FieldworkNeeds => ({
  households: isUuid(input.householdId) ? [input.householdId] : [],
  visits: [input.id],
});
export const trainingNeeds = (input: TrainingInput): FieldworkNeeds => ({ villages: [input.villageCode], trainings: [input.id] });

/**
 * A batch of visits and trainings, set-based (decision 0042): everything its items need is read
 * first, one statement a table; each item is then judged by the same rules as ever, in order,
 * against what was read and what the items before it staged (`stageVisit`, `stageTraining`), and
 * a refused item stages nothing; the staged rows are written at the end, one statement a table
 * (`writeFieldworkBatch`). The caller holds the households' row locks from before the read.
 */
export interface FieldworkBatch {
  /** The transaction it reads and writes in: a refusal's audit entry (authorize's) goes there too. */
  readonly tx: Db;
  readonly actor: Actor | null;
  readonly households: SurveyBatch;
  readonly villages: ReadonlyMap<string, OrgUnitRow>;
  /** Visit ids recorded, before the batch or staged in it, and each one's household. */
  readonly visitHouseholds: Map<string, string>;
  /** Training ids recorded, before the batch or staged in it, and each one's village. */
  readonly trainingVillages: Map<string, string>;
  readonly visits: RecordedSupportVisit[];
  readonly trainings: RecordedTraining[];
  /** The indicator refreshes the staged rows call for, made once they are written. */
  readonly refreshes: { unit: OrgUnitRow; fromDate: string; elements: readonly string[] }[];
}

export async function openFieldworkBatch(tx: Db, actor: Actor | null, needs: readonly FieldworkNeeds[]): Promise<FieldworkBatch> {
  const all = (pick: (need: FieldworkNeeds) => readonly string[] | undefined) => [...new Set(needs.flatMap((need) => pick(need) ?? []))];
  const householdIds = all((n) => n.households);
  const households = await stageSurveys(tx, householdIds);
  const villageCodes = [...new Set([...all((n) => n.villages), ...householdIds.flatMap((id) => households.household(id)?.row.village_code ?? [])])];
  const [units, { visitHouseholds, trainingVillages }] = await Promise.all([
    findUnits(tx, villageCodes),
    findRecordedFieldwork(
      tx,
      all((n) => n.visits),
      all((n) => n.trainings),
    ),
  ]);
  return {
    tx,
    actor,
    households,
    villages: new Map(units.map((unit) => [unit.code, unit])),
    visitHouseholds,
    trainingVillages,
    visits: [],
    trainings: [],
    refreshes: [],
  };
}

/** Writes what the batch staged, one statement a table, then brings the indicators up to date (at the push's end, inside `refreshAtEnd`). */
export async function writeFieldworkBatch(batch: FieldworkBatch): Promise<void> {
  const { tx } = batch;
  await insertRecordedVisits(tx, batch.visits);
  await insertRecordedTrainings(tx, batch.trainings);
  await batch.households.write(tx, batch.actor?.id ?? null);
  for (const { unit, fromDate, elements } of batch.refreshes) await refreshUnit(tx, unit, fromDate, elements);
}

/**
 * One visit or training in a transaction of its own (the REST routes): a batch of one, so the
 * rules are the push's. A refusal is answered after the commit, so that its audit entry is kept.
 * The same id sent twice at once (a double submit) may find its twin written meanwhile: the
 * second try reads it, and answers as a replay does.
 */
export async function recordAlone<T>(
  db: Db,
  actor: Actor | null,
  needs: FieldworkNeeds,
  stage: (batch: FieldworkBatch) => Promise<StagedWrite<T>>,
): Promise<T> {
  const attempt = () =>
    db.transaction().execute(async (tx): Promise<{ result: T } | { refused: AppError }> => {
      await lockHouseholds(tx, needs.households ?? []);
      const batch = await openFieldworkBatch(tx, actor, [needs]);
      let staged: StagedWrite<T>;
      try {
        staged = await stage(batch);
      } catch (error) {
        if (error instanceof AppError) return { refused: error };
        throw error;
      }
      await writeFieldworkBatch(batch);
      return { result: staged.result };
    });
  const outcome = await attempt().catch((error: unknown) => {
    if (isUniqueViolation(error)) return attempt();
    throw error;
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.result;
}
