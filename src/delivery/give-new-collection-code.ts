import type { Db } from '../platform/database.ts';
import { conflict } from '../platform/errors.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findParcel } from './parcel.repository.ts';
import { collectionCodeHash, newCollectionCode } from './pickup-point.rules.ts';
import type { NewCode } from './pickup-point.schema.ts';
import { replaceCollectionCode } from './pickup.repository.ts';
import { parcelNotFound, parcelScope } from './read-parcels.ts';

const notWaiting = () =>
  conflict(
    'delivery.not_at_pickup_point',
    { vi: 'Bưu gửi này không chờ ở điểm nhận hàng, nên không cần mã nhận mới.', en: 'This parcel is not waiting at a pickup point: it needs no new code.' },
    'id',
  );

/**
 * The carrier gives a recipient a new collection code (hers was lost, or five wrong codes held the
 * parcel): the old one stops counting, the wrong tries start again, and the new one is answered
 * this once, for the dispatcher to pass on by SMS or a call. Audited without the code.
 */
export async function giveNewCollectionCode(db: Db, caller: Actor | null, parcelId: string): Promise<NewCode> {
  const parcel = await findParcel(db, parcelId);
  if (!parcel) throw parcelNotFound(parcelId);
  const scope = parcelScope(parcel);
  const actor = await authorize(db, caller, 'delivery:plan', scope, { entity: 'parcel', entityId: parcelId });
  if (parcel.state !== 'at_pickup_point') throw notWaiting();
  const code = newCollectionCode();
  await db.transaction().execute(async (tx) => {
    if (!(await replaceCollectionCode(tx, parcelId, collectionCodeHash(parcelId, code)))) throw notWaiting();
    await recordAudit(tx, actor, 'pickup:new-code', 'parcel', { entityId: parcelId, unit: scope, before: { wrongCodes: parcel.collection_tries } });
  });
  return { parcelId, trackingCode: parcel.tracking_code, collectionCode: code };
}
