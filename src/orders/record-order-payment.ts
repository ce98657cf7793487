import type { Db } from '../platform/database.ts';
import { badRequest, conflict, notFound } from '../platform/errors.ts';
import { publishEvent } from '../platform/outbox.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { reconcileCredits } from '../payments/index.ts';
import { applyToLockedOrder } from './change-order.ts';
import { BANK, deliveryRequest } from './order-events.ts';
import type { OrderStatus } from './order-state.rules.ts';
import type { OrderPaymentStatus } from './orders.tables.ts';
import { findPayment, insertPayment, listPayments, lockOrderByCode, setPayment } from './order.repository.ts';

export interface OrderPayment {
  orderCode: string;
  shopId: string;
  /** `<provider>:<provider's transaction id>`: the same transfer seen twice is credited once. */
  transferId: string;
  /** Integer đồng received. */
  amount: number;
  receivedAt: Date;
  /**
   * The seller matching a transfer from her queue: audited as hers, and only to an order still
   * awaiting its money (a mistaken tap must not credit a done or expired order).
   */
  byHand?: AuditActor | undefined;
}

export interface OrderPaymentResult {
  orderId: string;
  orderStatus: OrderStatus;
  paymentStatus: OrderPaymentStatus;
  paid: number;
  remaining: number;
  /** Paid beyond the total: flagged for the seller to return. */
  excess: number;
  /** True when this transfer had been recorded before: nothing was credited now. */
  duplicate: boolean;
}

const notAwaiting = (code: string) =>
  conflict(
    'order.not_awaiting_payment',
    { vi: `Đơn hàng ${code} không còn chờ chuyển khoản.`, en: `Order ${code} is no longer awaiting a transfer.` },
    'orderCode',
  );

/**
 * A bank transfer for an order arrived (from the payments module's webhook or statement import).
 * Idempotent by transfer id; the transfers of an order add up and payments' reconcile rule says
 * what they make: exact → paid, less → partly paid (still waiting), more → paid with the excess
 * flagged. An order paid in full moves to "paid" (a courier parcel is then requested, nothing to
 * collect); money for an order that expired or was cancelled is recorded for the seller to return.
 */
export async function recordOrderPayment(db: Db, payment: OrderPayment): Promise<OrderPaymentResult> {
  if (!Number.isSafeInteger(payment.amount) || payment.amount < 1) {
    throw badRequest(
      'payment.bad_amount',
      { vi: 'Số tiền nhận phải là số nguyên đồng lớn hơn 0.', en: 'The amount received must be a whole number of đồng above 0.' },
      'amount',
    );
  }
  return db.transaction().execute(async (tx) => {
    const order = await lockOrderByCode(tx, payment.shopId, payment.orderCode);
    if (!order)
      throw notFound(
        'order.unknown_code',
        { vi: `Cửa hàng không có đơn hàng mã ${payment.orderCode}.`, en: `The shop has no order with code ${payment.orderCode}.` },
        'orderCode',
      );
    const fresh = await insertPayment(tx, { transferId: payment.transferId, orderId: order.id, amount: payment.amount, receivedAt: payment.receivedAt });
    if (!fresh) {
      const seen = await findPayment(tx, payment.transferId);
      if (seen?.order_id !== order.id || seen.amount !== payment.amount) {
        throw conflict(
          'payment.conflicting_copies',
          {
            vi: `Giao dịch ${payment.transferId} đã được ghi cho đơn khác hoặc với số tiền khác.`,
            en: `Transfer ${payment.transferId} was recorded for another order or with another amount.`,
          },
          'transferId',
        );
      }
      return result(order.id, order.status, order.payment_status, order.total, order.paid_amount, order.excess_amount, true);
    }
    // After the copy check, so a second tap on a match already made answers as the first did; the throw rolls the row back.
    if (payment.byHand && order.status !== 'awaiting_payment') throw notAwaiting(order.code);
    const state = reconcileCredits(order.total, await listPayments(tx, order.id));
    await setPayment(tx, order.id, state);
    await recordAudit(tx, payment.byHand ?? BANK, 'order:payment', 'order', {
      entityId: order.id,
      unit: { code: order.village_code, province_code: order.province_code },
      before: { paymentStatus: order.payment_status, paid: order.paid_amount },
      after: { paymentStatus: state.status, paid: state.paid, excess: state.excess, transferId: payment.transferId, amount: payment.amount },
    });
    let status = order.status;
    if ((state.status === 'paid' || state.status === 'overpaid') && order.status === 'awaiting_payment') {
      status = (await applyToLockedOrder(tx, { ...order, payment_status: state.status }, 'pay', BANK)).status;
      await publishEvent(
        tx,
        'order.paid',
        { orderId: order.id, orderCode: order.code, shopId: order.shop_id, amount: state.paid, excess: state.excess },
        order.province_code,
      );
      if (order.delivery === 'courier') await publishEvent(tx, 'order.delivery-requested', deliveryRequest(order), order.province_code);
    }
    return result(order.id, status, state.status, order.total, state.paid, state.excess, false);
  });
}

function result(
  orderId: string,
  orderStatus: OrderStatus,
  paymentStatus: OrderPaymentStatus,
  total: number,
  paid: number,
  excess: number,
  duplicate: boolean,
): OrderPaymentResult {
  return { orderId, orderStatus, paymentStatus, paid, remaining: Math.max(total - paid, 0), excess, duplicate };
}
