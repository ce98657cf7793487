import { z } from 'zod';
import { calendarDate, clientId } from '../platform/api-schema.ts';
import { COD_MAX, FAILURE_REASONS, PARCEL_STATES } from './parcel.rules.ts';
import { PROOF_CODE_MAX, PROOF_PHOTO_MAX_BASE64, SIGNATURE_BOX, SIGNATURE_MAX_STROKES, SIGNATURE_MAX_POINTS } from './courier-delivery.rules.ts';

/** The courier app's side of the sync protocol (decision 0033): what its mutations carry and what it pulls. */

const point = z.tuple([z.number().int().min(0).max(SIGNATURE_BOX.width), z.number().int().min(0).max(SIGNATURE_BOX.height)]);

export const proofInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('code'), code: z.string().trim().min(1).max(PROOF_CODE_MAX).describe('The code on the recipient’s order page') }),
  z.strictObject({
    kind: z.literal('photo'),
    jpeg: z.base64().min(4).max(PROOF_PHOTO_MAX_BASE64).describe('The photo, compressed on the phone, as base64 (at most 150 KB once decoded)'),
  }),
  z.strictObject({
    kind: z.literal('signature'),
    strokes: z
      .array(z.array(point).min(1).max(SIGNATURE_MAX_POINTS))
      .min(1)
      .max(SIGNATURE_MAX_STROKES)
      .describe(`Strokes of [x, y] points on a ${SIGNATURE_BOX.width} × ${SIGNATURE_BOX.height} pad`),
  }),
]);
export type ProofInput = z.infer<typeof proofInput>;

const occurredAt = z.iso.datetime({ offset: true }).describe('When it happened at the door, by the phone’s clock');

export const deliverInput = z.strictObject({
  eventId: clientId,
  parcelId: z.uuid(),
  occurredAt,
  codAmount: z.number().int().min(0).max(COD_MAX).describe('The COD amount the phone showed; the server’s wins (a conflict) if they differ'),
  payment: z.enum(['cash', 'transfer']).nullable().describe('Cash of the whole COD amount, or a transfer to the QR; null when nothing is collected'),
  proof: proofInput,
});
export type DeliverInput = z.infer<typeof deliverInput>;

export const failInput = z.strictObject({
  eventId: clientId,
  parcelId: z.uuid(),
  occurredAt,
  reason: z.enum(FAILURE_REASONS),
});
export type FailInput = z.infer<typeof failInput>;

export const reorderInput = z.strictObject({
  routeId: z.uuid(),
  parcelIds: z.array(z.uuid()).min(1).max(300).describe('Every parcel of the route, each once, in the courier’s order'),
});
export type ReorderInput = z.infer<typeof reorderInput>;

/** A parcel as the server has it: shown beside the phone's version of a conflict. */
export const serverParcel = z.object({
  id: z.string(),
  state: z.enum(PARCEL_STATES),
  codAmount: z.number().int(),
  failureReason: z.enum(FAILURE_REASONS).nullable(),
});
export type ServerParcel = z.infer<typeof serverParcel>;

const location = z.object({ latitude: z.number(), longitude: z.number() }).nullable();

export const courierStop = z.object({
  position: z.number().int(),
  parcelId: z.string(),
  trackingCode: z.string(),
  recipientName: z.string(),
  /** E.164, for `tel:`. */
  phone: z.string(),
  villageName: z.string().nullable(),
  location,
  pickupPoint: z.object({ name: z.string(), location }).nullable(),
  codAmount: z.number().int(),
  window: z.object({ start: z.string(), end: z.string() }),
  arrivesAt: z.string(),
  state: z.enum(PARCEL_STATES),
  failureReason: z.enum(FAILURE_REASONS).nullable(),
  /** For a COD parcel whose payee has an account: the VietQR to show at the door, with no signal. */
  transfer: z
    .object({
      payload: z.string(),
      bankBin: z.string(),
      accountNumber: z.string(),
      holderName: z.string(),
      content: z.string(),
      amount: z.number().int(),
    })
    .nullable(),
  paid: z.boolean().describe('The transfer for its COD has reached the payee (the payments module matched it)'),
});
export type CourierStop = z.infer<typeof courierStop>;

export const courierDayQuery = z.object({
  day: calendarDate.optional().describe('Today in Vietnam unless given'),
  cursor: z.string().max(100).optional().describe('From the previous pull: the same route answers `unchanged` without its stops'),
});

export const courierDay = z.object({
  day: z.string(),
  cursor: z.string(),
  unchanged: z.boolean(),
  route: z
    .object({
      id: z.string(),
      hub: z.object({ name: z.string(), latitude: z.number(), longitude: z.number() }),
      distanceKm: z.number(),
      stops: z.array(courierStop),
    })
    .nullable()
    .describe('Null when no plan of the day gives the courier a route (or `unchanged`)'),
  serverTime: z.string(),
});
export type CourierDay = z.infer<typeof courierDay>;
