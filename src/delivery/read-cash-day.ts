import type { Db } from '../platform/database.ts';
import { authorize, can, homeProvince, scopesOf, type Actor } from '../accounts/index.ts';
import { readPayeeTransfers } from '../payments/index.ts';
import { courierParcels, dayBounds } from './cash-day.rules.ts';
import { reconcileCourierDay, shareTransfers } from './cash-handover.rules.ts';
import { listCourierEvents, listCouriersOfCarrier, listHandovers, type CashHandoverRow } from './cash.repository.ts';
import type { CashDay, CourierCashDay } from './cash.schema.ts';
import { findCarrier } from './parcel.repository.ts';
import { carrierNotFound } from './set-up-carrier.ts';

/** The payee a carrier's COD transfers are credited to (its bank feed's kind in payments). */
export const CARRIER_PAYEE = 'carrier';
const carrierPayee = (carrierId: string) => ({ kind: CARRIER_PAYEE, id: carrierId });

const presentHandover = (row: CashHandoverRow | undefined): CourierCashDay['handover'] =>
  row
    ? {
        counted: Number(row.counted),
        expected: Number(row.expected),
        difference: Number(row.difference),
        note: row.note,
        recordedAt: new Date(row.recorded_at).toISOString(),
      }
    : null;

/** Every courier's money of a carrier's day, computed afresh from the events and the transfers. */
export async function reckonCarrierDay(db: Db, carrierId: string, day: string): Promise<CashDay> {
  const { from, to } = dayBounds(day);
  const [couriers, events, transfers, handovers] = await Promise.all([
    listCouriersOfCarrier(db, carrierId),
    listCourierEvents(db, carrierId, from, to),
    readPayeeTransfers(db, carrierPayee(carrierId), from, to),
    listHandovers(db, carrierId, day),
  ]);
  const parcels = courierParcels(events);
  for (const c of couriers) if (!parcels.has(c.account_id)) parcels.set(c.account_id, []);
  const { byCourier, unattributed } = shareTransfers(transfers, parcels);
  const names = new Map(couriers.map((c) => [c.account_id, c.display_name]));
  return {
    day,
    couriers: [...parcels].map(([id, own]) => ({
      courier: { id, name: names.get(id) ?? id },
      ...reconcileCourierDay(own, byCourier.get(id) ?? []),
      handover: presentHandover(handovers.find((h) => h.courier_account_id === id)),
    })),
    unattributedTransfers: unattributed.map((t) => ({ transferId: t.id, amount: t.amount, content: t.content })),
  };
}

/**
 * A carrier's day of cash and transfers: all its couriers for its dispatchers (and administrators),
 * a courier's own day only for a courier of the carrier; anyone else is refused, and audited.
 */
export async function readCashDay(db: Db, actor: Actor | null, carrierId: string, day: string): Promise<CashDay> {
  const province = await homeProvince(db, actor);
  const settles = actor !== null && can(actor, 'delivery:settle', province.path, { carrierId });
  const ownDay = actor !== null && !settles && scopesOf(actor, 'delivery:deliver', carrierId).length > 0;
  if (!settles && !ownDay) await authorize(db, actor, 'delivery:settle', { ...province, carrierId }, { entity: 'cash_handover' });
  if (!(await findCarrier(db, carrierId))) throw carrierNotFound(carrierId);
  const whole = await reckonCarrierDay(db, carrierId, day);
  if (settles) return whole;
  const mine = whole.couriers.filter((c) => c.courier.id === actor!.id);
  return { day, couriers: mine, unattributedTransfers: [] };
}
