/** The tables orders owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Defaulted, Timestamp } from '../platform/schema.ts';
import type { Delivery, OrderStatus, PaymentMethod } from './order-state.rules.ts';

export type OrderPaymentStatus = 'unpaid' | 'partly_paid' | 'paid' | 'overpaid';

export interface ShopOrderTable {
  id: string;
  code: string;
  /** The secret of the buyer's order page link: random, never the id. */
  token: string;
  shop_id: string;
  province_code: string;
  village_code: string;
  buyer_name: string;
  /** E.164 (+84…); shown to the shop's sellers only. */
  buyer_phone: string;
  delivery: Delivery;
  market_id: string | null;
  market_date: string | null;
  payment_method: PaymentMethod;
  total: number;
  status: OrderStatus;
  payment_status: Defaulted<OrderPaymentStatus>;
  paid_amount: Defaulted<number>;
  excess_amount: Defaulted<number>;
  /** Until when an unpaid transfer order holds its stock. */
  reserved_until: Date | null;
  is_demo: Defaulted<boolean>;
  placed_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderLineTable {
  order_id: string;
  product_id: string;
  name: string;
  unit: string;
  price: number;
  quantity: number;
}

export interface OrderPaymentTable {
  transfer_id: string;
  order_id: string;
  amount: number;
  received_at: Timestamp;
  recorded_at: Timestamp;
}

declare module '../platform/schema.ts' {
  interface Database {
    shop_order: ShopOrderTable;
    order_line: OrderLineTable;
    order_payment: OrderPaymentTable;
  }
}
