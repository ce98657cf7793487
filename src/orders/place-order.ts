import type { Db } from '../platform/database.ts';
import { badRequest, conflict, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { isUniqueViolation } from '../platform/database.ts';
import { publishEvent } from '../platform/outbox.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit, LEVEL } from '../territory/index.ts';
import { findMarket, findShop, marketSchedule, nextMarketDays, reserveStock, shopGoesToMarket } from '../market/index.ts';
import { newOrderCode, newOrderToken } from './order-code.rules.ts';
import { applyOrderEvent, type OrderState } from './order-state.rules.ts';
import type { Checkout } from './order.schema.ts';
import { insertOrder } from './order.repository.ts';
import { deliveryRequest, GUEST } from './order-events.ts';
import { refreshOrderValues } from './orders.indicators.ts';

/** How long an unpaid transfer order holds its products: then the reservation expires (a job). */
export const RESERVATION_MINUTES = 120;
/** A market day chosen for collection must be one of the market's next few. */
const MARKET_DAYS_OFFERED = 6;

export interface PlacedOrder {
  code: string;
  /** The secret of the buyer's order page link. */
  token: string;
  status: OrderState['status'];
  total: number;
}

async function checkMarketDay(db: Db, shopId: string, delivery: Checkout['delivery'], today: string): Promise<void> {
  if (delivery.kind !== 'market_day') return;
  const market = await findMarket(db, delivery.marketId);
  if (!market || !(await shopGoesToMarket(db, shopId, market.id))) {
    throw badRequest('order.unknown_market', { vi: 'Cửa hàng không đi chợ phiên này.', en: 'The shop does not go to this market.' }, 'delivery.marketId');
  }
  const days = nextMarketDays(marketSchedule.parse(market.schedule), today, MARKET_DAYS_OFFERED).map((d) => d.date);
  if (!days.includes(delivery.date)) {
    throw badRequest(
      'order.not_a_market_day',
      { vi: `Ngày ${delivery.date} không phải một phiên chợ sắp tới.`, en: `${delivery.date} is not one of the market’s next days.` },
      'delivery.date',
    );
  }
}

/**
 * A guest's checkout: the cart of one active shop, its stock reserved in the same transaction as
 * the order (all lines or none), the order page's secret link and the transfer's order code.
 * A transfer order waits for its payment until the reservation runs out; a cash order goes to the
 * seller at once. The events other modules act on are written in the same transaction.
 */
export async function placeOrder(db: Db, input: Checkout, now: Date = new Date()): Promise<PlacedOrder> {
  const shop = await findShop(db, input.shopId);
  if (!shop || shop.status !== 'active')
    throw notFound('shop.not_found', { vi: 'Cửa hàng không có hoặc đang tạm ngừng bán.', en: 'The shop does not exist or is not selling now.' }, 'shopId');
  if (input.paymentMethod === 'transfer' && !shop.bank_account) {
    throw badRequest(
      'order.no_bank_account',
      { vi: 'Cửa hàng chưa có tài khoản nhận chuyển khoản: chọn trả tiền mặt.', en: 'The shop has no account for transfers yet: choose cash.' },
      'paymentMethod',
    );
  }
  const village = await findOrgUnit(db, input.villageCode);
  if (!village || village.level !== LEVEL.village)
    throw badRequest('order.unknown_village', { vi: 'Không tìm thấy thôn của người mua.', en: 'The buyer’s village was not found.' }, 'villageCode');
  await checkMarketDay(db, shop.id, input.delivery, todayInVietnam(now));

  const id = newId();
  const token = newOrderToken();
  let state: OrderState = { status: 'placed', paymentMethod: input.paymentMethod, delivery: input.delivery.kind, paidByTransfer: false };
  if (input.paymentMethod === 'transfer') state = applyOrderEvent(state, 'request_payment');
  const unit = { code: shop.village_code, province_code: shop.province_code };

  // A new code meets an existing one about once in 887 million: try again rather than fail.
  for (let attempt = 0; ; attempt++) {
    const code = newOrderCode();
    try {
      const total = await db.transaction().execute(async (tx) => {
        const lines = await reserveStock(tx, shop.id, input.lines);
        const total = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
        await insertOrder(
          tx,
          {
            id,
            code,
            token,
            shop_id: shop.id,
            province_code: shop.province_code,
            village_code: village.code,
            buyer_name: input.buyerName,
            buyer_phone: input.phone,
            delivery: input.delivery.kind,
            market_id: input.delivery.kind === 'market_day' ? input.delivery.marketId : null,
            market_date: input.delivery.kind === 'market_day' ? input.delivery.date : null,
            payment_method: input.paymentMethod,
            total,
            status: state.status,
            reserved_until: state.status === 'awaiting_payment' ? new Date(now.getTime() + RESERVATION_MINUTES * 60_000) : null,
            placed_at: now,
          },
          lines.map((l) => ({ order_id: id, product_id: l.productId, name: l.name, unit: l.unit, price: l.price, quantity: l.quantity })),
        );
        await refreshOrderValues(tx, { villageCode: village.code, shopVillageCode: shop.village_code, placedAt: now });
        await recordAudit(tx, GUEST, 'order:place', 'order', {
          entityId: id,
          unit,
          after: { code, status: state.status, total, delivery: input.delivery, paymentMethod: input.paymentMethod, lines: input.lines },
        });
        await publishEvent(
          tx,
          'order.placed',
          {
            orderId: id,
            orderCode: code,
            shopId: shop.id,
            villageCode: village.code,
            total,
            paymentMethod: input.paymentMethod,
            delivery: input.delivery.kind,
          },
          shop.province_code,
        );
        // A cash parcel goes to the courier now; a transfer one once it is paid (record-order-payment).
        if (input.delivery.kind === 'courier' && input.paymentMethod === 'cash') {
          await publishEvent(
            tx,
            'order.delivery-requested',
            deliveryRequest({
              id,
              code,
              shop_id: shop.id,
              village_code: village.code,
              buyer_name: input.buyerName,
              buyer_phone: input.phone,
              total,
              province_code: shop.province_code,
              payment_method: 'cash',
            }),
            shop.province_code,
          );
        }
        return total;
      });
      return { code, token, status: state.status, total };
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 3) continue;
      if (isUniqueViolation(error))
        throw conflict('order.code_exhausted', { vi: 'Không tạo được mã đơn hàng, vui lòng thử lại.', en: 'No order code could be made; please try again.' });
      throw error;
    }
  }
}
