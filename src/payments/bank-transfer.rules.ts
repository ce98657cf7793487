import { foldForSearch } from '../platform/text.ts';

/**
 * How one transfer is recognised when it comes twice by different roads: a webhook, and the
 * bank statement that imports what a webhook missed (decision 0023). The provider's id exists
 * only on the webhook's side, so the two meet on the bank's own reference when both carry it,
 * and otherwise on the match key: the day the bank booked it in Vietnam, the amount, and the
 * content with diacritics, case, spaces and punctuation folded away (banks re-space and
 * upper-case a content in their statements; they do not change its letters).
 */

export interface TransferFacts {
  amount: number;
  /** ISO 8601 with an offset: when the bank booked it. */
  occurredAt: string;
  content: string;
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The calendar day in Vietnam (UTC+7) of an instant: a statement may give only the day. */
export const vietnamDay = (instant: string | Date): string => new Date(new Date(instant).getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/** The content as letters and digits only: 'Thanh toán ĐH-01.abc' → 'THANHTOANDH01ABC'. */
export const foldContent = (content: string): string =>
  foldForSearch(content)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

export const transferMatchKey = (t: TransferFacts): string => `${vietnamDay(t.occurredAt)}|${t.amount}|${foldContent(t.content)}`;

/** A bank reference as the bank writes it, compared without case or spaces; empty is none. */
export function normaliseBankReference(reference: string | null | undefined): string | null {
  const folded = (reference ?? '').replace(/\s+/g, '').toUpperCase();
  return folded === '' ? null : folded;
}
