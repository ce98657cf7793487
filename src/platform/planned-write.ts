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
