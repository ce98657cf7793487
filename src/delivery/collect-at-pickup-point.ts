import type { Db } from '../platform/database.ts';
import { badRequest, conflict, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit } from '../territory/index.ts';
import { pickupPointNotFound } from './drop-at-pickup-point.ts';
import { COLLECTION_TRIES_MAX, isCollectionCode } from './pickup-point.rules.ts';
import type { Collected } from './pickup-point.schema.ts';
import { countWrongCode, findPickupPoint, findWaitingParcel, insertEvent, listKeeperIds, moveParcel } from './pickup.repository.ts';

const held = () =>
  conflict('delivery.collection_held', {
    vi: `Đã nhập sai mã ${COLLECTION_TRIES_MAX} lần: bưu gửi được giữ lại, người nhận cần hãng vận chuyển cấp mã mới.`,
    en: `A wrong code was typed ${COLLECTION_TRIES_MAX} times: the parcel is held until the carrier gives the recipient a new code.`,
  });

/**
 * The keeper hands a waiting parcel to its recipient against her code. A wrong code is refused,
 * counted and audited; after five the parcel is held. The right one delivers the parcel, with the
 * COD taken in cash at the point (the keeper is told how much).
 */
export async function collectAtPickupPoint(db: Db, actor: Actor | null, pointId: string, typed: { trackingCode: string; code: string }): Promise<Collected> {
  const point = await findPickupPoint(db, pointId);
  if (!point) throw pickupPointNotFound('id');
  const village = (await findOrgUnit(db, point.village_code))!;
  const keeper = await authorize(db, actor, 'pickup:keep', village, { entity: 'pickup_point', entityId: pointId, members: await listKeeperIds(db, pointId) });
  const parcel = await findWaitingParcel(db, pointId, typed.trackingCode);
  if (!parcel)
    throw notFound(
      'delivery.not_waiting_here',
      { vi: `Không có bưu gửi ${typed.trackingCode} đang chờ ở điểm này.`, en: `No parcel ${typed.trackingCode} is waiting at this point.` },
      'trackingCode',
    );
  if (parcel.collection_tries >= COLLECTION_TRIES_MAX) throw held();
  if (!isCollectionCode(parcel.id, typed.code, parcel.collection_code_hash!)) {
    const tries = await countWrongCode(db, parcel.id);
    await recordAudit(db, keeper, 'pickup:collect', 'parcel', { entityId: parcel.id, unit: village, outcome: 'denied', after: { wrongCodes: tries } });
    if (tries >= COLLECTION_TRIES_MAX) throw held();
    const left = COLLECTION_TRIES_MAX - tries;
    throw badRequest(
      'delivery.wrong_collection_code',
      { vi: `Mã nhận hàng không đúng. Còn ${left} lần thử.`, en: `The collection code is wrong. ${left} tries left.` },
      'code',
    );
  }
  const cod = Number(parcel.cod_amount);
  const moved = await db.transaction().execute(async (tx) => {
    if (!(await moveParcel(tx, parcel.id, ['at_pickup_point'], { state: 'delivered', codeHash: null }))) return false;
    await insertEvent(tx, {
      id: newId(),
      parcelId: parcel.id,
      courierId: null,
      kind: 'delivered',
      payment: cod > 0 ? 'cash' : null,
      codCollected: cod,
      villageCode: point.village_code,
    });
    await recordAudit(tx, keeper, 'pickup:collect', 'parcel', {
      entityId: parcel.id,
      unit: village,
      after: { trackingCode: parcel.tracking_code, codAmount: cod },
    });
    return true;
  });
  if (!moved) throw conflict('delivery.already_collected', { vi: 'Bưu gửi này vừa được nhận.', en: 'This parcel has just been collected.' }, 'trackingCode');
  return { parcelId: parcel.id, trackingCode: parcel.tracking_code, codAmount: cod };
}
