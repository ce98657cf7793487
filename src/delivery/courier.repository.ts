import { sql, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { ParcelTable } from './delivery.tables.ts';
import type { CodPayeeKind, ProofKind } from './courier.tables.ts';
import type { DeliveryEventKind, FailureReason, ParcelState, Payment } from './parcel.rules.ts';
import { routeStopsQuery } from './route-plan.repository.ts';

/** The courier app's SQL (decision 0033): its day, its events and proofs, the COD transfers. */

/** Locks the parcel for the rest of the transaction: two phones' events on one parcel queue here. */
export const lockParcel = (db: Db, id: string): Promise<Selectable<ParcelTable> | undefined> =>
  db.selectFrom('parcel').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** The courier of the newest route the parcel is on (whatever its day), if any. */
export async function findParcelCourier(db: Db, parcelId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('route_stop as s')
    .innerJoin('courier_route as r', 'r.id', 's.route_id')
    .innerJoin('route_plan as p', 'p.id', 'r.plan_id')
    .select('r.courier_account_id')
    .where('s.parcel_id', '=', parcelId)
    .orderBy('p.requested_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.courier_account_id;
}

export const findEvent = (db: Db, id: string) => db.selectFrom('delivery_event').select(['id', 'parcel_id', 'kind']).where('id', '=', id).executeTakeFirst();

export async function insertEvent(
  db: Db,
  event: {
    id: string;
    parcelId: string;
    courierId: string;
    kind: DeliveryEventKind;
    failureReason: FailureReason | null;
    payment: Payment | null;
    codCollected: number;
    villageCode: string | null;
    occurredAt: string;
  },
): Promise<void> {
  await db
    .insertInto('delivery_event')
    .values({
      id: event.id,
      parcel_id: event.parcelId,
      courier_account_id: event.courierId,
      kind: event.kind,
      failure_reason: event.failureReason,
      payment: event.payment,
      cod_collected: event.codCollected,
      village_code: event.villageCode,
      occurred_at: event.occurredAt,
    })
    .execute();
}

export async function moveParcel(db: Db, id: string, change: { state: ParcelState; failureReason: FailureReason | null; attempted: boolean }): Promise<void> {
  await db
    .updateTable('parcel')
    .set({
      state: change.state,
      failure_reason: change.failureReason,
      attempts: change.attempted ? sql<number>`attempts + 1` : sql<number>`attempts`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertProof(db: Db, proof: { eventId: string; kind: ProofKind; photoId?: string; strokes?: unknown }): Promise<void> {
  await db
    .insertInto('delivery_proof')
    .values({
      event_id: proof.eventId,
      kind: proof.kind,
      photo_id: proof.photoId ?? null,
      signature: proof.strokes === undefined ? null : JSON.stringify(proof.strokes),
    })
    .execute();
}

/** The courier's route in its newest finished plan of the day (a newer plan may have left it out: see `routeReplaced`). */
export function findCourierRoute(db: Db, courierId: string, day: string) {
  return db
    .selectFrom('courier_route as r')
    .innerJoin('route_plan as p', 'p.id', 'r.plan_id')
    .innerJoin('hub as h', 'h.id', 'r.hub_id')
    .select([
      'r.id',
      'r.distance_m',
      'p.carrier_id',
      'p.id as plan_id',
      'h.name as hub_name',
      'h.latitude',
      'h.longitude',
      'h.path as hub_path',
      'h.org_unit_code',
      'h.province_code',
    ])
    .where('r.courier_account_id', '=', courierId)
    .where('p.day', '=', day)
    .where('p.state', '=', 'done')
    .orderBy('p.requested_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A route's stops in order, with what the courier needs at the door and who a COD transfer goes to. */
export function listRouteStops(db: Db, routeId: string) {
  return routeStopsQuery(db)
    .leftJoin('shop_order as o', 'o.id', 'p.order_id')
    .leftJoin('shop as sh', 'sh.id', 'o.shop_id')
    .leftJoin('carrier_cod_account as ca', 'ca.carrier_id', 'p.carrier_id')
    .leftJoin('cod_payment as cp', 'cp.parcel_id', 'p.id')
    .select([
      'p.carrier_id',
      'p.source',
      'p.path',
      'p.phone',
      'p.window_start',
      'p.window_end',
      'p.failure_reason',
      'v.latitude as village_latitude',
      'v.longitude as village_longitude',
      'k.name as pickup_name',
      'k.latitude as pickup_latitude',
      'k.longitude as pickup_longitude',
      'o.shop_id',
      'sh.bank_bin as shop_bank_bin',
      'sh.bank_account as shop_bank_account',
      'sh.bank_holder as shop_bank_holder',
      'ca.bank_bin as carrier_bank_bin',
      'ca.account_number as carrier_bank_account',
      'ca.holder_name as carrier_bank_holder',
      'cp.code as payment_code',
      'cp.paid_at',
    ])
    .where('s.route_id', '=', routeId)
    .orderBy('s.position')
    .execute();
}

export type RouteStopRow = Awaited<ReturnType<typeof listRouteStops>>[number];

export const findRouteStops = (db: Db, routeId: string) =>
  db.selectFrom('route_stop').select(['parcel_id', 'arrives_at']).where('route_id', '=', routeId).orderBy('position').execute();

/**
 * The courier's order of a route's stops. Deleted and written again: positions are the primary
 * key, and an update moving them one by one would collide with itself.
 */
export async function rewriteRouteStops(db: Db, routeId: string, stops: readonly { parcelId: string; arrivesAt: number }[]): Promise<void> {
  await db.deleteFrom('route_stop').where('route_id', '=', routeId).execute();
  await db
    .insertInto('route_stop')
    .values(stops.map((s, position) => ({ route_id: routeId, position, parcel_id: s.parcelId, arrives_at: s.arrivesAt })))
    .execute();
}

export const findRoute = (db: Db, id: string) =>
  db
    .selectFrom('courier_route as r')
    .innerJoin('route_plan as p', 'p.id', 'r.plan_id')
    .innerJoin('hub as h', 'h.id', 'r.hub_id')
    .select(['r.id', 'r.courier_account_id', 'p.carrier_id', 'p.id as plan_id', 'h.path', 'h.org_unit_code as code', 'h.province_code'])
    .where('r.id', '=', id)
    .executeTakeFirst();

/**
 * Whether a newer finished plan of the same carrier and day replaced this one. Compared in SQL:
 * a timestamp read back into JavaScript loses its microseconds.
 */
export async function planReplaced(db: Db, planId: string): Promise<boolean> {
  const { rows } = await sql<{ replaced: boolean }>`
    select exists (
      select 1 from route_plan o join route_plan n on n.carrier_id = o.carrier_id and n.day = o.day
      where o.id = ${planId} and n.state = 'done' and (n.requested_at, n.id) > (o.requested_at, o.id)
    ) as replaced`.execute(db);
  return rows[0]?.replaced === true;
}

/** The transfer code of a COD parcel; the first code asked for stays (a retry races nothing). */
export async function claimCodPaymentCode(
  db: Db,
  payment: { parcelId: string; payeeKind: CodPayeeKind; payeeId: string; code: string },
): Promise<string | undefined> {
  const inserted = await db
    .insertInto('cod_payment')
    .values({ parcel_id: payment.parcelId, payee_kind: payment.payeeKind, payee_id: payment.payeeId, code: payment.code })
    .onConflict((oc) => oc.doNothing())
    .returning('code')
    .executeTakeFirst();
  if (inserted) return inserted.code;
  const held = await db.selectFrom('cod_payment').select('code').where('parcel_id', '=', payment.parcelId).executeTakeFirst();
  return held?.code;
}

export const findCodPaymentByCode = (db: Db, payeeKind: CodPayeeKind, payeeId: string, code: string) =>
  db
    .selectFrom('cod_payment as c')
    .innerJoin('parcel as p', 'p.id', 'c.parcel_id')
    .select(['c.parcel_id', 'c.paid_at', 'p.cod_amount', 'p.path', 'p.province_code', 'p.village_code'])
    .where('c.payee_kind', '=', payeeKind)
    .where('c.payee_id', '=', payeeId)
    .where('c.code', '=', code)
    .executeTakeFirst();

/** A carrier's COD parcel by its tracking code, with the transfer code its VietQR carries. */
export const findCarrierCodPayment = (db: Db, carrierId: string, trackingCode: string) =>
  db
    .selectFrom('cod_payment as c')
    .innerJoin('parcel as p', 'p.id', 'c.parcel_id')
    .select(['c.parcel_id', 'c.code', 'c.paid_at', 'p.tracking_code', 'p.cod_amount', 'p.path', 'p.province_code', 'p.village_code'])
    .where('c.payee_kind', '=', 'carrier')
    .where('c.payee_id', '=', carrierId)
    .where('p.carrier_id', '=', carrierId)
    .where('p.tracking_code', '=', trackingCode)
    .executeTakeFirst();

/** Records a transfer towards a parcel's COD once; false when it was recorded before. */
export async function insertCodTransfer(db: Db, transfer: { transferId: string; parcelId: string; amount: number; receivedAt: string }): Promise<boolean> {
  const row = await db
    .insertInto('cod_transfer')
    .values({ transfer_id: transfer.transferId, parcel_id: transfer.parcelId, amount: transfer.amount, received_at: transfer.receivedAt })
    .onConflict((oc) => oc.column('transfer_id').doNothing())
    .returning('transfer_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks the parcel's COD paid once its transfers reach the amount; true when it is paid now. */
export async function markCodPaidIfCovered(db: Db, parcelId: string): Promise<boolean> {
  const row = await db
    .updateTable('cod_payment')
    .set({ paid_at: sql<Date>`now()` })
    .where('parcel_id', '=', parcelId)
    .where('paid_at', 'is', null)
    .where(
      sql<boolean>`(select coalesce(sum(t.amount), 0) from cod_transfer t where t.parcel_id = ${parcelId}) >= (select p.cod_amount from parcel p where p.id = ${parcelId})`,
    )
    .returning('parcel_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function upsertCarrierCodAccount(
  db: Db,
  account: { carrierId: string; bankBin: string; accountNumber: string; holderName: string },
): Promise<void> {
  const values = { bank_bin: account.bankBin, account_number: account.accountNumber, holder_name: account.holderName };
  await db
    .insertInto('carrier_cod_account')
    .values({ carrier_id: account.carrierId, ...values })
    .onConflict((oc) => oc.column('carrier_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
}
