import type { Payment } from './parcel.rules.ts';

/**
 * A courier's day of money (decision 0035). The cash to hand over is the COD of the parcels
 * delivered against cash, as the parcels say, never what the phone typed: a slip on the phone is
 * a discrepancy to look at, not a new debt. Transfers (VietQR to the carrier's account) are matched
 * to parcels by the tracking code in their content; what does not fit is flagged, never guessed.
 */

/** One parcel the courier handled that day, with its last delivery event of the day. */
export interface CourierDayParcel {
  parcelId: string;
  trackingCode: string;
  codAmount: number;
  delivered: boolean;
  /** How the recipient paid, as recorded on delivery; null for a prepaid parcel or none recorded. */
  payment: Payment | null;
  codCollected: number;
}

export interface DayTransfer {
  id: string;
  amount: number;
  content: string;
}

export type Discrepancy =
  /** A delivered COD parcel with neither cash recorded nor a matching transfer. */
  | { kind: 'unpaid'; parcelId: string; trackingCode: string; expected: number }
  /** Cash recorded on delivery that is not the parcel's COD amount. */
  | { kind: 'cash_differs'; parcelId: string; trackingCode: string; expected: number; recorded: number }
  /** Transfers naming the parcel that add up to something else than its COD amount. */
  | { kind: 'transfer_differs'; parcelId: string; trackingCode: string; expected: number; received: number }
  /** A transfer naming no parcel the courier delivered that day. */
  | { kind: 'transfer_without_parcel'; transferId: string; amount: number; content: string };

export interface MatchedTransfer {
  transferId: string;
  parcelId: string;
  trackingCode: string;
  amount: number;
}

export interface CourierDayMoney {
  delivered: number;
  /** Đồng to hand over: the COD of the parcels delivered against cash. */
  cashToHandOver: number;
  /** Đồng the phone recorded as cash taken. */
  cashRecorded: number;
  transfersReceived: number;
  matched: MatchedTransfer[];
  discrepancies: Discrepancy[];
}

/** Upper case, letters and digits only: banks drop diacritics, spaces and dashes, and add prefixes. */
const compact = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

/** Shorter codes would turn up inside account numbers and dates by chance. */
const MIN_CODE_LENGTH = 6;

/**
 * The parcels whose tracking code a transfer's content names (by their compacted codes), longest
 * code first so that a code inside a longer one is not taken for it.
 */
export function parcelsNamed(content: string, codes: ReadonlyMap<string, string>): string[] {
  let rest = compact(content);
  const named: string[] = [];
  for (const [code, parcelId] of [...codes].sort((a, b) => b[0].length - a[0].length)) {
    if (code.length < MIN_CODE_LENGTH || !rest.includes(code)) continue;
    named.push(parcelId);
    rest = rest.replaceAll(code, ' ');
  }
  return named;
}

/** Compacted tracking code → parcel id. */
export const codeIndex = (parcels: readonly Pick<CourierDayParcel, 'parcelId' | 'trackingCode'>[]): Map<string, string> =>
  new Map(parcels.map((p) => [compact(p.trackingCode), p.parcelId]));

/**
 * The day's transfers to the carrier, shared out between its couriers: each goes to the courier
 * one of whose parcels of the day it names (the first such courier by the order given); the rest
 * name no parcel of anyone's day and stay with the carrier.
 */
export function shareTransfers(
  transfers: readonly DayTransfer[],
  parcelsByCourier: ReadonlyMap<string, readonly CourierDayParcel[]>,
): { byCourier: Map<string, DayTransfer[]>; unattributed: DayTransfer[] } {
  const indexes = [...parcelsByCourier].map(([courier, parcels]) => [courier, codeIndex(parcels)] as const);
  const byCourier = new Map<string, DayTransfer[]>([...parcelsByCourier.keys()].map((c) => [c, []]));
  const unattributed: DayTransfer[] = [];
  for (const transfer of transfers) {
    const owner = indexes.find(([, index]) => parcelsNamed(transfer.content, index).length > 0)?.[0];
    if (owner === undefined) unattributed.push(transfer);
    else byCourier.get(owner)!.push(transfer);
  }
  return { byCourier, unattributed };
}

/** A courier's day: the cash to hand over, the transfers matched to parcels, and every discrepancy. */
export function reconcileCourierDay(parcels: readonly CourierDayParcel[], transfers: readonly DayTransfer[]): CourierDayMoney {
  const delivered = parcels.filter((p) => p.delivered);
  const index = codeIndex(delivered);
  const byId = new Map(delivered.map((p) => [p.parcelId, p]));
  const matched: MatchedTransfer[] = [];
  const discrepancies: Discrepancy[] = [];
  /** Per parcel, what the transfers naming it alone add up to. */
  const alone = new Map<string, number>();
  /** Parcels paid together in one transfer: checked against their sum, at the transfer. */
  const together = new Set<string>();
  for (const transfer of transfers) {
    const named = parcelsNamed(transfer.content, index).map((id) => byId.get(id)!);
    const [first] = named;
    if (!first) {
      discrepancies.push({ kind: 'transfer_without_parcel', transferId: transfer.id, amount: transfer.amount, content: transfer.content });
      continue;
    }
    if (named.length === 1) {
      matched.push({ transferId: transfer.id, parcelId: first.parcelId, trackingCode: first.trackingCode, amount: transfer.amount });
      alone.set(first.parcelId, (alone.get(first.parcelId) ?? 0) + transfer.amount);
      continue;
    }
    for (const p of named) {
      matched.push({ transferId: transfer.id, parcelId: p.parcelId, trackingCode: p.trackingCode, amount: p.codAmount });
      together.add(p.parcelId);
    }
    const expected = named.reduce((sum, p) => sum + p.codAmount, 0);
    if (expected !== transfer.amount)
      discrepancies.push({ kind: 'transfer_differs', parcelId: first.parcelId, trackingCode: first.trackingCode, expected, received: transfer.amount });
  }
  let cashToHandOver = 0;
  let cashRecorded = 0;
  for (const parcel of delivered) {
    const byTransfer = alone.get(parcel.parcelId);
    const base = { parcelId: parcel.parcelId, trackingCode: parcel.trackingCode, expected: parcel.codAmount };
    if (parcel.payment === 'cash') {
      cashToHandOver += parcel.codAmount;
      cashRecorded += parcel.codCollected;
      if (parcel.codCollected !== parcel.codAmount) discrepancies.push({ kind: 'cash_differs', ...base, recorded: parcel.codCollected });
    } else if (together.has(parcel.parcelId)) continue;
    else if (byTransfer === undefined) {
      if (parcel.codAmount > 0) discrepancies.push({ kind: 'unpaid', ...base });
    } else if (byTransfer !== parcel.codAmount) discrepancies.push({ kind: 'transfer_differs', ...base, received: byTransfer });
  }
  return {
    delivered: delivered.length,
    cashToHandOver,
    cashRecorded,
    transfersReceived: transfers.reduce((sum, t) => sum + t.amount, 0),
    matched,
    discrepancies,
  };
}
