import type { Db } from './database.ts';

/**
 * A write that has been validated and authorised, to be applied inside a transaction the caller
 * owns. Checking first and applying later lets the sync push record a mutation's id in the same
 * transaction as its effect (so a replay writes nothing twice), and lets a refusal be audited in
 * its own write, which a rolled-back transaction would lose.
 */
export interface PlannedWrite<T> {
  provinceCode: string;
  villageCode: string;
  apply(tx: Db): Promise<T>;
}

/** Applies a planned write in a transaction of its own: what a plain API call does. */
export function commit<T>(db: Db, plan: PlannedWrite<T>): Promise<T> {
  return db.transaction().execute((tx) => plan.apply(tx));
}

/**
 * One step of a workflow (Medusa's model): `invoke` does the work and returns what `compensate`
 * needs to undo it once a later step has failed. A step without `compensate` needs no undoing
 * (a read, or a write the workflow's transaction rolls back).
 */
export interface Step<I, C, O = unknown> {
  readonly name: string;
  invoke(input: I, context: C): Promise<O>;
  compensate?(output: O, input: I, context: C): Promise<void>;
}

/** A named list of steps, run in order. `C` is what each step works with: usually a `Db`. */
export interface Workflow<I, C> {
  readonly name: string;
  readonly steps: readonly Step<I, C>[];
}

/** A compensation that itself failed: the workflow's own error still wins, this is reported. */
export type CompensationFailure = (failure: { workflow: string; step: string; error: unknown }) => void;

const reportCompensationFailure: CompensationFailure = ({ workflow, step, error }) =>
  console.error(`Workflow ${workflow}: undoing step ${step} failed; it needs a person to look at it.`, error);

/** Step names are what a failure is reported by, so two steps may not share one. */
export function defineWorkflow<I, C>(name: string, steps: readonly Step<I, C>[]): Workflow<I, C> {
  const seen = new Set<string>();
  for (const step of steps) {
    if (seen.has(step.name)) throw new Error(`Workflow ${name} has two steps named ${step.name}`);
    seen.add(step.name);
  }
  return { name, steps };
}

/**
 * Runs the steps in order with the same context. When one fails, the steps already done are
 * compensated newest first, and then the original error is thrown again unchanged, so an
 * `AppError` still reaches the client as itself. A compensation that fails does not stop the
 * others (each undoes its own effect) and is reported rather than hiding the first error.
 *
 * The context decides what "in one transaction" means: given a transaction, every step shares it
 * and its rollback undoes their database writes (only outside effects need `compensate`); given the
 * database, each step opens its own transaction (see `inTransaction`) and its writes need undoing.
 * A call to the outside world (a payment provider) belongs in the second kind: inside a shared
 * transaction it would hold row locks, and on PGlite the only connection, for as long as it takes.
 */
export async function runWorkflow<I, C>(context: C, workflow: Workflow<I, C>, input: I, onCompensationFailure = reportCompensationFailure): Promise<void> {
  const done: { step: Step<I, C>; output: unknown }[] = [];
  try {
    for (const step of workflow.steps) {
      done.push({ step, output: await step.invoke(input, context) });
    }
  } catch (error) {
    for (const { step, output } of done.reverse()) {
      try {
        await step.compensate?.(output, input, context);
      } catch (compensationError) {
        onCompensationFailure({ workflow: workflow.name, step: step.name, error: compensationError });
      }
    }
    throw error;
  }
}

/** A step whose work, and whose undoing, each commit in a transaction of their own. */
export function inTransaction<I, O>(step: Step<I, Db, O>): Step<I, Db, O> {
  const { compensate } = step;
  return {
    name: step.name,
    invoke: (input, db) => db.transaction().execute((tx) => step.invoke(input, tx)),
    ...(compensate && { compensate: (output: O, input: I, db: Db) => db.transaction().execute((tx) => compensate(output, input, tx)) }),
  };
}
