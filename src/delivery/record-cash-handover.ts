import type { Db } from '../platform/database.ts';
import { badRequest, conflict } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { newId } from '../platform/ids.ts';
import { authorize, homeProvince, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findCourier, insertHandover } from './cash.repository.ts';
import type { CourierCashDay, HandoverBody } from './cash.schema.ts';
import { findCarrier } from './parcel.repository.ts';
import { reckonCarrierDay } from './read-cash-day.ts';
import { carrierNotFound } from './set-up-carrier.ts';

/**
 * The dispatcher counts a courier's cash at the hub and records it: the amount expected is the
 * server's reckoning of that moment, kept beside the count and their difference, once per courier
 * and day (a second count is refused: the first is what was handed over), audited with both.
 */
export async function recordCashHandover(db: Db, actor: Actor | null, body: HandoverBody): Promise<CourierCashDay> {
  const province = await homeProvince(db, actor);
  const allowed = await authorize(db, actor, 'delivery:settle', { ...province, carrierId: body.carrier }, { entity: 'cash_handover' });
  if (!(await findCarrier(db, body.carrier))) throw carrierNotFound(body.carrier);
  const courier = await findCourier(db, body.courier);
  if (courier?.carrier_id !== body.carrier)
    throw badRequest(
      'delivery.not_a_courier_of_carrier',
      { vi: 'Người này không phải người giao hàng của hãng.', en: 'This account is not one of the carrier’s couriers.' },
      'courier',
    );
  if (body.day > todayInVietnam())
    throw badRequest(
      'delivery.day_in_future',
      { vi: 'Không thể nhận tiền của một ngày chưa tới.', en: 'Cash cannot be handed over for a day still to come.' },
      'day',
    );
  const reckoned = (await reckonCarrierDay(db, body.carrier, body.day)).couriers.find((c) => c.courier.id === body.courier)!;
  const expected = reckoned.cashToHandOver;
  const recorded = await db.transaction().execute(async (tx) => {
    const row = await insertHandover(tx, {
      id: newId(),
      carrier_id: body.carrier,
      courier_account_id: body.courier,
      day: body.day,
      expected,
      counted: body.counted,
      difference: body.counted - expected,
      discrepancies: reckoned.discrepancies.length,
      note: body.note || null,
      recorded_by: allowed.id,
    });
    if (row)
      await recordAudit(tx, allowed, 'delivery:cash-handover', 'cash_handover', {
        entityId: row.id,
        unit: province,
        after: { courier: body.courier, day: body.day, expected, counted: body.counted, difference: body.counted - expected, discrepancies: row.discrepancies },
      });
    return row;
  });
  if (!recorded)
    throw conflict(
      'delivery.handover_already_recorded',
      { vi: 'Tiền của người giao hàng ngày này đã được nhận rồi.', en: 'This courier’s cash for this day has already been handed over.' },
      'day',
    );
  return (await reckonCarrierDay(db, body.carrier, body.day)).couriers.find((c) => c.courier.id === body.courier)!;
}
