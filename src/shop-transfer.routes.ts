import { z } from 'zod';
import type { Db } from './platform/database.ts';
import type { HttpServer } from './platform/http.ts';
import { errorResponses } from './platform/api-schema.ts';
import { optionalActor } from './accounts/index.ts';
import { ORDER_STATUSES } from './orders/index.ts';
import { receivedTransfer } from './payments/index.ts';
import { matchShopTransfer } from './match-shop-transfer.ts';

const shopTransferMatch = z.object({
  transfer: receivedTransfer,
  order: z.object({
    orderId: z.uuid(),
    code: z.string(),
    orderStatus: z.enum(ORDER_STATUSES),
    statusName: z.object({ vi: z.string(), en: z.string() }),
    paymentStatus: z.enum(['unpaid', 'partly_paid', 'paid', 'overpaid']),
    paid: z.number().int(),
    remaining: z.number().int().describe('Still to pay, integer đồng'),
    excess: z.number().int().describe('Paid beyond the total: for the seller to return'),
    duplicate: z.boolean(),
  }),
});

/** The seller's hand in her shop's money: a route of the composition, as it joins payments and orders. */
export function registerShopTransferRoutes(app: HttpServer, db: Db): void {
  app.post('/api/shops/:shopId/transfers/:transferId/match', {
    schema: {
      tags: ['orders'],
      security: [{ session: [] }],
      summary:
        'Match a transfer from the shop’s queue (no order code, or one the bank mangled) to one of its orders awaiting payment; a repeat credits nothing twice (the shop’s sellers, audited)',
      params: z.object({ shopId: z.uuid(), transferId: z.uuid() }),
      body: z.strictObject({ orderCode: z.string().trim().min(1).max(40) }),
      response: { 200: shopTransferMatch, 409: errorResponses[400], ...errorResponses },
    },
    handler: (req) => matchShopTransfer(db, optionalActor(req), req.params.shopId, req.params.transferId, req.body.orderCode),
  });
}
