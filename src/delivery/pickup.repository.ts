import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { DeliveryEventKind, ParcelState, Payment } from './parcel.rules.ts';

export const findPickupPoint = (db: Db, id: string) => db.selectFrom('pickup_point').selectAll().where('id', '=', id).executeTakeFirst();

export const listKeeperIds = async (db: Db, pointId: string): Promise<string[]> =>
  (await db.selectFrom('pickup_point_keeper').select('account_id').where('pickup_point_id', '=', pointId).execute()).map((r) => r.account_id);

export async function insertKeeper(db: Db, pointId: string, accountId: string): Promise<void> {
  await db
    .insertInto('pickup_point_keeper')
    .values({ pickup_point_id: pointId, account_id: accountId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The points an account keeps, by name. */
export const listKeptPoints = (db: Db, accountId: string) =>
  db
    .selectFrom('pickup_point as p')
    .innerJoin('pickup_point_keeper as k', 'k.pickup_point_id', 'p.id')
    .selectAll('p')
    .where('k.account_id', '=', accountId)
    .orderBy('p.name')
    .execute();

/** The parcels waiting at a point, every carrier's, oldest first. */
export const listWaitingParcels = (db: Db, pointId: string) =>
  db
    .selectFrom('parcel as p')
    .innerJoin('carrier as c', 'c.id', 'p.carrier_id')
    .select(['p.id', 'p.tracking_code', 'p.recipient_name', 'p.phone', 'p.cod_amount', 'p.updated_at', 'p.collection_tries', 'c.name as carrier_name'])
    .where('p.pickup_point_id', '=', pointId)
    .where('p.state', '=', 'at_pickup_point')
    .orderBy('p.updated_at')
    .orderBy('p.tracking_code')
    .execute();

/** A carrier's parcels waiting at any point of the province (`provincePath`), oldest first, with their point. */
export const listCarrierParcelsAtPoints = (db: Db, carrierId: string, provincePath: string) =>
  db
    .selectFrom('parcel as p')
    .innerJoin('pickup_point as pp', 'pp.id', 'p.pickup_point_id')
    .select(['p.id', 'p.tracking_code', 'p.recipient_name', 'p.phone', 'p.updated_at', 'p.collection_tries', 'pp.name as point_name', 'pp.village_code'])
    .where('p.carrier_id', '=', carrierId)
    .where('p.state', '=', 'at_pickup_point')
    .where(sql<boolean>`p.path <@ ${provincePath}::ltree`)
    .orderBy('p.updated_at')
    .orderBy('p.tracking_code')
    .execute();

export const findWaitingParcel = (db: Db, pointId: string, trackingCode: string) =>
  db
    .selectFrom('parcel')
    .selectAll()
    .where('pickup_point_id', '=', pointId)
    .where('state', '=', 'at_pickup_point')
    .where(sql<boolean>`upper(tracking_code) = upper(${trackingCode})`)
    .executeTakeFirst();

/** Moves the parcel only from the state it was read in: a second drop or collection at the same moment changes nothing. */
export async function moveParcel(
  tx: Db,
  id: string,
  from: readonly ParcelState[],
  change: { state: 'at_pickup_point' | 'delivered'; pickupPointId?: string; codeHash?: string | null },
): Promise<boolean> {
  const result = await tx
    .updateTable('parcel')
    .set({
      state: change.state,
      ...(change.pickupPointId ? { pickup_point_id: change.pickupPointId } : {}),
      ...(change.codeHash !== undefined ? { collection_code_hash: change.codeHash, collection_tries: 0 } : {}),
      failure_reason: null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A new code for a parcel waiting at a point: its hash replaces the old one and the wrong tries start again; false if it no longer waits there. */
export async function replaceCollectionCode(db: Db, id: string, codeHash: string): Promise<boolean> {
  const row = await db
    .updateTable('parcel')
    .set({ collection_code_hash: codeHash, collection_tries: 0 })
    .where('id', '=', id)
    .where('state', '=', 'at_pickup_point')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countWrongCode(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable('parcel')
    .set((eb) => ({ collection_tries: eb('collection_tries', '+', 1) }))
    .where('id', '=', id)
    .returning('collection_tries')
    .executeTakeFirstOrThrow();
  return row.collection_tries;
}

export async function insertEvent(
  tx: Db,
  event: {
    id: string;
    parcelId: string;
    courierId: string | null;
    kind: DeliveryEventKind;
    payment: Payment | null;
    codCollected: number;
    villageCode: string;
  },
): Promise<void> {
  await tx
    .insertInto('delivery_event')
    .values({
      id: event.id,
      parcel_id: event.parcelId,
      courier_account_id: event.courierId,
      kind: event.kind,
      payment: event.payment,
      cod_collected: event.codCollected,
      village_code: event.villageCode,
      occurred_at: sql<Date>`now()`,
    })
    .execute();
}

/** Whether the account holds the keeper's role over the village (its assignment's scope contains it). */
export async function keepsRoleOver(db: Db, accountId: string, villagePath: string): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignment')
    .select('id')
    .where('account_id', '=', accountId)
    .where('role', '=', 'pickup_keeper')
    .where(sql<boolean>`${villagePath}::ltree <@ scope_path`)
    .executeTakeFirst();
  return row !== undefined;
}
