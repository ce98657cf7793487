import type { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Actor } from '../accounts/index.ts';
import { authorizeShop, findShop, listMarketsOfShop, marketSchedule, nextMarketDays } from '../market/index.ts';
import { buildVietQr, vietQrSvg } from '../payments/index.ts';
import { STATUS_NAMES, type OrderStatus } from './order-state.rules.ts';
import type { monthIncome, OrderPage, preparation, SellerOrder } from './order.schema.ts';
import { findOrderByToken, listLines, listShopOrders, sumMonthIncome, type OrderLineRow, type OrderRow } from './order.repository.ts';
import { phoneForDisplay } from './phone.rules.ts';

function presentCommon(order: OrderRow, lines: readonly OrderLineRow[]) {
  return {
    id: order.id,
    code: order.code,
    status: order.status,
    statusName: STATUS_NAMES[order.status],
    lines: lines
      .filter((l) => l.order_id === order.id)
      .map((l) => ({ productId: l.product_id, name: l.name, unit: l.unit, price: l.price, quantity: l.quantity })),
    total: order.total,
    delivery: { kind: order.delivery, marketName: order.market_name, date: order.market_date },
    paymentMethod: order.payment_method,
    paymentStatus: order.payment_status,
    paid: order.paid_amount,
    excess: order.excess_amount,
    placedAt: order.placed_at.toISOString(),
  };
}

const presentSellerOrder = (order: OrderRow, lines: readonly OrderLineRow[]): SellerOrder => ({
  ...presentCommon(order, lines),
  buyerName: order.buyer_name,
  buyerPhone: phoneForDisplay(order.buyer_phone),
  villageName: order.village_name,
});

/** The buyer's order page, found by its secret link; while a transfer is awaited, the VietQR for what is left to pay. */
export async function readOrderPage(db: Db, token: string): Promise<OrderPage> {
  const order = await findOrderByToken(db, token);
  if (!order) throw notFound('order.not_found', { vi: 'Không có đơn hàng ở địa chỉ này.', en: 'There is no order at this address.' }, 'token');
  const [lines, shop] = await Promise.all([listLines(db, [order.id]), findShop(db, order.shop_id)]);
  const remaining = order.total - order.paid_amount;
  const awaiting = order.status === 'awaiting_payment' && remaining > 0 && shop?.bank_bin && shop.bank_account && shop.bank_holder;
  let transfer: OrderPage['transfer'] = null;
  if (awaiting) {
    const request = { bankBin: shop.bank_bin!, accountNumber: shop.bank_account!, amount: remaining, purpose: order.code };
    const payload = buildVietQr(request);
    transfer = {
      payload,
      svg: await vietQrSvg(payload),
      bankBin: request.bankBin,
      accountNumber: request.accountNumber,
      holderName: shop.bank_holder!,
      amount: remaining,
      content: order.code,
    };
  }
  return {
    ...presentCommon(order, lines),
    shop: { name: shop?.name ?? '', slug: shop?.slug ?? '' },
    reservedUntil: order.reserved_until?.toISOString() ?? null,
    transfer,
  };
}

/** A shop's orders for its sellers, newest first, with the buyers' phones. */
export async function listOrdersOfShop(db: Db, caller: Actor | null, shopId: string, statuses?: readonly OrderStatus[]): Promise<SellerOrder[]> {
  const { shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
  const orders = await listShopOrders(db, { shopId: shop.id, statuses, limit: 500 });
  const lines = await listLines(
    db,
    orders.map((o) => o.id),
  );
  return orders.map((o) => presentSellerOrder(o, lines));
}

const TO_PREPARE: readonly OrderStatus[] = ['placed', 'awaiting_payment', 'paid', 'ready'];

/**
 * What to bring to a market day (the next one of the shop's markets unless `date` says): the
 * orders to be collected then, and the products they add up to.
 */
export async function readPreparation(
  db: Db,
  caller: Actor | null,
  shopId: string,
  date?: string,
  today: string = todayInVietnam(),
): Promise<z.infer<typeof preparation>> {
  const { shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
  const markets = await listMarketsOfShop(db, shop.id);
  const day = date ?? markets.flatMap((m) => nextMarketDays(marketSchedule.parse(m.schedule), today, 1).map((d) => d.date)).sort()[0] ?? null;
  const orders = day ? await listShopOrders(db, { shopId: shop.id, marketDate: day, statuses: TO_PREPARE, limit: 500 }) : [];
  const lines = await listLines(
    db,
    orders.map((o) => o.id),
  );
  const products = new Map<string, { productId: string; name: string; unit: string; quantity: number }>();
  for (const line of lines) {
    const sum = products.get(line.product_id) ?? { productId: line.product_id, name: line.name, unit: line.unit, quantity: 0 };
    sum.quantity += line.quantity;
    products.set(line.product_id, sum);
  }
  return {
    date: day,
    markets: markets.map((m) => ({ id: m.id, name: m.name })),
    products: [...products.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    orders: orders.map((o) => presentSellerOrder(o, lines)),
  };
}

/** A shop's income for a month (YYYY-MM, Vietnam time): the money received for that month's orders. */
export async function readMonthIncome(db: Db, caller: Actor | null, shopId: string, month: string): Promise<z.infer<typeof monthIncome>> {
  const { shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
  return { month, ...(await sumMonthIncome(db, shop.id, month)) };
}
