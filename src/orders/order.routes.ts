import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { calendarDate, errorResponses } from '../platform/api-schema.ts';
import { optionalActor } from '../accounts/index.ts';
import { changeOrder } from './change-order.ts';
import { ORDER_STATUSES, STATUS_NAMES } from './order-state.rules.ts';
import { checkout, monthIncome, orderPage, placedOrder, preparation, sellerEvent, sellerOrder } from './order.schema.ts';
import { placeOrder } from './place-order.ts';
import { listOrdersOfShop, readMonthIncome, readOrderPage, readPreparation } from './read-orders.ts';

export function registerOrderRoutes(app: HttpServer, db: Db): void {
  const tags = ['orders'];
  const security = [{ session: [] }];
  const shopParams = z.object({ shopId: z.uuid() });

  app.post('/api/orders', {
    schema: {
      tags,
      summary: 'Guest checkout: the cart of one shop, reserved at once; answers the order code and the secret of the order page’s link',
      body: checkout,
      response: { 201: placedOrder, 409: errorResponses[400], ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await placeOrder(db, req.body)),
  });

  app.get('/api/order-pages/:token', {
    schema: {
      tags,
      summary: 'The buyer’s order page: status, lines and, while a transfer is awaited, the VietQR',
      params: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) }),
      response: { 200: orderPage, ...errorResponses },
    },
    handler: async (req, reply) => reply.header('cache-control', 'no-store').send(await readOrderPage(db, req.params.token)),
  });

  app.get('/api/shops/:shopId/orders', {
    schema: {
      tags,
      security,
      summary: 'The shop’s orders with the buyers’ phones (the shop’s sellers only)',
      params: shopParams,
      querystring: z.object({
        status: z
          .enum(ORDER_STATUSES)
          .array()
          .or(z.enum(ORDER_STATUSES).transform((s) => [s]))
          .optional(),
      }),
      response: { 200: z.object({ items: z.array(sellerOrder) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await listOrdersOfShop(db, optionalActor(req), req.params.shopId, req.query.status) }),
  });

  app.post('/api/shops/:shopId/orders/:orderId/events', {
    schema: {
      tags,
      security,
      summary: 'Move an order on: mark_ready, hand_over, collect, complete, cancel, refund (the shop’s sellers)',
      params: shopParams.extend({ orderId: z.uuid() }),
      body: sellerEvent,
      response: {
        200: z.object({ status: z.enum(ORDER_STATUSES), statusName: z.object({ vi: z.string(), en: z.string() }) }),
        409: errorResponses[400],
        ...errorResponses,
      },
    },
    handler: async (req) => {
      const state = await changeOrder(db, optionalActor(req), req.params.shopId, req.params.orderId, req.body.event);
      return { status: state.status, statusName: STATUS_NAMES[state.status] };
    },
  });

  app.get('/api/shops/:shopId/preparation', {
    schema: {
      tags,
      security,
      summary: 'What to bring to a market day (the next one unless date says): orders and products',
      params: shopParams,
      querystring: z.object({ date: calendarDate.optional() }),
      response: { 200: preparation, ...errorResponses },
    },
    handler: (req) => readPreparation(db, optionalActor(req), req.params.shopId, req.query.date),
  });

  app.get('/api/shops/:shopId/income', {
    schema: {
      tags,
      security,
      summary: 'The shop’s income for a month',
      params: shopParams,
      querystring: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
      response: { 200: monthIncome, ...errorResponses },
    },
    handler: (req) => readMonthIncome(db, optionalActor(req), req.params.shopId, req.query.month),
  });
}
