import type { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { PlannedWrite } from '../platform/planned-write.ts';
import type { Actor } from '../accounts/index.ts';
import {
  stageTraining,
  stageVisit,
  trainingInput,
  trainingNeeds,
  visitInput,
  visitNeeds,
  type FieldworkBatch,
  type FieldworkNeeds,
  type StagedWrite,
} from '../teams/index.ts';
import { householdRegistrationInput, householdUpdateInput, planHouseholdRegistration, planSurvey } from '../households/index.ts';
import { deliverInput, failInput, parcelFiling, planDelivery, planFailedAttempt, planRouteReorder, readServerParcel, reorderInput } from '../delivery/index.ts';
import type { MutationKind } from './sync.schema.ts';
import type { StoredResult } from './sync.repository.ts';
import { payloadField, readServerHousehold } from './read-server-household.ts';

/** What the phone is told of an applied mutation's record: its id, and its new version where it has one. */
export type RecordOfMutation = { id: string; version?: number | undefined };

/**
 * How a kind is written: alone, planned (read, checked) then applied under a savepoint; or with
 * the field work of its batch, set-based (decision 0042): what the batch must read for the item,
 * and the item judged and staged from what was read.
 */
export type MutationWrite<I> =
  | { alone(db: Db, actor: Actor, input: I): Promise<PlannedWrite<RecordOfMutation>> }
  | { needs(input: I): FieldworkNeeds; stage(batch: FieldworkBatch, input: I): Promise<StagedWrite<RecordOfMutation>> };

/**
 * What each kind of mutation is: the schema of its payload, the use case that validates and
 * authorises it into a write, and the record the phone is told about. The sync module only
 * sequences them; every rule lives with the module that owns the record.
 */
export interface MutationHandler<I> {
  input: z.ZodType<I>;
  write: MutationWrite<I>;
  /** The household or village the payload names, before it is checked: where a refusal is filed. */
  target(payload: unknown): { householdId?: unknown; villageCode?: unknown };
  /**
   * For a kind whose record is not a household: where its refusal is filed, when the payload names
   * a record the account may see (its owner's rule); undefined files it under the account's own unit.
   */
  filedUnder?(db: Db, actor: Actor, payload: unknown): Promise<{ villageCode: string; provinceCode: string } | undefined>;
  /** The refusals (409 codes) that are conflicts: the server's record moved on, a person chooses. */
  conflicts: readonly string[];
  /** The server's side of a conflict, to show beside the phone's. */
  server(db: Db, payload: unknown): Promise<Pick<StoredResult, 'server' | 'serverParcel'>>;
}

/** A planned write whose result is narrowed to what the phone is told: id and new version. */
async function recordOf<T>(planned: Promise<PlannedWrite<T>>, present: (result: T) => RecordOfMutation): Promise<PlannedWrite<RecordOfMutation>> {
  const plan = await planned;
  return { provinceCode: plan.provinceCode, villageCode: plan.villageCode, apply: async (tx) => present(await plan.apply(tx)) };
}

/** The household side of a conflict: its current version. */
const household = {
  conflicts: ['household.version_conflict'],
  server: async (db: Db, payload: unknown) => ({ server: await readServerHousehold(db, payload) }),
};

/** A courier's deliveries (decision 0033): the parcel as the server has it is the other side. */
const parcel = {
  conflicts: ['parcel.cod_changed', 'parcel.already_settled'],
  server: async (db: Db, payload: unknown) => ({ serverParcel: await readServerParcel(db, payloadField(payload, 'parcelId')) }),
  filedUnder: (db: Db, actor: Actor, payload: unknown) => parcelFiling(db, actor, payloadField(payload, 'parcelId')),
};

const handlers: { [K in MutationKind]: MutationHandler<never> } = {
  'visit.record': handler({
    input: visitInput,
    write: {
      needs: visitNeeds,
      stage: async (batch, input) => {
        const { result, ...filed } = await stageVisit(batch, input);
        return { ...filed, result: { id: result.id, version: result.householdVersion ?? undefined } };
      },
    },
    target: (payload) => ({ householdId: payloadField(payload, 'householdId') }),

    ...household,
  }),
  'training.record': handler({
    input: trainingInput,
    write: { needs: trainingNeeds, stage: stageTraining },
    target: (payload) => ({ villageCode: payloadField(payload, 'villageCode') }),

    ...household,
  }),
  'household.update': handler({
    input: householdUpdateInput,
    write: {
      alone: (db, actor, input) =>
        recordOf(planSurvey(db, actor, input.householdId, input.survey, input.baseVersion), (h) => ({ id: h.id, version: h.version })),
    },
    target: (payload) => ({ householdId: payloadField(payload, 'householdId') }),

    ...household,
  }),
  'household.register': handler({
    input: householdRegistrationInput,
    write: { alone: (db, actor, input) => recordOf(planHouseholdRegistration(db, actor, input), (h) => ({ id: h.id, version: h.version })) },
    target: (payload) => ({ villageCode: payloadField(payload, 'villageCode') }),

    ...household,
  }),
  'parcel.deliver': handler({
    input: deliverInput,
    write: { alone: planDelivery },
    target: () => ({}),
    ...parcel,
  }),
  'parcel.fail': handler({
    input: failInput,
    write: { alone: planFailedAttempt },
    target: () => ({}),
    ...parcel,
  }),
  'route.reorder': handler({
    input: reorderInput,
    write: { alone: planRouteReorder },
    target: () => ({}),
    conflicts: ['route.stops_changed', 'route.replaced'],
    server: async () => ({}),
  }),
};

// Each entry is checked against its own input type here, then stored without it: the push only
// ever hands a handler the output of that handler's own schema.
function handler<I>(h: MutationHandler<I>): MutationHandler<never> {
  return h as unknown as MutationHandler<never>;
}

export function handlerFor(kind: MutationKind): MutationHandler<unknown> {
  return handlers[kind] as unknown as MutationHandler<unknown>;
}
