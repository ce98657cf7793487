import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { CashHandoverTable } from './delivery-money.tables.ts';
import type { DeliveryEventKind, Payment } from './parcel.rules.ts';

export type CashHandoverRow = Selectable<CashHandoverTable>;

export interface CourierEventRow {
  courier_account_id: string;
  parcel_id: string;
  tracking_code: string;
  cod_amount: number;
  kind: DeliveryEventKind;
  payment: Payment | null;
  cod_collected: number;
}

/**
 * The delivery events a carrier's couriers recorded within [from, to), oldest first (one courier's
 * when `courierId` is given): the parcels each handled that day and how each ended.
 */
export function listCourierEvents(db: Db, carrierId: string, from: Date, to: Date, courierId?: string): Promise<CourierEventRow[]> {
  let query = db
    .selectFrom('delivery_event as e')
    .innerJoin('parcel as p', 'p.id', 'e.parcel_id')
    .select(['e.courier_account_id', 'e.parcel_id', 'p.tracking_code', 'p.cod_amount', 'e.kind', 'e.payment', 'e.cod_collected'])
    .where('p.carrier_id', '=', carrierId)
    .where('e.courier_account_id', 'is not', null)
    .where('e.occurred_at', '>=', from)
    .where('e.occurred_at', '<', to);
  if (courierId) query = query.where('e.courier_account_id', '=', courierId);
  return query.orderBy('e.occurred_at').orderBy('e.id').execute() as Promise<CourierEventRow[]>;
}

/** The carrier's active couriers by name. */
export const listCouriersOfCarrier = (db: Db, carrierId: string) =>
  db
    .selectFrom('courier as c')
    .innerJoin('account as a', 'a.id', 'c.account_id')
    .select(['c.account_id', 'a.display_name'])
    .where('c.carrier_id', '=', carrierId)
    .orderBy('a.display_name')
    .orderBy('c.account_id')
    .execute();

export const findCourier = (db: Db, accountId: string) =>
  db
    .selectFrom('courier as c')
    .innerJoin('account as a', 'a.id', 'c.account_id')
    .select(['c.account_id', 'c.carrier_id', 'a.display_name'])
    .where('c.account_id', '=', accountId)
    .executeTakeFirst();

export const listHandovers = (db: Db, carrierId: string, day: string): Promise<CashHandoverRow[]> =>
  db.selectFrom('cash_handover').selectAll().where('carrier_id', '=', carrierId).where('day', '=', day).execute();

/** Records the hand-over unless the courier's day has one; returns it, or undefined when it had. */
export const insertHandover = (db: Db, handover: Insertable<CashHandoverTable>): Promise<CashHandoverRow | undefined> =>
  db
    .insertInto('cash_handover')
    .values(handover)
    .onConflict((oc) => oc.columns(['courier_account_id', 'day']).doNothing())
    .returningAll()
    .executeTakeFirst();
