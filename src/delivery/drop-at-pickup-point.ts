import type { Db } from '../platform/database.ts';
import { conflict, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { findOrgUnit } from '../territory/index.ts';
import { findParcel } from './parcel.repository.ts';
import { mayMove } from './parcel.rules.ts';
import { collectionCodeHash, newCollectionCode } from './pickup-point.rules.ts';
import type { Dropped } from './pickup-point.schema.ts';
import { findPickupPoint, insertEvent, moveParcel } from './pickup.repository.ts';
import { parcelNotFound, parcelScope } from './read-parcels.ts';

export const pickupPointNotFound = (field: string) =>
  notFound('delivery.pickup_point_not_found', { vi: 'Không có điểm nhận hàng này.', en: 'There is no such pickup point.' }, field);

/**
 * A courier leaves a parcel at a village's shared pickup point (in its own area): the parcel waits
 * there, and the recipient's code is made and answered this once, for the courier to pass on.
 */
export async function dropAtPickupPoint(db: Db, actor: Actor | null, parcelId: string, pointId: string): Promise<Dropped> {
  const parcel = await findParcel(db, parcelId);
  if (!parcel) throw parcelNotFound(parcelId);
  const courier = await authorize(db, actor, 'delivery:deliver', parcelScope(parcel), { entity: 'parcel', entityId: parcelId });
  const point = await findPickupPoint(db, pointId);
  if (!point) throw pickupPointNotFound('pickupPointId');
  const village = (await findOrgUnit(db, point.village_code))!;
  await authorize(db, courier, 'delivery:deliver', { ...village, carrierId: parcel.carrier_id }, { entity: 'pickup_point', entityId: pointId });
  const refused = conflict(
    'delivery.cannot_drop',
    {
      vi: 'Bưu gửi này không còn trên đường giao, không thể gửi ở điểm nhận hàng.',
      en: 'This parcel is not out for delivery: it cannot be left at a pickup point.',
    },
    'id',
  );
  if (!mayMove(parcel.state, 'at_pickup_point')) throw refused;
  const code = newCollectionCode();
  const moved = await db.transaction().execute(async (tx) => {
    if (!(await moveParcel(tx, parcelId, [parcel.state], { state: 'at_pickup_point', pickupPointId: pointId, codeHash: collectionCodeHash(parcelId, code) })))
      return false;
    await insertEvent(tx, {
      id: newId(),
      parcelId,
      courierId: courier.id,
      kind: 'dropped_at_point',
      payment: null,
      codCollected: 0,
      villageCode: point.village_code,
    });
    return true;
  });
  if (!moved) throw refused;
  return { parcelId, trackingCode: parcel.tracking_code, state: 'at_pickup_point', pickupPointId: pointId, collectionCode: code };
}
