import type { Db } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { authorize, can, type Actor, type ScopedUnit } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findNamedParcel, findParcel, type ParcelRow } from './parcel.repository.ts';
import { parcelNotFound, parcelScope } from './read-parcels.ts';
import { findParcelCourier } from './courier.repository.ts';

const notYourRoute = () =>
  new AppError(
    403,
    'delivery.not_your_route',
    {
      vi: 'Bưu gửi này không nằm trên tuyến giao của bạn.',
      en: 'This parcel is not on your route.',
    },
    'parcelId',
  );

/**
 * A parcel a courier acts on at the door: through the one gate (its carrier, its commune), then
 * on the courier's own route (the newest plan that placed it). A refusal either way is audited.
 */
export async function authorizeCourierParcel(db: Db, caller: Actor | null, parcelId: string): Promise<{ actor: Actor; parcel: ParcelRow; unit: ScopedUnit }> {
  const parcel = await findParcel(db, parcelId);
  if (!parcel) throw parcelNotFound(parcelId);
  const unit = parcelScope(parcel);
  const actor = await authorize(db, caller, 'delivery:deliver', unit, { entity: 'parcel', entityId: parcel.id });
  if ((await findParcelCourier(db, parcel.id)) !== actor.id) {
    await recordAudit(db, actor, 'delivery:deliver', 'parcel', { entityId: parcel.id, unit, outcome: 'denied' });
    throw notYourRoute();
  }
  return { actor, parcel, unit };
}

/**
 * Where a courier's refused mutation on a parcel is filed (decision 0043), as the field app's
 * refusals are: under the parcel's village when the courier may see the parcel (its carrier's, in
 * its communes); otherwise undefined, and the sync files it under the courier's own unit, so that
 * an attempt on another carrier's or commune's parcel shows nothing of it to them.
 */
export async function parcelFiling(db: Db, actor: Actor, parcelId: unknown): Promise<{ villageCode: string; provinceCode: string } | undefined> {
  const parcel = await findNamedParcel(db, parcelId);
  if (!parcel || !can(actor, 'delivery:read', parcel.path, { carrierId: parcel.carrier_id })) return undefined;
  return { villageCode: parcel.village_code ?? parcel.province_code, provinceCode: parcel.province_code };
}
