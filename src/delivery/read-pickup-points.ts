import type { Db } from '../platform/database.ts';
import { unauthenticated } from '../platform/errors.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { findUnits } from '../territory/index.ts';
import { COLLECTION_TRIES_MAX, maskedPhone } from './pickup-point.rules.ts';
import type { ParcelAtPoint, WaitingPoint } from './pickup-point.schema.ts';
import { listCarrierParcelsAtPoints, listKeptPoints, listKeeperIds, listWaitingParcels } from './pickup.repository.ts';
import { authorizeCarrier } from './carrier-access.ts';

/** The points the caller keeps and what waits at each, every carrier's: the keeper's page. */
export async function readMyPickupPoints(db: Db, actor: Actor | null): Promise<{ items: WaitingPoint[] }> {
  if (!actor) throw unauthenticated();
  const points = await listKeptPoints(db, actor.id);
  const villages = await findUnits(
    db,
    points.map((p) => p.village_code),
  );
  const items: WaitingPoint[] = [];
  for (const point of points) {
    const village = villages.find((v) => v.code === point.village_code)!;
    await authorize(db, actor, 'pickup:keep', village, { entity: 'pickup_point', entityId: point.id, members: await listKeeperIds(db, point.id) });
    items.push({
      id: point.id,
      name: point.name,
      villageCode: point.village_code,
      waiting: (await listWaitingParcels(db, point.id)).map((p) => ({
        trackingCode: p.tracking_code,
        carrier: p.carrier_name,
        recipientName: p.recipient_name,
        phone: maskedPhone(p.phone),
        codAmount: Number(p.cod_amount),
        since: new Date(p.updated_at).toISOString(),
        held: p.collection_tries >= COLLECTION_TRIES_MAX,
      })),
    });
  }
  return { items };
}

/**
 * A carrier's parcels waiting at the villages' points, for its dispatcher: a recipient who lost her
 * code, or whose parcel five wrong codes held, asks the carrier for a new one.
 */
export async function readParcelsAtPickupPoints(db: Db, caller: Actor | null, carrierId: string): Promise<{ items: ParcelAtPoint[] }> {
  const { unit } = await authorizeCarrier(db, caller, carrierId);
  const rows = await listCarrierParcelsAtPoints(db, carrierId, unit.path);
  return {
    items: rows.map((p) => ({
      parcelId: p.id,
      trackingCode: p.tracking_code,
      recipientName: p.recipient_name,
      phone: maskedPhone(p.phone),
      pointName: p.point_name,
      villageCode: p.village_code,
      since: new Date(p.updated_at).toISOString(),
      held: p.collection_tries >= COLLECTION_TRIES_MAX,
    })),
  };
}
