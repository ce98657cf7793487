import type { Db } from '../platform/database.ts';
import { insertByColumns, type ColumnTypes, type RowOf } from '../platform/bulk-insert.ts';
import { newOrderToken } from './order-code.rules.ts';
import type { OrderLineTable, OrderPaymentTable, ShopOrderTable } from './orders.tables.ts';

/** Orders, their lines and the transfers credited to them written by the thousand (the demo province): one statement a table. */

const SHOP_ORDER = {
  id: 'uuid',
  code: 'text',
  token: 'text',
  shop_id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  buyer_name: 'text',
  buyer_phone: 'text',
  delivery: 'text',
  market_id: 'uuid',
  market_date: 'date',
  payment_method: 'text',
  total: 'int4',
  status: 'text',
  payment_status: 'text',
  paid_amount: 'int4',
  excess_amount: 'int4',
  is_demo: 'bool',
  placed_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const satisfies ColumnTypes<ShopOrderTable>;

const ORDER_LINE = {
  order_id: 'uuid',
  product_id: 'uuid',
  name: 'text',
  unit: 'text',
  price: 'int4',
  quantity: 'int4',
} as const satisfies ColumnTypes<OrderLineTable>;

const ORDER_PAYMENT = {
  transfer_id: 'text',
  order_id: 'uuid',
  amount: 'int4',
  received_at: 'timestamptz',
  recorded_at: 'timestamptz',
} as const satisfies ColumnTypes<OrderPaymentTable>;

/** An order as stored but for the secret of its page's link, which is made here as checkout makes it. */
export type OrderInBulk = Omit<RowOf<ShopOrderTable, typeof SHOP_ORDER>, 'token'>;
export type OrderLineInBulk = RowOf<OrderLineTable, typeof ORDER_LINE>;
export type OrderPaymentInBulk = RowOf<OrderPaymentTable, typeof ORDER_PAYMENT>;

export async function insertOrdersInBulk(
  db: Db,
  rows: { orders: readonly OrderInBulk[]; lines: readonly OrderLineInBulk[]; payments: readonly OrderPaymentInBulk[] },
): Promise<void> {
  await insertByColumns(
    db,
    'shop_order',
    SHOP_ORDER,
    rows.orders.map((o) => ({ ...o, token: newOrderToken() })),
  );
  await insertByColumns(db, 'order_line', ORDER_LINE, rows.lines);
  await insertByColumns(db, 'order_payment', ORDER_PAYMENT, rows.payments);
}
