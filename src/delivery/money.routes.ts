import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { optionalActor, requireActor } from '../accounts/index.ts';
import { carrierDayQuery } from './delivery.schema.ts';
import { cashDay, courierCashDay, handoverBody, pointCashDay, pointHandoverBody } from './cash.schema.ts';
import { readCashDay } from './read-cash-day.ts';
import { recordCashHandover, recordPointHandover } from './record-cash-handover.ts';
import { carrierRemittanceQuery, remittanceBody, remittanceLine, remittanceList } from './cod-remittance.schema.ts';
import { readCarrierRemittances, readShopRemittances } from './read-cod-remittances.ts';
import { recordCodRemittance } from './record-cod-remittance.ts';
import { matchCodTransfer } from './match-cod-transfer.ts';
import { receivedTransfer } from '../payments/index.ts';

/** A courier's and a pickup point's day of cash and transfers, and the cash handed over (decisions 0035, 0043). */
export function registerCashRoutes(app: HttpServer, db: Db): void {
  const tags = ['delivery'];
  app.post('/api/delivery/carriers/:id/transfers/:transferId/match', {
    schema: {
      tags,
      summary:
        'Match a transfer waiting in the carrier’s queue to the COD parcel it pays, by tracking code: recorded once however often it is sent; the parcel turns paid once covered (audited)',
      params: z.object({ id: z.uuid(), transferId: z.uuid() }),
      body: z.strictObject({ trackingCode: z.string().trim().min(1).max(40) }),
      response: {
        200: z.object({ transfer: receivedTransfer, parcel: z.object({ id: z.uuid(), trackingCode: z.string(), paid: z.boolean() }) }),
        409: errorResponses[400],
        ...errorResponses,
      },
    },
    handler: (req) => matchCodTransfer(db, optionalActor(req), req.params.id, req.params.transferId, req.body.trackingCode),
  });
  app.get('/api/delivery/cash', {
    schema: {
      tags,
      summary:
        'The end of a carrier’s day per courier and pickup point: cash to hand over, transfers recorded for parcels, discrepancies, the hand-over if recorded (a courier sees only its own)',
      querystring: carrierDayQuery,
      response: { 200: cashDay, ...errorResponses },
    },
    handler: (req) => readCashDay(db, optionalActor(req), req.query.carrier, req.query.day),
  });
  app.post('/api/delivery/cash/handovers', {
    schema: {
      tags,
      summary:
        'Record the cash a courier handed over for a day: the count, the amount expected and the difference are kept and audited (once per courier and day; the same count again answers the one recorded)',
      body: handoverBody,
      response: { 201: courierCashDay, ...errorResponses, 409: errorResponses[400] },
    },
    handler: async (req, reply) => reply.code(201).send(await recordCashHandover(db, requireActor(req), req.body)),
  });
  app.post('/api/delivery/cash/point-handovers', {
    schema: {
      tags,
      summary:
        'Record the cash a pickup point’s keepers took for the carrier’s parcels collected there on a day, as it reaches the carrier: kept and audited like a courier’s (once per carrier, point and day)',
      body: pointHandoverBody,
      response: { 201: pointCashDay, ...errorResponses, 409: errorResponses[400] },
    },
    handler: async (req, reply) => reply.code(201).send(await recordPointHandover(db, requireActor(req), req.body)),
  });
}

/** The COD a carrier remits to the sellers whose orders it delivered (decision 0035). */
export function registerRemittanceRoutes(app: HttpServer, db: Db): void {
  const tags = ['delivery'];
  app.get('/api/delivery/remittances', {
    schema: {
      tags,
      summary: 'Per seller and month: the COD the carrier collected for her, remitted, still owed (the carrier’s dispatchers)',
      querystring: carrierRemittanceQuery,
      response: { 200: remittanceList, ...errorResponses },
    },
    handler: (req) => readCarrierRemittances(db, optionalActor(req), req.query.carrier, req.query.month),
  });
  app.get('/api/delivery/remittances/shops/:shopId', {
    schema: {
      tags,
      summary: 'A seller’s own: every carrier’s COD for her shop per month, collected, remitted, owed',
      params: z.object({ shopId: z.uuid() }),
      response: { 200: remittanceList, ...errorResponses },
    },
    handler: (req) => readShopRemittances(db, optionalActor(req), req.params.shopId),
  });
  app.post('/api/delivery/remittances', {
    schema: {
      tags,
      summary: 'Record COD remitted to a seller for a month: never more than still owed (audited)',
      body: remittanceBody,
      response: { 201: remittanceLine, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await recordCodRemittance(db, requireActor(req), req.body)),
  });
}
