import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit } from '../territory/index.ts';
import { pickupPointNotFound } from './drop-at-pickup-point.ts';
import { findPickupPoint, insertKeeper, keepsRoleOver } from './pickup.repository.ts';

/**
 * Makes an account a keeper of a pickup point: the account holds the `pickup_keeper` role over
 * the point's village (given like any role, by whoever manages accounts there), and the binding
 * says which point, as a shop's members say which shop (decision 0035).
 */
export async function addPickupKeeper(db: Db, actor: Actor | null, pointId: string, accountId: string): Promise<void> {
  const point = await findPickupPoint(db, pointId);
  if (!point) throw pickupPointNotFound('id');
  const village = (await findOrgUnit(db, point.village_code))!;
  const allowed = await authorize(db, actor, 'delivery:manage', village, { entity: 'pickup_point', entityId: pointId });
  if (!(await keepsRoleOver(db, accountId, village.path)))
    throw badRequest(
      'delivery.not_a_keeper',
      {
        vi: 'Tài khoản này chưa có vai trò người giữ điểm nhận hàng ở thôn/bản của điểm.',
        en: 'This account does not hold the pickup point keeper’s role in the point’s village.',
      },
      'accountId',
    );
  await db.transaction().execute(async (tx) => {
    await insertKeeper(tx, pointId, accountId);
    await recordAudit(tx, allowed, 'delivery:add-keeper', 'pickup_point', { entityId: pointId, unit: village, after: { accountId } });
  });
}
