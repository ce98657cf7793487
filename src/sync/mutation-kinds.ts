import type { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { PlannedWrite } from '../platform/planned-write.ts';
import type { Actor } from '../accounts/access.policy.ts';
import { householdRegistrationInput, householdUpdateInput, trainingInput, visitInput } from '../teams/fieldwork.schema.ts';
import { planVisit } from '../teams/record-visit.ts';
import { planTraining } from '../teams/record-training.ts';
import { planHouseholdRegistration, planSurvey } from '../households/register-household.ts';
import type { MutationKind } from './sync.schema.ts';

/**
 * What each kind of mutation is: the schema of its payload, the use case that validates and
 * authorises it into a planned write, and the record the phone is told about. The sync module
 * only sequences them; every rule lives with the module that owns the record.
 */
export interface MutationHandler<I> {
  input: z.ZodType<I>;
  plan(db: Db, actor: Actor, input: I): Promise<PlannedWrite<{ id: string; version?: number | undefined }>>;
  /** The household or village the payload names, before it is checked: where a refusal is filed. */
  target(payload: unknown): { householdId?: unknown; villageCode?: unknown };
}

const field = (payload: unknown, name: string): unknown => (payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined);

/** A planned write whose result is narrowed to what the phone is told: id and new version. */
async function recordOf<T>(planned: Promise<PlannedWrite<T>>, present: (result: T) => { id: string; version?: number | undefined }): Promise<PlannedWrite<{ id: string; version?: number | undefined }>> {
  const plan = await planned;
  return { provinceCode: plan.provinceCode, villageCode: plan.villageCode, apply: async (tx) => present(await plan.apply(tx)) };
}

const handlers: { [K in MutationKind]: MutationHandler<never> } = {
  'visit.record': handler({
    input: visitInput,
    plan: (db, actor, input) => recordOf(planVisit(db, actor, input), (r) => ({ id: r.id, version: r.householdVersion ?? undefined })),
    target: (payload) => ({ householdId: field(payload, 'householdId') }),
  }),
  'training.record': handler({
    input: trainingInput,
    plan: (db, actor, input) => recordOf(planTraining(db, actor, input), (r) => ({ id: r.id })),
    target: (payload) => ({ villageCode: field(payload, 'villageCode') }),
  }),
  'household.update': handler({
    input: householdUpdateInput,
    plan: (db, actor, input) => recordOf(planSurvey(db, actor, input.householdId, input.survey, input.baseVersion), (h) => ({ id: h.id, version: h.version })),
    target: (payload) => ({ householdId: field(payload, 'householdId') }),
  }),
  'household.register': handler({
    input: householdRegistrationInput,
    plan: (db, actor, input) => recordOf(planHouseholdRegistration(db, actor, input), (h) => ({ id: h.id, version: h.version })),
    target: (payload) => ({ villageCode: field(payload, 'villageCode') }),
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
