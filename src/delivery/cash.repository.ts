import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import { arrayLiteral } from '../platform/sql-arrays.ts';
import type { CashHandoverTable } from './delivery-money.tables.ts';
import type { DeliveryEventKind, Payment } from './parcel.rules.ts';

export type CashHandoverRow = Selectable<CashHandoverTable>;

export interface HeldEventRow {
  holder: string;
  /** Collected at a pickup point: the holder is the point. */
  at_point: boolean;
  parcel_id: string;
  tracking_code: string;
  cod_amount: number;
  kind: DeliveryEventKind;
  payment: Payment | null;
  cod_collected: number;
}

/**
 * The delivery events of a carrier's parcels within [from, to), oldest first, each with who holds
 * what it took: the courier who recorded it, or the pickup point where a keeper handed the parcel
 * over (a delivery without a courier). The parcels each handled that day and how each ended.
 */
export function listHeldEvents(db: Db, carrierId: string, from: Date, to: Date): Promise<HeldEventRow[]> {
  return db
    .selectFrom('delivery_event as e')
    .innerJoin('parcel as p', 'p.id', 'e.parcel_id')
    .select([
      sql<string>`coalesce(e.courier_account_id, p.pickup_point_id)`.as('holder'),
      sql<boolean>`e.courier_account_id is null`.as('at_point'),
      'e.parcel_id',
      'p.tracking_code',
      'p.cod_amount',
      'e.kind',
      'e.payment',
      'e.cod_collected',
    ])
    .where('p.carrier_id', '=', carrierId)
    .where((eb) => eb.or([eb('e.courier_account_id', 'is not', null), eb.and([eb('e.kind', '=', 'delivered'), eb('p.pickup_point_id', 'is not', null)])]))
    .where('e.occurred_at', '>=', from)
    .where('e.occurred_at', '<', to)
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .execute() as Promise<HeldEventRow[]>;
}

/** The COD transfers recorded for these parcels (whenever the bank told of them), oldest first. */
export const listParcelTransfers = (db: Db, parcelIds: readonly string[]) =>
  parcelIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('cod_transfer')
        .select(['transfer_id', 'parcel_id', 'amount'])
        .where(sql<boolean>`parcel_id = any(${arrayLiteral(parcelIds)}::uuid[])`)
        .orderBy('received_at')
        .orderBy('transfer_id')
        .execute();

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

/** Pickup points by id with their keepers (none, one or several a point), by name. */
export const listPointsWithKeepers = (db: Db, ids: readonly string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('pickup_point as p')
        .leftJoin('pickup_point_keeper as k', 'k.pickup_point_id', 'p.id')
        .leftJoin('account as a', 'a.id', 'k.account_id')
        .select(['p.id', 'p.name', 'p.village_code', 'a.id as keeper_id', 'a.display_name as keeper_name'])
        .where(sql<boolean>`p.id = any(${arrayLiteral(ids)}::uuid[])`)
        .orderBy('p.name')
        .orderBy('p.id')
        .orderBy('a.display_name')
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

/** Records the hand-over unless its holder's day has one; returns it, or undefined when it had. */
export const insertHandover = (db: Db, handover: Insertable<CashHandoverTable>): Promise<CashHandoverRow | undefined> =>
  db
    .insertInto('cash_handover')
    .values(handover)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
