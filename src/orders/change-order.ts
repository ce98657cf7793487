import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { authorizeShop, findShop, releaseStock } from '../market/index.ts';
import { applyOrderEvent, ENDED_UNSOLD, HOLDS_STOCK, type OrderEvent, type OrderState } from './order-state.rules.ts';
import { refreshOrderValues } from './orders.indicators.ts';
import { listLines, listExpiredReservations, lockOrder, setOrderStatus } from './order.repository.ts';
import type { Selectable } from 'kysely';
import type { ShopOrderTable } from './orders.tables.ts';

type LockedOrder = Selectable<ShopOrderTable>;

const stateOf = (order: LockedOrder): OrderState => ({
  status: order.status,
  paymentMethod: order.payment_method,
  delivery: order.delivery,
  paidByTransfer: order.payment_method === 'transfer' && (order.payment_status === 'paid' || order.payment_status === 'overpaid'),
});

/**
 * Applies one event to a locked order in the caller's transaction: the rule decides, the stock
 * goes back when the order stops holding it (cancelled, expired, refunded before the hand-over),
 * and the change is audited.
 */
export async function applyToLockedOrder(tx: Db, order: LockedOrder, event: OrderEvent, actor: Parameters<typeof recordAudit>[1]): Promise<OrderState> {
  const next = applyOrderEvent(stateOf(order), event);
  await setOrderStatus(tx, order.id, next.status);
  // Ended before the products left the shop: they go back on sale.
  if (HOLDS_STOCK.includes(order.status) && ENDED_UNSOLD.includes(next.status)) {
    const lines = await listLines(tx, [order.id]);
    await releaseStock(
      tx,
      lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })),
    );
  }
  // The shop stays (shops are suspended, never deleted): its village is where the income counts.
  const shop = await findShop(tx, order.shop_id);
  if (shop) await refreshOrderValues(tx, { villageCode: order.village_code, shopVillageCode: shop.village_code, placedAt: order.placed_at });
  await recordAudit(tx, actor, `order:${event}`, 'order', {
    entityId: order.id,
    unit: { code: order.village_code, province_code: order.province_code },
    before: { status: order.status },
    after: { status: next.status },
  });
  return next;
}

const orderNotFound = (id: string) => notFound('order.not_found', { vi: `Cửa hàng không có đơn hàng ${id}.`, en: `The shop has no order ${id}.` }, 'orderId');

/** A seller moves one of her shop's orders on: ready, handed over, collected, done, cancelled, refunded. */
export async function changeOrder(db: Db, caller: Actor | null, shopId: string, orderId: string, event: OrderEvent): Promise<OrderState> {
  const { actor, shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
  return db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order || order.shop_id !== shop.id) throw orderNotFound(orderId);
    return applyToLockedOrder(tx, order, event, actor);
  });
}

const SYSTEM = { id: null, username: 'he-thong' };

/**
 * Releases the stock of unpaid transfer orders whose reservation ran out (the recurring job). Each
 * order in its own transaction, re-read under its lock: a payment that arrived meanwhile wins.
 */
export async function expireUnpaidOrders(db: Db, now: Date, batch = 200): Promise<number> {
  let expired = 0;
  for (const id of await listExpiredReservations(db, now, batch)) {
    expired += await db.transaction().execute(async (tx) => {
      const order = await lockOrder(tx, id);
      if (!order || order.status !== 'awaiting_payment' || !order.reserved_until || order.reserved_until >= now) return 0;
      await applyToLockedOrder(tx, order, 'expire', SYSTEM);
      return 1;
    });
  }
  return expired;
}
