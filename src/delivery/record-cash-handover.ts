import type { Db } from '../platform/database.ts';
import { badRequest, conflict } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { newId } from '../platform/ids.ts';
import { authorize, homeProvince, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findCourier, insertHandover, listHandovers } from './cash.repository.ts';
import type { CashDay, CourierCashDay, HandoverBody, PointCashDay, PointHandoverBody } from './cash.schema.ts';
import { pickupPointNotFound } from './drop-at-pickup-point.ts';
import { findCarrier } from './parcel.repository.ts';
import { findPickupPoint } from './pickup.repository.ts';
import { reckonCarrierDay } from './read-cash-day.ts';
import { carrierNotFound } from './set-up-carrier.ts';

/** Who held the cash counted: a courier, or a pickup point (its keepers). */
type Holder = { courier_account_id: string; pickup_point_id: null } | { courier_account_id: null; pickup_point_id: string };

interface Count {
  carrier: string;
  day: string;
  counted: number;
  note?: string | undefined;
}

const alreadyRecorded = () =>
  conflict(
    'delivery.handover_already_recorded',
    { vi: 'Tiền của ngày này đã được nhận rồi, với số đếm khác.', en: 'This day’s cash has already been handed over, with another count.' },
    'day',
  );

/**
 * The dispatcher counts a holder's cash and records it: the amount expected is the server's
 * reckoning of that moment, kept beside the count and their difference, once per holder and day,
 * audited with both. The same count sent again (a retry) answers the one recorded; another count
 * is refused: the first is what changed hands.
 */
async function recordHandover<T extends CourierCashDay | PointCashDay>(
  db: Db,
  actor: Actor | null,
  count: Count,
  holder: Holder,
  check: () => Promise<void>,
  pick: (day: CashDay) => T | undefined,
): Promise<T> {
  const province = await homeProvince(db, actor);
  const allowed = await authorize(db, actor, 'delivery:settle', { ...province, carrierId: count.carrier }, { entity: 'cash_handover' });
  if (!(await findCarrier(db, count.carrier))) throw carrierNotFound(count.carrier);
  await check();
  if (count.day > todayInVietnam())
    throw badRequest(
      'delivery.day_in_future',
      { vi: 'Không thể nhận tiền của một ngày chưa tới.', en: 'Cash cannot be handed over for a day still to come.' },
      'day',
    );
  const reckoned = pick(await reckonCarrierDay(db, count.carrier, count.day));
  const expected = reckoned?.cashToHandOver ?? 0;
  const note = count.note || null;
  const recorded = await db.transaction().execute(async (tx) => {
    const row = await insertHandover(tx, {
      id: newId(),
      carrier_id: count.carrier,
      ...holder,
      day: count.day,
      expected,
      counted: count.counted,
      difference: count.counted - expected,
      discrepancies: reckoned?.discrepancies.length ?? 0,
      note,
      recorded_by: allowed.id,
    });
    if (row)
      await recordAudit(tx, allowed, 'delivery:cash-handover', 'cash_handover', {
        entityId: row.id,
        unit: province,
        after: {
          courier: holder.courier_account_id ?? undefined,
          pickupPoint: holder.pickup_point_id ?? undefined,
          day: count.day,
          expected,
          counted: count.counted,
          difference: count.counted - expected,
          discrepancies: row.discrepancies,
        },
      });
    return row;
  });
  if (!recorded) {
    const held = (await listHandovers(db, count.carrier, count.day)).find(
      (h) => h.courier_account_id === holder.courier_account_id && h.pickup_point_id === holder.pickup_point_id,
    );
    if (Number(held?.counted) !== count.counted || held?.note !== note) throw alreadyRecorded();
  }
  return pick(await reckonCarrierDay(db, count.carrier, count.day))!;
}

/** A courier's cash counted at the hub at the end of its day (decision 0035). */
export const recordCashHandover = (db: Db, actor: Actor | null, body: HandoverBody): Promise<CourierCashDay> =>
  recordHandover(
    db,
    actor,
    body,
    { courier_account_id: body.courier, pickup_point_id: null },
    async () => {
      if ((await findCourier(db, body.courier))?.carrier_id !== body.carrier)
        throw badRequest(
          'delivery.not_a_courier_of_carrier',
          { vi: 'Người này không phải người giao hàng của hãng.', en: 'This account is not one of the carrier’s couriers.' },
          'courier',
        );
    },
    (day) => day.couriers.find((c) => c.courier.id === body.courier),
  );

/**
 * The cash a pickup point's keepers took for the carrier's parcels collected there, counted when
 * it reaches the carrier (decision 0043): per carrier, point and day.
 */
export const recordPointHandover = (db: Db, actor: Actor | null, body: PointHandoverBody): Promise<PointCashDay> =>
  recordHandover(
    db,
    actor,
    body,
    { courier_account_id: null, pickup_point_id: body.pickupPoint },
    async () => {
      if (!(await findPickupPoint(db, body.pickupPoint))) throw pickupPointNotFound('pickupPoint');
    },
    (day) => day.pickupPoints.find((p) => p.point.id === body.pickupPoint),
  );
