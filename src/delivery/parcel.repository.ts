import { readFileSync } from 'node:fs';
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import { insertByColumns } from '../platform/bulk-insert.ts';
import { newId } from '../platform/ids.ts';
import { arrayLiteral } from '../platform/sql-arrays.ts';
import type { CarrierTable, HubTable, ParcelTable, PickupPointTable } from './delivery.tables.ts';
import type { DeliveryEventKind, FailureReason, Payment } from './parcel.rules.ts';

export type CarrierRow = Selectable<CarrierTable>;
export type HubRow = Selectable<HubTable>;
export type ParcelRow = Selectable<ParcelTable>;
export type PickupPointRow = Selectable<PickupPointTable>;
export type NewParcel = Insertable<ParcelTable>;

/** The carriers working in Vietnam's provinces, as data: the list grows without a code change. */
export async function loadCarriers(db: Db): Promise<void> {
  const carriers = JSON.parse(readFileSync(new URL('./data/carriers.json', import.meta.url), 'utf8')) as { code: string; name: string }[];
  await db
    .insertInto('carrier')
    .values(carriers.map((c) => ({ id: newId(), ...c })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export const listCarriers = (db: Db): Promise<CarrierRow[]> => db.selectFrom('carrier').selectAll().orderBy('name').execute();

export const findCarrier = (db: Db, id: string): Promise<CarrierRow | undefined> =>
  db.selectFrom('carrier').selectAll().where('id', '=', id).executeTakeFirst();

export const findCarrierByCode = (db: Db, code: string): Promise<CarrierRow | undefined> =>
  db.selectFrom('carrier').selectAll().where('code', '=', code).executeTakeFirst();

export async function insertHub(db: Db, hub: Insertable<HubTable>): Promise<void> {
  await db.insertInto('hub').values(hub).execute();
}

/** A carrier's hubs by name. */
export const listHubsOfCarrier = (db: Db, carrierId: string): Promise<HubRow[]> =>
  db.selectFrom('hub').selectAll().where('carrier_id', '=', carrierId).orderBy('name').execute();

export const findHub = (db: Db, id: string): Promise<HubRow | undefined> => db.selectFrom('hub').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertPickupPoint(db: Db, point: Insertable<PickupPointTable>): Promise<void> {
  await db.insertInto('pickup_point').values(point).execute();
}

export async function insertCourier(
  db: Db,
  courier: { accountId: string; carrierId: string; hubId: string; capacityKg: number; maxDayMinutes: number },
): Promise<void> {
  await db
    .insertInto('courier')
    .values({
      account_id: courier.accountId,
      carrier_id: courier.carrierId,
      hub_id: courier.hubId,
      capacity_kg: courier.capacityKg,
      max_day_minutes: courier.maxDayMinutes,
    })
    .execute();
}

/**
 * The carrier an order's parcel goes to: the one with the most couriers whose units cover the
 * village, then by name; undefined when no carrier works there.
 */
export async function findCarrierServing(db: Db, villagePath: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('role_assignment as r')
    .innerJoin('courier as c', 'c.account_id', 'r.account_id')
    .innerJoin('carrier as k', 'k.id', 'c.carrier_id')
    .select(['c.carrier_id'])
    .where('r.role', '=', 'courier')
    .where('c.active', '=', true)
    .where(sql<boolean>`${villagePath}::ltree <@ r.scope_path`)
    .groupBy(['c.carrier_id', 'k.name'])
    .orderBy(sql`count(distinct c.account_id)`, 'desc')
    .orderBy('k.name')
    .executeTakeFirst();
  return row?.carrier_id;
}

export const findOrderParcel = (db: Db, orderId: string): Promise<ParcelRow | undefined> =>
  db.selectFrom('parcel').selectAll().where('order_id', '=', orderId).executeTakeFirst();

/** Inserts the parcel unless one came from the same order already; returns the order's parcel either way. */
export async function insertOrderParcel(db: Db, parcel: NewParcel & { order_id: string }): Promise<{ parcel: ParcelRow; created: boolean }> {
  const inserted = await db
    .insertInto('parcel')
    .values(parcel)
    .onConflict((oc) => oc.column('order_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { parcel: inserted, created: true };
  // Another delivery of the same event got there first, between our read and our insert.
  return { parcel: (await findOrderParcel(db, parcel.order_id))!, created: false };
}

/** One statement per batch of a manifest (the import's fast path on both engines). */
export async function insertParcels(db: Db, parcels: readonly (NewParcel & { id: string; manifest_id: string; due_on: string })[]): Promise<void> {
  await insertByColumns(
    db,
    'parcel',
    {
      id: 'uuid',
      carrier_id: 'uuid',
      tracking_code: 'text',
      source: 'text',
      manifest_id: 'uuid',
      recipient_name: 'text',
      phone: 'text',
      village_code: 'text',
      address_text: 'text',
      path: 'ltree',
      province_code: 'text',
      cod_amount: 'int4',
      weight_grams: 'int4',
      window_start: 'int2',
      window_end: 'int2',
      due_on: 'date',
      state: 'text',
      attempts: 'int2',
    },
    parcels.map((p) => ({
      id: p.id,
      carrier_id: p.carrier_id,
      tracking_code: p.tracking_code,
      source: p.source,
      manifest_id: p.manifest_id,
      recipient_name: p.recipient_name,
      phone: p.phone,
      village_code: p.village_code ?? null,
      address_text: p.address_text ?? null,
      path: p.path,
      province_code: p.province_code,
      cod_amount: p.cod_amount,
      weight_grams: p.weight_grams,
      window_start: p.window_start,
      window_end: p.window_end,
      due_on: p.due_on,
      state: p.state ?? 'received',
      attempts: p.attempts ?? 0,
    })),
  );
}

/** Manifests in one statement (the demo's year of them). */
export async function insertManifests(db: Db, manifests: readonly { id: string; carrier_id: string; parcels: number; imported_at: string }[]): Promise<void> {
  await insertByColumns(db, 'manifest', { id: 'uuid', carrier_id: 'uuid', parcels: 'int4', imported_at: 'timestamptz' }, manifests);
}

/** Delivery events in one statement per batch: the demo's year, a phone's pushes. Times as ISO text. */
export async function insertDeliveryEvents(
  db: Db,
  events: readonly {
    id: string;
    parcel_id: string;
    kind: DeliveryEventKind;
    failure_reason: FailureReason | null;
    payment: Payment | null;
    cod_collected: number;
    village_code: string;
    occurred_at: string;
    /** The courier who recorded it; none for the demo's history of other carriers. */
    courier_account_id?: string | null;
  }[],
): Promise<void> {
  await insertByColumns(
    db,
    'delivery_event',
    {
      id: 'uuid',
      parcel_id: 'uuid',
      courier_account_id: 'uuid',
      kind: 'text',
      failure_reason: 'text',
      payment: 'text',
      cod_collected: 'int4',
      village_code: 'text',
      occurred_at: 'timestamptz',
    },
    events.map((e) => ({ ...e, courier_account_id: e.courier_account_id ?? null })),
  );
}

export async function insertManifest(
  db: Db,
  manifest: { id: string; carrierId: string; fileName: string | null; parcels: number; importedBy: string },
): Promise<void> {
  await db
    .insertInto('manifest')
    .values({ id: manifest.id, carrier_id: manifest.carrierId, file_name: manifest.fileName, parcels: manifest.parcels, imported_by: manifest.importedBy })
    .execute();
}

/** Which of these tracking codes the carrier already has. */
export async function findTrackingCodes(db: Db, carrierId: string, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('parcel')
    .select('tracking_code')
    .where('carrier_id', '=', carrierId)
    .where(sql<boolean>`tracking_code = any(${arrayLiteral(codes)}::text[])`)
    .execute();
  return new Set(rows.map((r) => r.tracking_code));
}

export const findParcel = (db: Db, id: string): Promise<ParcelRow | undefined> => db.selectFrom('parcel').selectAll().where('id', '=', id).executeTakeFirst();

/** The parcel a phone's payload names, if it names one by a well-formed id. */
export const findNamedParcel = async (db: Db, id: unknown): Promise<ParcelRow | undefined> =>
  typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? findParcel(db, id) : undefined;

/** A carrier's parcels whose free-text address matched no single village: the list to settle by hand. */
export const listUnsettledParcels = (db: Db, carrierId: string, limit: number): Promise<ParcelRow[]> =>
  db
    .selectFrom('parcel')
    .selectAll()
    .where('carrier_id', '=', carrierId)
    .where('village_code', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();

export async function settleParcelVillage(db: Db, id: string, village: { code: string; path: string }): Promise<void> {
  await db
    .updateTable('parcel')
    .set({ village_code: village.code, path: village.path, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** The parcels of a carrier to deliver on a day or earlier and not yet out, in units the caller may see. */
export function listParcelsForDay(db: Db, carrierId: string, day: string, scopePaths: readonly string[]): Promise<ParcelRow[]> {
  return db
    .selectFrom('parcel')
    .selectAll()
    .where('carrier_id', '=', carrierId)
    .where('due_on', '<=', day)
    .where('state', 'in', ['received', 'planned', 'failed'])
    .where(sql<boolean>`path <@ ${arrayLiteral(scopePaths)}::ltree[]`)
    .orderBy('tracking_code')
    .execute();
}

export const listPickupPoints = (db: Db, villageCodes: readonly string[]): Promise<PickupPointRow[]> =>
  villageCodes.length === 0
    ? Promise.resolve([])
    : db.selectFrom('pickup_point').selectAll().where('village_code', 'in', villageCodes).orderBy('name').execute();

/** "Tracking code · recipient" of each parcel, for lists that name parcels by what a dispatcher reads on them. */
export async function findParcelLabels(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('parcel')
    .select(['id', 'tracking_code', 'recipient_name'])
    .where(sql<boolean>`id = any(${arrayLiteral(ids)}::uuid[])`)
    .execute();
  return new Map(rows.map((row) => [row.id, `${row.tracking_code} · ${row.recipient_name}`]));
}
