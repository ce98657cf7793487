import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { authorize, homeProvince, scopesOf, type Actor } from '../accounts/index.ts';
import type { Parcel } from './delivery.schema.ts';
import { findParcel, listCarriers, listParcelsForDay, type ParcelRow } from './parcel.repository.ts';
import { presentParcel } from './presenters.ts';

export const parcelNotFound = (id: string) => notFound('delivery.parcel_not_found', { vi: `Không có bưu gửi ${id}.`, en: `There is no parcel ${id}.` }, 'id');

/** The parcel's place for access: its village (or the province while unsettled), and its carrier. */
export const parcelScope = (row: ParcelRow) => ({
  code: row.village_code ?? row.province_code,
  path: row.path,
  province_code: row.province_code,
  carrierId: row.carrier_id,
});

/** One parcel, for its carrier's couriers of its commune, its dispatchers, and administrators. */
export async function readParcel(db: Db, actor: Actor | null, id: string): Promise<Parcel> {
  const row = await findParcel(db, id);
  if (!row) throw parcelNotFound(id);
  await authorize(db, actor, 'delivery:read', parcelScope(row), { entity: 'parcel', entityId: id });
  return presentParcel(row);
}

/** A carrier's parcels to deliver on a day (and those left from earlier days), in the caller's units. */
export async function listParcelsOfDay(db: Db, actor: Actor | null, carrierId: string, day: string): Promise<{ items: Parcel[] }> {
  const province = await homeProvince(db, actor);
  const scopes = actor ? scopesOf(actor, 'delivery:read', carrierId) : [];
  if (scopes.length === 0) await authorize(db, actor, 'delivery:read', { ...province, carrierId }, { entity: 'parcel' });
  return { items: (await listParcelsForDay(db, carrierId, day, scopes)).map(presentParcel) };
}

/** The carriers whose days the caller may plan: a dispatcher's own, every carrier for an administrator. */
export async function listPlannableCarriers(db: Db, actor: Actor | null): Promise<{ items: { id: string; code: string; name: string }[] }> {
  const carriers = await listCarriers(db);
  return { items: carriers.filter((c) => actor && scopesOf(actor, 'delivery:plan', c.id).length > 0).map((c) => ({ id: c.id, code: c.code, name: c.name })) };
}
