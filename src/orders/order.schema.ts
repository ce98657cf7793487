import { z } from 'zod';
import { bilingual } from '../platform/errors.ts';
import { calendarDate, personText } from '../platform/api-schema.ts';
import { ORDER_EVENTS, ORDER_STATUSES } from './order-state.rules.ts';
import { phoneToE164 } from './phone.rules.ts';

export const buyerPhone = z
  .string()
  .max(30)
  .transform((typed, ctx) => {
    const phone = phoneToE164(typed);
    if (!phone)
      ctx.addIssue({
        code: 'custom',
        message: bilingual({ vi: 'Số điện thoại Việt Nam, ví dụ 0912 345 678.', en: 'A Vietnamese phone number, e.g. 0912 345 678.' }),
      });
    return phone ?? '';
  })
  .describe('0912 345 678 or +84 912 345 678; stored as E.164');

export const deliveryChoice = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('market_day'), marketId: z.uuid(), date: calendarDate.describe('One of the market’s next days') }),
  z.strictObject({ kind: z.literal('shop') }),
  z.strictObject({ kind: z.literal('courier') }),
]);
export type DeliveryChoice = z.infer<typeof deliveryChoice>;

/** A guest's order: no account, the cart of one shop. */
export const checkout = z.strictObject({
  shopId: z.uuid(),
  buyerName: personText(100),
  phone: buyerPhone,
  villageCode: z
    .string()
    .regex(/^\d{8}$/)
    .describe('The buyer’s village, found with the territory search'),
  lines: z
    .array(z.strictObject({ productId: z.uuid(), quantity: z.number().int().min(1).max(1000) }))
    .min(1)
    .max(50),
  delivery: deliveryChoice,
  paymentMethod: z.enum(['transfer', 'cash']).default('transfer'),
});
export type Checkout = z.infer<typeof checkout>;

const message = z.object({ vi: z.string(), en: z.string() });
const orderLine = z.object({ productId: z.string(), name: z.string(), unit: z.string(), price: z.number().int(), quantity: z.number().int() });

const orderCommon = {
  id: z.string(),
  code: z.string().describe('The order code, also the bank transfer’s content'),
  status: z.enum(ORDER_STATUSES),
  statusName: message,
  lines: z.array(orderLine),
  total: z.number().int(),
  delivery: z.object({ kind: z.enum(['market_day', 'shop', 'courier']), marketName: z.string().nullable(), date: z.string().nullable() }),
  paymentMethod: z.enum(['transfer', 'cash']),
  paymentStatus: z.enum(['unpaid', 'partly_paid', 'paid', 'overpaid']),
  paid: z.number().int(),
  excess: z.number().int().describe('Paid beyond the total, for the seller to return'),
  placedAt: z.string(),
};

/** What the buyer's unguessable link shows. */
export const orderPage = z.object({
  ...orderCommon,
  shop: z.object({ name: z.string(), slug: z.string() }),
  reservedUntil: z.string().nullable(),
  /** The transfer to make, while one is awaited. */
  transfer: z
    .object({
      payload: z.string(),
      svg: z.string(),
      bankBin: z.string(),
      accountNumber: z.string(),
      holderName: z.string(),
      amount: z.number().int(),
      content: z.string(),
    })
    .nullable(),
});
export type OrderPage = z.infer<typeof orderPage>;

/** What the shop's sellers see: the buyer's phone is theirs only. */
export const sellerOrder = z.object({
  ...orderCommon,
  buyerName: z.string(),
  buyerPhone: z.string(),
  villageName: z.string(),
});
export type SellerOrder = z.infer<typeof sellerOrder>;

export const placedOrder = z.object({ code: z.string(), token: z.string(), status: z.enum(ORDER_STATUSES), total: z.number().int() });

export const sellerEvent = z.strictObject({ event: z.enum(ORDER_EVENTS).exclude(['request_payment', 'pay', 'expire']) });

export const preparation = z.object({
  date: z.string().nullable(),
  markets: z.array(z.object({ id: z.string(), name: z.string() })),
  products: z.array(z.object({ productId: z.string(), name: z.string(), unit: z.string(), quantity: z.number().int() })),
  orders: z.array(sellerOrder),
});

export const monthIncome = z.object({
  month: z.string(),
  orders: z.number().int(),
  income: z.number().int().describe('Money received for the month’s orders, integer đồng'),
  cashless: z.number().int().describe('Of which by bank transfer'),
});
