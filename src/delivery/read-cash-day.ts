import type { Db } from '../platform/database.ts';
import { authorize, can, homeProvince, scopesOf, type Actor } from '../accounts/index.ts';
import { readPayeeTransfers, readTransfer } from '../payments/index.ts';
import { dayBounds, holderParcels } from './cash-day.rules.ts';
import { reconcileDay, shareTransfers, type CourierDayParcel, type ParcelTransfer } from './cash-handover.rules.ts';
import { listCouriersOfCarrier, listHandovers, listHeldEvents, listParcelTransfers, listPointsWithKeepers, type CashHandoverRow } from './cash.repository.ts';
import type { CashDay, CourierCashDay, PointCashDay } from './cash.schema.ts';
import { findCarrier } from './parcel.repository.ts';
import { carrierNotFound } from './set-up-carrier.ts';

/** The payee a carrier's COD transfers are credited to (its bank feed's kind in payments). */
export const CARRIER_PAYEE = 'carrier';
const carrierPayee = (carrierId: string) => ({ kind: CARRIER_PAYEE, id: carrierId });

/** Payments' states of a transfer nobody has said what it pays for yet (its by-hand queue). */
const WAITING = new Set(['new', 'unmatched']);

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

/**
 * The transfers recorded for the day's parcels (`cod_transfer`: `<provider>:<payments' id>`), with
 * the text of those that pay a parcel nobody delivered that day, read from payments to be shown.
 */
async function dayTransfers(db: Db, parcels: ReadonlyMap<string, readonly CourierDayParcel[]>): Promise<ParcelTransfer[]> {
  const all = [...parcels.values()].flat();
  const delivered = new Set(all.filter((p) => p.delivered).map((p) => p.parcelId));
  const rows = await listParcelTransfers(db, [...new Set(all.map((p) => p.parcelId))]);
  return Promise.all(
    rows.map(async (row) => {
      const transferId = row.transfer_id.slice(row.transfer_id.indexOf(':') + 1);
      const content = delivered.has(row.parcel_id) ? undefined : (await readTransfer(db, transferId))?.content;
      return { transferId, parcelId: row.parcel_id, amount: Number(row.amount), content };
    }),
  );
}

/**
 * Every courier's and pickup point's money of a carrier's day, computed afresh from the delivery
 * events and the transfers recorded for their parcels.
 */
export async function reckonCarrierDay(db: Db, carrierId: string, day: string): Promise<CashDay> {
  const { from, to } = dayBounds(day);
  const [couriers, events, carrierTransfers, handovers] = await Promise.all([
    listCouriersOfCarrier(db, carrierId),
    listHeldEvents(db, carrierId, from, to),
    readPayeeTransfers(db, carrierPayee(carrierId), from, to),
    listHandovers(db, carrierId, day),
  ]);
  const parcels = holderParcels(events);
  const pointIds = new Set(events.filter((e) => e.at_point).map((e) => e.holder));
  for (const h of handovers) if (h.pickup_point_id) pointIds.add(h.pickup_point_id);
  for (const c of couriers) if (!parcels.has(c.account_id)) parcels.set(c.account_id, []);
  const [transfers, points] = await Promise.all([dayTransfers(db, parcels), listPointsWithKeepers(db, [...pointIds])]);
  const byHolder = shareTransfers(transfers, parcels);
  const moneyOf = (holder: string) => ({
    ...reconcileDay(parcels.get(holder) ?? [], byHolder.get(holder) ?? []),
    handover: presentHandover(handovers.find((h) => h.courier_account_id === holder || h.pickup_point_id === holder)),
  });
  const names = new Map(couriers.map((c) => [c.account_id, c.display_name]));
  const pickupPoints: PointCashDay[] = [];
  for (const row of points) {
    const known = pickupPoints.at(-1);
    const keeper = row.keeper_id && row.keeper_name ? [{ id: row.keeper_id, name: row.keeper_name }] : [];
    if (known?.point.id === row.id) known.keepers.push(...keeper);
    else pickupPoints.push({ point: { id: row.id, name: row.name, villageCode: row.village_code }, keepers: keeper, ...moneyOf(row.id) });
  }
  return {
    day,
    couriers: [...parcels.keys()].filter((id) => !pointIds.has(id)).map((id) => ({ courier: { id, name: names.get(id) ?? id }, ...moneyOf(id) })),
    pickupPoints,
    unattributedTransfers: carrierTransfers.filter((t) => WAITING.has(t.state)).map((t) => ({ transferId: t.id, amount: t.amount, content: t.content })),
  };
}

/**
 * A carrier's day of cash and transfers: all its couriers and pickup points for its dispatchers
 * (and administrators), a courier's own day only for a courier of the carrier; anyone else is
 * refused, and audited.
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
  return { day, couriers: mine, pickupPoints: [], unattributedTransfers: [] };
}
