import { AppError, badRequest, conflict, type Message } from '../platform/errors.ts';
import { mayMove, type ParcelState, type Payment } from './parcel.rules.ts';

/**
 * What a courier's phone may say about a parcel at the door (decision 0033), as pure rules: the
 * states it passes through, the payment it takes, the proof it brings and how big that may be.
 */

/** A proof photo as the phone sends it, after its own compression: about a 1000 px JPEG at quality 0.6. */
export const PROOF_PHOTO_MAX_BYTES = 150 * 1024;
/** Base64 carries 3 bytes in 4 characters. */
export const PROOF_PHOTO_MAX_BASE64 = Math.ceil(PROOF_PHOTO_MAX_BYTES / 3) * 4;
/** A signature pad's box, in its own units (the phone scales to it). */
export const SIGNATURE_BOX = { width: 1000, height: 400 } as const;
export const SIGNATURE_MAX_STROKES = 40;
/** A signature is a few hundred points; this many is a scribble over the whole pad, ~16 KB stored. */
export const SIGNATURE_MAX_POINTS = 2000;
/** The recipient's code as typed: an order code is 9 characters, a tracking code at most 40. */
export const PROOF_CODE_MAX = 40;

export type Outcome = 'delivered' | 'failed';

/** A parcel as the server has it, against what the phone says. */
export interface ParcelAtDoor {
  state: ParcelState;
  codAmount: number;
  trackingCode: string;
}

const bothWays = (vi: string, en: string): Message => ({ vi, en });

export const codChanged = (serverAmount: number) =>
  conflict(
    'parcel.cod_changed',
    bothWays(
      `Tiền thu hộ đã đổi: máy chủ ghi ${serverAmount.toLocaleString('vi-VN')} ₫. Hãy thu theo số này rồi ghi lại.`,
      `The COD amount has changed: the server has ${serverAmount.toLocaleString('en')} đồng. Collect that amount and record again.`,
    ),
    'codAmount',
  );

export const alreadySettled = (state: ParcelState) =>
  conflict(
    'parcel.already_settled',
    bothWays(
      `Bưu gửi này đã ở trạng thái “${STATE_NAMES[state].vi}” trên máy chủ; không ghi đè được.`,
      `This parcel is already “${STATE_NAMES[state].en}” on the server; it cannot be overwritten.`,
    ),
    'parcelId',
  );

const notOnTheWay = (state: ParcelState) =>
  badRequest(
    'parcel.not_out',
    bothWays(`Bưu gửi đang ở trạng thái “${STATE_NAMES[state].vi}”, chưa được giao đi.`, `The parcel is “${STATE_NAMES[state].en}”, not out for delivery.`),
    'parcelId',
  );

export const STATE_NAMES: Record<ParcelState, Message> = {
  received: { vi: 'đã nhận tại bưu cục', en: 'received at the hub' },
  planned: { vi: 'đã xếp tuyến', en: 'planned' },
  out_for_delivery: { vi: 'đang giao', en: 'out for delivery' },
  at_pickup_point: { vi: 'chờ nhận tại điểm nhận hàng', en: 'waiting at a pickup point' },
  delivered: { vi: 'đã giao', en: 'delivered' },
  failed: { vi: 'giao không thành', en: 'failed' },
  returned: { vi: 'đã hoàn', en: 'returned' },
};

/**
 * The states a parcel passes through to the outcome, each step allowed by `mayMove`: a parcel
 * still `planned` (the courier left the hub with it) goes out for delivery first, and so does one
 * that failed earlier (a second attempt: the courier came back to the door, decision 0043). A
 * parcel already delivered or returned is a conflict: the server's outcome stands.
 */
export function stepsTo(state: ParcelState, outcome: Outcome): ParcelState[] | AppError {
  const steps: ParcelState[] = state === 'planned' || state === 'failed' ? ['out_for_delivery', outcome] : [outcome];
  let from = state;
  for (const to of steps) {
    if (!mayMove(from, to)) return state === 'delivered' || state === 'returned' ? alreadySettled(state) : notOnTheWay(state);
    from = to;
  }
  return steps;
}

/**
 * The payment taken at the door: nothing for a parcel paid beforehand, else cash of the whole
 * amount or a transfer to the QR; the amount the phone showed must be the server's.
 */
export function checkPayment(parcel: ParcelAtDoor, said: { codAmount: number; payment: Payment | null }): AppError | undefined {
  if (said.codAmount !== parcel.codAmount) return codChanged(parcel.codAmount);
  if (parcel.codAmount === 0 && said.payment !== null) {
    return badRequest('delivery.nothing_to_collect', bothWays('Bưu gửi này không thu hộ tiền.', 'This parcel has no COD to collect.'), 'payment');
  }
  if (parcel.codAmount > 0 && said.payment === null) {
    return badRequest(
      'delivery.payment_required',
      bothWays('Hãy ghi cách người nhận trả tiền thu hộ: tiền mặt hay chuyển khoản.', 'Say how the recipient paid the COD: cash or transfer.'),
      'payment',
    );
  }
  return undefined;
}

/** What is kept of a payment: cash collected counts towards the courier's hand-over; a transfer does not. */
export const cashCollected = (codAmount: number, payment: Payment | null): number => (payment === 'cash' ? codAmount : 0);

/** Codes as people type them: case, spaces and dashes do not matter. */
const compact = (code: string): string => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

/** The recipient's code (the order code on the order page, or the tracking code they were sent) matches the parcel's. */
export function checkRecipientCode(parcel: ParcelAtDoor, code: string): AppError | undefined {
  if (compact(code) === compact(parcel.trackingCode) && compact(code) !== '') return undefined;
  return badRequest(
    'delivery.wrong_code',
    bothWays('Mã người nhận đọc không khớp với bưu gửi này.', 'The code the recipient gave does not match this parcel.'),
    'proof.code',
  );
}

/** A decoded proof photo's size; the phone compresses it first, so more is a phone that did not. */
export function checkPhotoSize(bytes: number): AppError | undefined {
  if (bytes > 0 && bytes <= PROOF_PHOTO_MAX_BYTES) return undefined;
  return badRequest(
    'delivery.photo_too_large',
    bothWays(
      `Ảnh bằng chứng phải từ 1 byte đến ${PROOF_PHOTO_MAX_BYTES / 1024} KB; ảnh này ${Math.ceil(bytes / 1024)} KB.`,
      `A proof photo is 1 byte to ${PROOF_PHOTO_MAX_BYTES / 1024} KB; this one is ${Math.ceil(bytes / 1024)} KB.`,
    ),
    'proof.jpeg',
  );
}

/** A signature's strokes, each a list of [x, y] points on the pad: not too many points in all. */
export function checkSignature(strokes: readonly (readonly (readonly [number, number])[])[]): AppError | undefined {
  const points = strokes.reduce((sum, s) => sum + s.length, 0);
  if (points <= SIGNATURE_MAX_POINTS) return undefined;
  return badRequest(
    'delivery.signature_too_large',
    bothWays(
      `Chữ ký quá nhiều nét (${points} điểm, tối đa ${SIGNATURE_MAX_POINTS}). Hãy xóa và ký lại.`,
      `The signature has too many points (${points}, at most ${SIGNATURE_MAX_POINTS}). Clear it and sign again.`,
    ),
    'proof.strokes',
  );
}

/**
 * A hand reorder must name exactly the route's parcels, each once: a phone that missed a change
 * of plan (a parcel added or taken off) gets it refused rather than losing a stop.
 */
export function checkReorder(current: readonly string[], proposed: readonly string[]): AppError | undefined {
  const same = proposed.length === current.length && new Set(proposed).size === proposed.length && proposed.every((id) => current.includes(id));
  if (same) return undefined;
  return conflict(
    'route.stops_changed',
    bothWays(
      'Danh sách điểm giao trên máy chủ đã đổi (có bưu gửi thêm hoặc bớt). Hãy tải lại tuyến rồi sắp xếp lại.',
      'The route’s stops have changed on the server (a parcel added or taken off). Load the route again and reorder.',
    ),
    'parcelIds',
  );
}
