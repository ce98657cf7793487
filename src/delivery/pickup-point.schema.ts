import { z } from 'zod';
import { PARCEL_STATES } from './parcel.rules.ts';

export const dropBody = z.strictObject({ pickupPointId: z.uuid() });
export const dropped = z.object({
  parcelId: z.string(),
  trackingCode: z.string(),
  state: z.enum(PARCEL_STATES),
  pickupPointId: z.string(),
  collectionCode: z.string().describe('Six digits for the recipient, shown this once: tell her by SMS or a call; the keeper never sees it'),
});
export type Dropped = z.infer<typeof dropped>;

export const collectBody = z.strictObject({
  trackingCode: z.string().trim().min(1).max(40),
  code: z
    .string()
    .trim()
    .regex(/^[0-9\s-]{6,12}$/),
});
export const collected = z.object({
  parcelId: z.string(),
  trackingCode: z.string(),
  codAmount: z.number().int().describe('Đồng to take from the recipient in cash (0: prepaid)'),
});
export type Collected = z.infer<typeof collected>;

export const waitingPoint = z.object({
  id: z.string(),
  name: z.string(),
  villageCode: z.string(),
  waiting: z.array(
    z.object({
      trackingCode: z.string(),
      carrier: z.string(),
      recipientName: z.string(),
      phone: z.string().describe('Masked: the last three digits'),
      codAmount: z.number().int(),
      since: z.string(),
      held: z.boolean().describe('Too many wrong codes: the carrier must give the recipient a new one'),
    }),
  ),
});
export const myPoints = z.object({ items: z.array(waitingPoint) });
export type WaitingPoint = z.infer<typeof waitingPoint>;

/** A carrier's parcels waiting at the villages' points, for its dispatcher (a held one needs a new code). */
export const parcelsAtPoints = z.object({
  items: z.array(
    z.object({
      parcelId: z.string(),
      trackingCode: z.string(),
      recipientName: z.string(),
      phone: z.string().describe('Masked: the last three digits'),
      pointName: z.string(),
      villageCode: z.string(),
      since: z.string(),
      held: z.boolean().describe('Too many wrong codes: the recipient needs a new one'),
    }),
  ),
});
export type ParcelAtPoint = z.infer<typeof parcelsAtPoints>['items'][number];

export const keeperBody = z.strictObject({ accountId: z.uuid() });

export const newCode = z.object({
  parcelId: z.string(),
  trackingCode: z.string(),
  collectionCode: z.string().describe('The recipient’s new six digits, shown this once; the old code and its wrong tries no longer count'),
});
export type NewCode = z.infer<typeof newCode>;
