import { z } from 'zod';
import { calendarDate, personText } from '../platform/api-schema.ts';

/** The most cash a courier can hand over in a day: 70 parcels at the COD cap would be far less than this. */
export const COUNTED_MAX = 10_000_000_000;

const discrepancy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unpaid'), parcelId: z.string(), trackingCode: z.string(), expected: z.number().int() }),
  z.object({ kind: z.literal('cash_differs'), parcelId: z.string(), trackingCode: z.string(), expected: z.number().int(), recorded: z.number().int() }),
  z.object({ kind: z.literal('transfer_differs'), parcelId: z.string(), trackingCode: z.string(), expected: z.number().int(), received: z.number().int() }),
  z.object({ kind: z.literal('transfer_without_parcel'), transferId: z.string(), amount: z.number().int(), content: z.string() }),
]);

/** What a holder of cash (a courier, a pickup point) owes for a day, and the hand-over if recorded. */
const dayMoney = z.object({
  delivered: z.number().int(),
  cashToHandOver: z.number().int().describe('Đồng: the COD of the parcels delivered against cash, less the transfers recorded for them'),
  cashRecorded: z.number().int().describe('Đồng the phone (or the point) recorded as cash taken'),
  transfersReceived: z.number().int().describe('Đồng of the transfers recorded for its parcels of the day (by their VietQR code)'),
  matched: z.array(z.object({ transferId: z.string(), parcelId: z.string(), trackingCode: z.string(), amount: z.number().int() })),
  discrepancies: z.array(discrepancy),
  handover: z
    .object({ counted: z.number().int(), expected: z.number().int(), difference: z.number().int(), note: z.string().nullable(), recordedAt: z.string() })
    .nullable(),
});

export type DayMoney = z.infer<typeof dayMoney>;

export const courierCashDay = dayMoney.extend({ courier: z.object({ id: z.string(), name: z.string() }) });
export type CourierCashDay = z.infer<typeof courierCashDay>;

export const pointCashDay = dayMoney.extend({
  point: z.object({ id: z.string(), name: z.string(), villageCode: z.string() }),
  keepers: z.array(z.object({ id: z.string(), name: z.string() })).describe('Who keeps the point: the cash of its collections is in their hands'),
});
export type PointCashDay = z.infer<typeof pointCashDay>;

export const cashDay = z.object({
  day: z.string(),
  couriers: z.array(courierCashDay),
  pickupPoints: z
    .array(pointCashDay)
    .describe('Points where the carrier’s parcels were collected that day against cash (or whose hand-over is recorded); none for a courier'),
  unattributedTransfers: z
    .array(z.object({ transferId: z.string(), amount: z.number().int(), content: z.string() }))
    .describe('Transfers to the carrier’s account that day that pay no parcel: waiting to be matched by hand'),
});
export type CashDay = z.infer<typeof cashDay>;

const handoverFields = {
  carrier: z.uuid(),
  day: calendarDate,
  counted: z.number().int().min(0).max(COUNTED_MAX).describe('Đồng counted at the hub'),
  note: personText(500, { allowEmpty: true }).optional(),
};

export const handoverBody = z.strictObject({ ...handoverFields, courier: z.uuid() });
export type HandoverBody = z.infer<typeof handoverBody>;

export const pointHandoverBody = z.strictObject({ ...handoverFields, pickupPoint: z.uuid() });
export type PointHandoverBody = z.infer<typeof pointHandoverBody>;
