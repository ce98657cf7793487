import type { Issue, Message } from '../platform/errors.ts';

/**
 * A parcel's life (decision 0025): received at the hub (imported or from an order), planned onto
 * a courier's route, out for delivery, then delivered, failed with a reason (its courier may try
 * again the same day, or it is planned again) or returned to the sender. A parcel may instead be dropped at a village's
 * shared pickup point, where its recipient collects it with her code (decision 0035).
 */
export const PARCEL_STATES = ['received', 'planned', 'out_for_delivery', 'at_pickup_point', 'delivered', 'failed', 'returned'] as const;
export type ParcelState = (typeof PARCEL_STATES)[number];

export const FAILURE_REASONS = ['not_home', 'refused', 'wrong_address', 'unreachable'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const DELIVERY_EVENT_KINDS = ['out_for_delivery', 'dropped_at_point', 'delivered', 'failed', 'returned'] as const;
export type DeliveryEventKind = (typeof DELIVERY_EVENT_KINDS)[number];

export type Payment = 'cash' | 'transfer';

/** Where each state may go next; delivered and returned are final. */
const NEXT: Record<ParcelState, readonly ParcelState[]> = {
  received: ['planned', 'returned'],
  planned: ['received', 'planned', 'out_for_delivery', 'at_pickup_point', 'returned'],
  out_for_delivery: ['delivered', 'failed', 'at_pickup_point'],
  // Collected by the recipient with her code, or sent back when nobody comes.
  at_pickup_point: ['delivered', 'returned'],
  // Tried again later the same day by its courier (a second attempt), or planned again.
  failed: ['out_for_delivery', 'planned', 'received', 'returned'],
  delivered: [],
  returned: [],
};

export const mayMove = (from: ParcelState, to: ParcelState): boolean => NEXT[from].includes(to);

/**
 * The most cash a courier is asked to collect for one parcel: the national carriers cap COD
 * around 50 million đồng, and a larger amount in a manifest is a typing slip (an extra zero).
 */
export const COD_MAX = 50_000_000;
/** What a motorbike courier carries in one parcel. */
export const WEIGHT_MAX_GRAMS = 50_000;
export const TRACKING_CODE_MAX = 40;
/** A recipient's window when none is given: the working day. */
export const DEFAULT_WINDOW = { start: 7 * 60, end: 19 * 60 } as const;

const issue = (code: string, field: string, message: Message): Issue => ({ code, field, message });

/**
 * A Vietnamese mobile or landline number as people write it ("0912 345 678", "+84 912 345 678",
 * "84912345678") in E.164 (+84912345678); null when it cannot be one.
 */
export function phoneE164(written: string): string | null {
  const compact = written.replace(/[\s.\-()]/g, '');
  const national = compact.startsWith('+84')
    ? compact.slice(3)
    : compact.startsWith('84') && compact.length === 11
      ? compact.slice(2)
      : compact.replace(/^0/, '');
  return /^[1-9]\d{8}$/.test(national) ? `+84${national}` : null;
}

/** "08:30" → 510 minutes after midnight; undefined when it is not a time of day. */
export function minutesOfDay(written: string): number | undefined {
  const m = /^(\d{1,2})[:hH.](\d{2})$/.exec(written.trim());
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

export const timeOfDay = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export interface ParcelFacts {
  codAmount: number;
  weightGrams: number;
  windowStart: number;
  windowEnd: number;
}

/** The rules a parcel's numbers keep, wherever it comes from (a manifest row, an order). */
export function checkParcel(parcel: ParcelFacts): Issue[] {
  const issues: Issue[] = [];
  if (!Number.isInteger(parcel.codAmount) || parcel.codAmount < 0) {
    issues.push(
      issue('parcel.cod_negative', 'codAmount', {
        vi: 'Tiền thu hộ (COD) là số đồng nguyên, không âm.',
        en: 'The COD amount is a whole number of đồng, not negative.',
      }),
    );
  } else if (parcel.codAmount > COD_MAX) {
    issues.push(
      issue('parcel.cod_too_large', 'codAmount', {
        vi: `Tiền thu hộ tối đa ${COD_MAX.toLocaleString('vi-VN')} ₫ một bưu gửi.`,
        en: `The COD amount is at most ${COD_MAX.toLocaleString('en')} đồng a parcel.`,
      }),
    );
  }
  if (!Number.isInteger(parcel.weightGrams) || parcel.weightGrams < 1 || parcel.weightGrams > WEIGHT_MAX_GRAMS) {
    issues.push(
      issue('parcel.weight_invalid', 'weightGrams', {
        vi: `Khối lượng từ 1 đến ${WEIGHT_MAX_GRAMS.toLocaleString('vi-VN')} gam.`,
        en: `The weight is 1 to ${WEIGHT_MAX_GRAMS.toLocaleString('en')} grams.`,
      }),
    );
  }
  if (parcel.windowEnd <= parcel.windowStart) {
    issues.push(issue('parcel.window_invalid', 'windowEnd', { vi: 'Giờ giao đến phải sau giờ giao từ.', en: 'The window must end after it starts.' }));
  }
  return issues;
}
