import type { CourierDayParcel } from './cash-handover.rules.ts';
import type { DeliveryEventKind, Payment } from './parcel.rules.ts';

/** Vietnam keeps UTC+7 all year: a courier's day runs from midnight to midnight there. */
export function dayBounds(day: string): { from: Date; to: Date } {
  const from = new Date(`${day}T00:00:00+07:00`);
  return { from, to: new Date(from.getTime() + 24 * 3_600_000) };
}

interface HeldEvent {
  /** The courier who recorded it, or the pickup point where the recipient collected the parcel. */
  holder: string;
  parcel_id: string;
  tracking_code: string;
  cod_amount: number | string;
  kind: DeliveryEventKind;
  payment: Payment | null;
  cod_collected: number | string;
}

/**
 * Each holder's parcels of the day from its delivery events in time order: a parcel is delivered
 * when one of its events of the day says so (the delivery's payment and cash are that event's),
 * whatever failed attempt came before it.
 */
export function holderParcels(events: readonly HeldEvent[]): Map<string, CourierDayParcel[]> {
  const byHolder = new Map<string, Map<string, CourierDayParcel>>();
  for (const e of events) {
    const parcels = byHolder.get(e.holder) ?? new Map<string, CourierDayParcel>();
    byHolder.set(e.holder, parcels);
    const known = parcels.get(e.parcel_id);
    if (known?.delivered) continue;
    const delivered = e.kind === 'delivered';
    parcels.set(e.parcel_id, {
      parcelId: e.parcel_id,
      trackingCode: e.tracking_code,
      codAmount: Number(e.cod_amount),
      delivered,
      payment: delivered ? e.payment : null,
      codCollected: delivered ? Number(e.cod_collected) : 0,
    });
  }
  return new Map([...byHolder].map(([holder, parcels]) => [holder, [...parcels.values()]]));
}
