import { badRequest, conflict, type Message } from '../platform/errors.ts';
import type { BankTransfer } from './bank-webhook.schema.ts';

/**
 * How much of an order is paid, from the transfers credited to it. Several transfers add up (a
 * buyer who paid short sends the rest); the same provider transaction seen twice — a webhook
 * replayed, or imported again from a bank statement — counts once; the order they arrive in
 * does not matter. Money leaving the account is not a payment.
 */

export type PaymentStatus = 'unpaid' | 'partly_paid' | 'paid' | 'overpaid';

export interface PaymentState {
  status: PaymentStatus;
  /** Integer đồng received for the order. */
  paid: number;
  /** Still to pay; 0 once paid. */
  remaining: number;
  /** Paid beyond the amount due, for the seller to return; 0 unless overpaid. */
  excess: number;
  /** The transfers counted, each once. */
  transferIds: string[];
}

type Credit = Pick<BankTransfer, 'provider' | 'providerTransactionId' | 'direction' | 'amount'>;

const transferKey = (t: Credit) => `${t.provider}:${t.providerTransactionId}`;

/** The payment state of an order due `amountDue` đồng, given the transfers matched to it. */
export function reconcile(amountDue: number, transfers: readonly Credit[]): PaymentState {
  return reconcileCredits(
    amountDue,
    transfers.filter((t) => t.direction === 'in').map((t) => ({ transferId: transferKey(t), amount: t.amount })),
  );
}

/**
 * The same, from money already credited and known by its transfer id (`<provider>:<provider's
 * transaction id>`), as an order keeps its payments.
 */
export function reconcileCredits(amountDue: number, credits: readonly { transferId: string; amount: number }[]): PaymentState {
  if (!Number.isSafeInteger(amountDue) || amountDue < 1) {
    throw badRequest(
      'payment.bad_amount_due',
      { vi: 'Số tiền phải trả phải là số nguyên đồng lớn hơn 0.', en: 'The amount due must be a whole number of đồng above 0.' },
      'amountDue',
    );
  }
  const counted = new Map<string, number>();
  for (const { transferId, amount } of credits) {
    const seen = counted.get(transferId);
    if (seen !== undefined && seen !== amount) {
      // Two copies of one transaction that disagree: a provider's error or tampering, not a second payment.
      throw conflict('payment.conflicting_copies', {
        vi: `Giao dịch ${transferId} được báo hai lần với số tiền khác nhau.`,
        en: `Transaction ${transferId} was reported twice with different amounts.`,
      });
    }
    counted.set(transferId, amount);
  }
  const paid = [...counted.values()].reduce((sum, amount) => sum + amount, 0);
  const status: PaymentStatus = paid === 0 ? 'unpaid' : paid < amountDue ? 'partly_paid' : paid === amountDue ? 'paid' : 'overpaid';
  return {
    status,
    paid,
    remaining: Math.max(amountDue - paid, 0),
    excess: Math.max(paid - amountDue, 0),
    transferIds: [...counted.keys()].sort(),
  };
}

/** Where a credited transfer goes: to one order, or to the seller's queue to match by hand, with the reason. */
export type TransferMatch =
  | { kind: 'order'; orderCode: string }
  | { kind: 'not_a_payment' }
  | { kind: 'by_hand'; reason: 'no_code' | 'unknown_code' | 'several_orders'; codes: string[]; hint: string | null };

export const BY_HAND_REASONS: Record<'no_code' | 'unknown_code' | 'several_orders', Message> = {
  no_code: { vi: 'Nội dung chuyển khoản không có mã đơn hàng.', en: 'The transfer content has no order code.' },
  unknown_code: { vi: 'Mã đơn hàng trong nội dung không thuộc đơn nào của cửa hàng.', en: 'The order code in the content matches none of the shop’s orders.' },
  several_orders: {
    vi: 'Một lần chuyển khoản ghi mã của nhiều đơn hàng: người bán chia tiền cho từng đơn.',
    en: 'One transfer names several orders: the seller splits the money between them.',
  },
};

/** The order codes a consumer finds in a transfer's content: checked codes, and the remains of one cut short. */
export interface CodesFound {
  codes: string[];
  truncated: string | null;
}

/**
 * Which order a transfer pays. Only an exact, checked code of one of the shop's orders is matched
 * automatically; anything else waits for the seller, who sees why (and the remains of a code cut
 * short, if any). The codes are the consumer's (`findCodes`: orders' `findOrderCodes`), so that
 * payments, which orders builds on, knows no order; `isShopOrder` answers whether a code belongs
 * to this shop's orders.
 */
export function matchTransfer(
  transfer: Pick<BankTransfer, 'direction' | 'content'>,
  findCodes: (content: string) => CodesFound,
  isShopOrder: (code: string) => boolean,
): TransferMatch {
  if (transfer.direction !== 'in') return { kind: 'not_a_payment' };
  const found = findCodes(transfer.content);
  const ours = found.codes.filter(isShopOrder);
  if (ours.length === 1) return { kind: 'order', orderCode: ours[0]! };
  if (ours.length > 1) return { kind: 'by_hand', reason: 'several_orders', codes: ours, hint: null };
  if (found.codes.length > 0) return { kind: 'by_hand', reason: 'unknown_code', codes: found.codes, hint: null };
  return { kind: 'by_hand', reason: 'no_code', codes: [], hint: found.truncated };
}
