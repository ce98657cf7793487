import type { recordAudit } from '../audit/index.ts';
import type { ShopOrderTable } from './orders.tables.ts';

type AuditActor = Parameters<typeof recordAudit>[1];

/** A guest buyer has no account: their writes are audited under this name. */
export const GUEST: AuditActor = { id: null, username: 'khach' };
/** A payment arrives from the bank, through the payments module. */
export const BANK: AuditActor = { id: null, username: 'ngan-hang' };

/** What `order.delivery-requested` tells the delivery module: who receives the parcel where, and what to collect in cash. */
export interface DeliveryRequested {
  orderId: string;
  orderCode: string;
  shopId: string;
  villageCode: string;
  recipientName: string;
  /** E.164. */
  phone: string;
  /** Cash to collect on delivery, integer đồng: 0 when paid by transfer. */
  codAmount: number;
  provinceCode: string;
}

type OrderFields = Pick<
  ShopOrderTable,
  'id' | 'code' | 'shop_id' | 'village_code' | 'buyer_name' | 'buyer_phone' | 'total' | 'province_code' | 'payment_method'
>;

export function deliveryRequest(order: OrderFields): DeliveryRequested {
  return {
    orderId: order.id,
    orderCode: order.code,
    shopId: order.shop_id,
    villageCode: order.village_code,
    recipientName: order.buyer_name,
    phone: order.buyer_phone,
    codAmount: order.payment_method === 'cash' ? order.total : 0,
    provinceCode: order.province_code,
  };
}
