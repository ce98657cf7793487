/** What the web app may use of the orders' shapes without their I/O (decision 0019, addendum). */
export type { OrderPage, SellerOrder } from './order.schema.ts';
