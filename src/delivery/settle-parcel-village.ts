import type { Db } from '../platform/database.ts';
import { badRequest, conflict } from '../platform/errors.ts';
import { authorize, homeProvince, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit, LEVEL } from '../territory/index.ts';
import type { Parcel } from './delivery.schema.ts';
import { findParcel, listUnsettledParcels, settleParcelVillage as writeParcelVillage } from './parcel.repository.ts';
import { parcelNotFound, parcelScope } from './read-parcels.ts';
import { presentParcel } from './presenters.ts';

/** A carrier's parcels waiting for a person to choose their village (their address fitted several). */
export async function listUnsettled(db: Db, actor: Actor | null, carrierId: string): Promise<{ items: Parcel[] }> {
  const province = await homeProvince(db, actor);
  await authorize(db, actor, 'delivery:import', { ...province, carrierId }, { entity: 'parcel' });
  return { items: (await listUnsettledParcels(db, carrierId, 500)).map(presentParcel) };
}

/** A person settles an address: the parcel gets its village, and its route planning can take it. */
export async function settleParcelVillage(db: Db, actor: Actor | null, parcelId: string, villageCode: string): Promise<Parcel> {
  const parcel = await findParcel(db, parcelId);
  if (!parcel) throw parcelNotFound(parcelId);
  const allowed = await authorize(db, actor, 'delivery:import', parcelScope(parcel), { entity: 'parcel', entityId: parcelId });
  if (parcel.village_code !== null)
    throw conflict('delivery.parcel_already_settled', { vi: 'Bưu gửi này đã có thôn/bản.', en: 'This parcel already has its village.' }, 'villageCode');
  const village = await findOrgUnit(db, villageCode);
  if (village?.level !== LEVEL.village)
    throw badRequest(
      'parcel.unknown_village',
      { vi: `Không có thôn/bản mã ${villageCode}.`, en: `There is no village with code ${villageCode}.` },
      'villageCode',
    );
  await authorize(db, allowed, 'delivery:import', { ...village, carrierId: parcel.carrier_id }, { entity: 'parcel', entityId: parcelId });
  await db.transaction().execute(async (tx) => {
    await writeParcelVillage(tx, parcelId, village);
    await recordAudit(tx, allowed, 'delivery:settle-address', 'parcel', {
      entityId: parcelId,
      unit: village,
      before: { addressText: parcel.address_text },
      after: { villageCode },
    });
  });
  return presentParcel((await findParcel(db, parcelId))!);
}
