/** The orders module's public face: the order code that travels in a bank transfer's content, checkout, an order's life and its payments. */
export {
  ORDER_CODE_LENGTH,
  findOrderCodes,
  isOrderCode,
  newOrderCode,
  normaliseTransferContent,
  parseOrderCode,
  type OrderCodesFound,
} from './order-code.rules.ts';
export { expireUnpaidOrders } from './change-order.ts';
export { ORDER_STATUSES, STATUS_NAMES } from './order-state.rules.ts';
export type { DeliveryRequested } from './order-events.ts';
export { registerOrderRoutes } from './order.routes.ts';
export { placeOrder, RESERVATION_MINUTES, type PlacedOrder } from './place-order.ts';
export { recordOrderPayment, type OrderPayment, type OrderPaymentResult } from './record-order-payment.ts';
export { ORDER_ELEMENTS, orderIndicators, ordersSource } from './orders.indicators.ts';
export { insertOrdersInBulk, type OrderInBulk, type OrderLineInBulk, type OrderPaymentInBulk } from './order-bulk.repository.ts';
