import type { Parcel } from './delivery.schema.ts';
import type { ParcelRow } from './parcel.repository.ts';
import { timeOfDay } from './parcel.rules.ts';

/** The API's parcel: names as the API spells them, times of day as "08:30", never the row. */
export function presentParcel(row: ParcelRow): Parcel {
  return {
    id: row.id,
    carrierId: row.carrier_id,
    trackingCode: row.tracking_code,
    source: row.source,
    orderId: row.order_id,
    recipientName: row.recipient_name,
    phone: row.phone,
    villageCode: row.village_code,
    addressText: row.address_text,
    pickupPointId: row.pickup_point_id,
    codAmount: Number(row.cod_amount),
    weightGrams: row.weight_grams,
    window: { start: timeOfDay(row.window_start), end: timeOfDay(row.window_end) },
    dueOn: row.due_on,
    state: row.state,
    failureReason: row.failure_reason,
  };
}
