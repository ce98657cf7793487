import type { Payment } from './parcel.rules.ts';

/**
 * The money of a day held by a courier or a pickup point (decisions 0035, 0043). The cash to hand
 * over is the COD of the parcels delivered against cash, as the parcels say, never what the phone
 * typed, less what the bank already paid for them; the transfers are those delivery recorded per
 * parcel when the bank told of them (`cod_transfer`, by the code of the parcel's VietQR), not
 * found again in the transfers' text. What does not fit is flagged, never guessed.
 */

/** One parcel the holder handled that day, with its last delivery event of the day. */
export interface CourierDayParcel {
  parcelId: string;
  trackingCode: string;
  codAmount: number;
  delivered: boolean;
  /** How the recipient paid, as recorded on delivery; null for a prepaid parcel or none recorded. */
  payment: Payment | null;
  codCollected: number;
}

/** A transfer recorded towards a parcel's COD. */
export interface ParcelTransfer {
  /** The payments module's id of the transfer. */
  transferId: string;
  parcelId: string;
  amount: number;
  /** The transfer's text, read only for those that pay a parcel nobody delivered that day (it is shown then). */
  content?: string | undefined;
}

export type Discrepancy =
  /** A delivered COD parcel with neither cash recorded nor a transfer. */
  | { kind: 'unpaid'; parcelId: string; trackingCode: string; expected: number }
  /** Cash recorded on delivery that is not the parcel's COD amount. */
  | { kind: 'cash_differs'; parcelId: string; trackingCode: string; expected: number; recorded: number }
  /** Transfers for the parcel that add up to something else than its COD amount, or that came for a parcel paid in cash. */
  | { kind: 'transfer_differs'; parcelId: string; trackingCode: string; expected: number; received: number }
  /** A transfer for a parcel the holder handled but nobody delivered that day. */
  | { kind: 'transfer_without_parcel'; transferId: string; amount: number; content: string };

export interface MatchedTransfer {
  transferId: string;
  parcelId: string;
  trackingCode: string;
  amount: number;
}

export interface DayMoney {
  delivered: number;
  /** Đồng to hand over: the COD of the parcels delivered against cash, less the transfers for them. */
  cashToHandOver: number;
  /** Đồng the phone (or the point) recorded as cash taken. */
  cashRecorded: number;
  transfersReceived: number;
  matched: MatchedTransfer[];
  discrepancies: Discrepancy[];
}

/**
 * The transfers of the day's parcels shared out between their holders: each goes to the holder
 * that delivered its parcel that day (a point, for a parcel a courier left there), else to the
 * first that handled it (a courier whose attempt failed).
 */
export function shareTransfers(
  transfers: readonly ParcelTransfer[],
  parcelsByHolder: ReadonlyMap<string, readonly CourierDayParcel[]>,
): Map<string, ParcelTransfer[]> {
  const deliveredBy = new Map<string, string>();
  const handledBy = new Map<string, string>();
  for (const [holder, parcels] of parcelsByHolder) {
    for (const p of parcels) {
      if (p.delivered) deliveredBy.set(p.parcelId, holder);
      if (!handledBy.has(p.parcelId)) handledBy.set(p.parcelId, holder);
    }
  }
  const byHolder = new Map<string, ParcelTransfer[]>([...parcelsByHolder.keys()].map((h) => [h, []]));
  for (const transfer of transfers) {
    const holder = deliveredBy.get(transfer.parcelId) ?? handledBy.get(transfer.parcelId);
    if (holder !== undefined) byHolder.get(holder)!.push(transfer);
  }
  return byHolder;
}

const sum = (transfers: readonly ParcelTransfer[]) => transfers.reduce((total, t) => total + t.amount, 0);

/** A holder's day: the cash to hand over, the transfers for its parcels, and every discrepancy. */
export function reconcileDay(parcels: readonly CourierDayParcel[], transfers: readonly ParcelTransfer[]): DayMoney {
  const delivered = parcels.filter((p) => p.delivered);
  const deliveredIds = new Set(delivered.map((p) => p.parcelId));
  const discrepancies: Discrepancy[] = transfers
    .filter((t) => !deliveredIds.has(t.parcelId))
    .map((t): Discrepancy => ({ kind: 'transfer_without_parcel', transferId: t.transferId, amount: t.amount, content: t.content ?? '' }));
  const matched: MatchedTransfer[] = [];
  let cashToHandOver = 0;
  let cashRecorded = 0;
  for (const parcel of delivered) {
    const paid = transfers.filter((t) => t.parcelId === parcel.parcelId);
    for (const t of paid) matched.push({ transferId: t.transferId, parcelId: parcel.parcelId, trackingCode: parcel.trackingCode, amount: t.amount });
    const received = sum(paid);
    const base = { parcelId: parcel.parcelId, trackingCode: parcel.trackingCode, expected: parcel.codAmount };
    if (parcel.payment === 'cash') {
      // The recipient paid part (or all) to the QR after all: the holder has only the rest in cash.
      cashToHandOver += Math.max(0, parcel.codAmount - received);
      cashRecorded += parcel.codCollected;
      if (parcel.codCollected !== parcel.codAmount) discrepancies.push({ kind: 'cash_differs', ...base, recorded: parcel.codCollected });
      if (received > 0) discrepancies.push({ kind: 'transfer_differs', ...base, received });
    } else if (received === 0) {
      if (parcel.codAmount > 0) discrepancies.push({ kind: 'unpaid', ...base });
    } else if (received !== parcel.codAmount) discrepancies.push({ kind: 'transfer_differs', ...base, received });
  }
  return { delivered: delivered.length, cashToHandOver, cashRecorded, transfersReceived: sum(transfers), matched, discrepancies };
}
