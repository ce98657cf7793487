import { conflict, type Message } from '../platform/errors.ts';

/**
 * An order's life as pure rules (decision 0021). A transfer order waits for its payment, then the
 * seller prepares it; a cash order is prepared at once and paid at the hand-over.
 *
 *   placed ─request_payment→ awaiting_payment ─pay→ paid ─mark_ready→ ready ─collect→ collected ─complete→ done
 *     │ (cash) ─mark_ready→ ready                                      └─hand_over→ handed_over ─complete→ done
 *   awaiting_payment ─expire→ expired (reservation released);  placed, awaiting_payment, unpaid ready ─cancel→ cancelled;
 *   paid, paid ready ─refund→ refunded.
 */

export const ORDER_STATUSES = ['placed', 'awaiting_payment', 'paid', 'ready', 'handed_over', 'collected', 'done', 'cancelled', 'expired', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_EVENTS = ['request_payment', 'pay', 'mark_ready', 'hand_over', 'collect', 'complete', 'cancel', 'expire', 'refund'] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];
export type PaymentMethod = 'transfer' | 'cash';
export type Delivery = 'market_day' | 'shop' | 'courier';

export interface OrderState {
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  delivery: Delivery;
  /** Whether the full amount has been received by transfer. */
  paidByTransfer: boolean;
}

export const TERMINAL: readonly OrderStatus[] = ['done', 'cancelled', 'expired', 'refunded'];
/** States in which the order still holds its products' stock for the buyer. */
export const HOLDS_STOCK: readonly OrderStatus[] = ['placed', 'awaiting_payment', 'paid', 'ready'];
/** Ends that leave the products unsold, so their stock returns. */
export const ENDED_UNSOLD: readonly OrderStatus[] = ['cancelled', 'expired', 'refunded'];

export const STATUS_NAMES: Record<OrderStatus, Message> = {
  placed: { vi: 'Đã đặt', en: 'Placed' },
  awaiting_payment: { vi: 'Chờ chuyển khoản', en: 'Awaiting payment' },
  paid: { vi: 'Đã thanh toán', en: 'Paid' },
  ready: { vi: 'Đã chuẩn bị xong', en: 'Ready' },
  handed_over: { vi: 'Đã giao cho người vận chuyển', en: 'Handed over to the courier' },
  collected: { vi: 'Người mua đã nhận', en: 'Collected' },
  done: { vi: 'Hoàn tất', en: 'Done' },
  cancelled: { vi: 'Đã huỷ', en: 'Cancelled' },
  expired: { vi: 'Hết hạn chuyển khoản', en: 'Expired unpaid' },
  refunded: { vi: 'Đã hoàn tiền', en: 'Refunded' },
};

/** The state an event leads to, or null when the event does not apply there. */
export function nextStatus(state: OrderState, event: OrderEvent): OrderStatus | null {
  const transfer = state.paymentMethod === 'transfer';
  switch (state.status) {
    case 'placed':
      if (event === 'request_payment' && transfer) return 'awaiting_payment';
      if (event === 'mark_ready' && !transfer) return 'ready';
      return event === 'cancel' ? 'cancelled' : null;
    case 'awaiting_payment':
      if (event === 'pay') return 'paid';
      if (event === 'expire') return 'expired';
      return event === 'cancel' ? 'cancelled' : null;
    case 'paid':
      if (event === 'mark_ready') return 'ready';
      return event === 'refund' ? 'refunded' : null;
    case 'ready':
      if (event === 'collect' && state.delivery !== 'courier') return 'collected';
      if (event === 'hand_over' && state.delivery === 'courier') return 'handed_over';
      if (event === 'refund' && state.paidByTransfer) return 'refunded';
      return event === 'cancel' && !state.paidByTransfer ? 'cancelled' : null;
    case 'handed_over':
    case 'collected':
      return event === 'complete' ? 'done' : null;
    case 'done':
    case 'cancelled':
    case 'expired':
    case 'refunded':
      return null;
  }
}

/** Applies an event, or refuses it with the reason in both languages (409). */
export function applyOrderEvent(state: OrderState, event: OrderEvent): OrderState {
  const status = nextStatus(state, event);
  if (!status) {
    throw conflict('order.illegal_transition', {
      vi: `Đơn hàng đang ở trạng thái "${STATUS_NAMES[state.status].vi}", không thể làm việc này.`,
      en: `The order is "${STATUS_NAMES[state.status].en}": this cannot be done now.`,
    });
  }
  return { ...state, status, paidByTransfer: state.paidByTransfer || event === 'pay' };
}

/**
 * What no order may ever be, whatever happened to it: stated apart from the transitions, so the
 * property test checks the transitions against it. A cash order never waits for a transfer nor
 * counts as paid by one; a transfer order is never prepared, handed over or done unpaid; only
 * money received can be refunded; a courier order is never "collected", a collected one never
 * handed to a courier.
 */
export function isLegalOrderState(state: OrderState): boolean {
  const { status, paymentMethod, paidByTransfer, delivery } = state;
  if (paymentMethod === 'cash' && (paidByTransfer || status === 'awaiting_payment' || status === 'paid' || status === 'refunded')) return false;
  if (paymentMethod === 'transfer' && ['paid', 'ready', 'handed_over', 'collected', 'done', 'refunded'].includes(status) && !paidByTransfer) return false;
  if (paymentMethod === 'transfer' && ['placed', 'awaiting_payment', 'expired'].includes(status) && paidByTransfer) return false;
  if (status === 'collected' && delivery === 'courier') return false;
  if (status === 'handed_over' && delivery !== 'courier') return false;
  return true;
}
