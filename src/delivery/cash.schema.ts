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

export const courierCashDay = z.object({
  courier: z.object({ id: z.string(), name: z.string() }),
  delivered: z.number().int(),
  cashToHandOver: z.number().int().describe('Đồng: the COD of the parcels delivered against cash'),
  cashRecorded: z.number().int().describe('Đồng the phone recorded as cash taken'),
  transfersReceived: z.number().int(),
  matched: z.array(z.object({ transferId: z.string(), parcelId: z.string(), trackingCode: z.string(), amount: z.number().int() })),
  discrepancies: z.array(discrepancy),
  handover: z
    .object({ counted: z.number().int(), expected: z.number().int(), difference: z.number().int(), note: z.string().nullable(), recordedAt: z.string() })
    .nullable(),
});
export type CourierCashDay = z.infer<typeof courierCashDay>;

export const cashDay = z.object({
  day: z.string(),
  couriers: z.array(courierCashDay),
  unattributedTransfers: z.array(z.object({ transferId: z.string(), amount: z.number().int(), content: z.string() })),
});
export type CashDay = z.infer<typeof cashDay>;

export const handoverBody = z.strictObject({
  carrier: z.uuid(),
  courier: z.uuid(),
  day: calendarDate,
  counted: z.number().int().min(0).max(COUNTED_MAX).describe('Đồng counted at the hub'),
  note: personText(500, { allowEmpty: true }).optional(),
});
export type HandoverBody = z.infer<typeof handoverBody>;
