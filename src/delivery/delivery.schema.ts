import { z } from 'zod';
import { calendarDate } from '../platform/api-schema.ts';
import { csvEncoding } from '../imports/index.ts';
import { orgUnitCode } from '../territory/index.ts';
import { COD_MAX, FAILURE_REASONS, PARCEL_STATES } from './parcel.rules.ts';

/**
 * What the orders module publishes when an order chooses delivery (`order.delivery-requested`):
 * the payload `requestParcelFromOrder` takes, idempotent by the order's id.
 */
export const deliveryRequest = z.object({
  orderId: z.uuid(),
  orderCode: z.string().trim().min(1).max(40),
  shopId: z.uuid(),
  villageCode: orgUnitCode,
  recipientName: z.string().trim().min(1).max(120),
  phone: z.string().trim().min(9).max(20),
  codAmount: z.number().int().min(0).max(COD_MAX),
  provinceCode: z.string().regex(/^\d{2}$/),
});
export type DeliveryRequest = z.infer<typeof deliveryRequest>;

export const parcel = z.object({
  id: z.string(),
  carrierId: z.string(),
  trackingCode: z.string(),
  source: z.enum(['order', 'manifest']),
  orderId: z.string().nullable(),
  recipientName: z.string(),
  phone: z.string(),
  villageCode: z.string().nullable(),
  addressText: z.string().nullable(),
  pickupPointId: z.string().nullable(),
  codAmount: z.number().int(),
  weightGrams: z.number().int(),
  window: z.object({ start: z.string(), end: z.string() }),
  dueOn: z.string(),
  state: z.enum(PARCEL_STATES),
  failureReason: z.enum(FAILURE_REASONS).nullable(),
});
export type Parcel = z.infer<typeof parcel>;

export const carrierDayQuery = z.object({ carrier: z.uuid(), day: calendarDate });
export const carrierQuery = z.object({ carrier: z.uuid() });
export const manifestQuery = z.object({
  carrier: z.uuid(),
  dryRun: z.enum(['true', 'false']).optional(),
  encoding: csvEncoding.default('auto'),
  fileName: z.string().max(200).optional(),
});
export const settleBody = z.strictObject({ villageCode: orgUnitCode });

const candidate = z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable() });
export const manifestSummary = z.object({
  manifestId: z.string().nullable(),
  rows: z.number().int(),
  created: z.number().int(),
  unsettled: z.array(z.object({ row: z.number().int(), trackingCode: z.string(), address: z.string(), candidates: z.array(candidate) })),
  ignoredColumns: z.array(z.string()).optional(),
  dryRun: z.boolean(),
});
export const parcelList = z.object({ items: z.array(parcel) });

export const planBody = z.strictObject({ carrier: z.uuid(), day: calendarDate });
const message = z.object({ vi: z.string(), en: z.string() });
export const dayPlan = z.object({
  id: z.string(),
  day: z.string(),
  state: z.enum(['queued', 'done', 'failed']),
  requestedAt: z.string(),
  solveMs: z.number().int().nullable(),
  routes: z.array(
    z.object({
      courier: z.object({ id: z.string(), name: z.string() }),
      hub: z.object({ latitude: z.number(), longitude: z.number() }),
      distanceKm: z.number(),
      returnsAt: z.string(),
      stops: z.array(
        z.object({
          parcelId: z.string(),
          trackingCode: z.string(),
          recipientName: z.string(),
          codAmount: z.number().int(),
          state: z.enum(PARCEL_STATES),
          villageCode: z.string().nullable(),
          villageName: z.string().nullable(),
          arrivesAt: z.string(),
          location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
        }),
      ),
    }),
  ),
  unassigned: z.array(z.object({ parcelId: z.string(), code: z.string(), message })),
});
export type DayPlan = z.infer<typeof dayPlan>;
export const latestPlan = z.object({ plan: dayPlan.nullable() });
