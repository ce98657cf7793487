import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { registerFileRoutes, type HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { IMPORT_SIZE_LIMIT, SPREADSHEET_UPLOAD } from '../platform/spreadsheet.ts';
import { optionalActor, requireActor } from '../accounts/index.ts';
import { uploadedBytes } from '../imports/index.ts';
import { carrierDayQuery, carrierQuery, latestPlan, manifestQuery, manifestSummary, parcel, parcelList, planBody, settleBody } from './delivery.schema.ts';
import { requestDayPlan } from './plan-day.ts';
import { readLatestDayPlan } from './read-day-plan.ts';
import { importManifest } from './import-manifest.ts';
import { listParcelsOfDay, listPlannableCarriers, readParcel } from './read-parcels.ts';
import { listUnsettled, settleParcelVillage } from './settle-parcel-village.ts';
import { registerCashRoutes, registerRemittanceRoutes } from './money.routes.ts';
import { registerPickupRoutes } from './pickup.routes.ts';
import { registerCarrierSetupRoutes } from './carrier-setup.routes.ts';

/** Carriers' parcels: manifests in, the day's parcels, addresses settled by hand. */
export async function registerDeliveryRoutes(app: HttpServer, db: Db): Promise<void> {
  const tags = ['delivery'];
  const idParams = z.object({ id: z.uuid() });

  await registerFileRoutes(app, SPREADSHEET_UPLOAD, (scope) => {
    scope.post('/api/delivery/manifests', {
      bodyLimit: IMPORT_SIZE_LIMIT,
      schema: {
        tags,
        security: [{ session: [] }],
        summary:
          'Import a carrier’s manifest (CSV or .xlsx), all rows or none; a refusal lists every bad row; addresses that fit several villages come back to settle by hand',
        querystring: manifestQuery,
        response: { 200: manifestSummary, ...errorResponses, 413: errorResponses[400] },
      },
      handler: (req) =>
        importManifest(db, optionalActor(req), req.query.carrier, uploadedBytes(req.body), {
          dryRun: req.query.dryRun === 'true',
          encoding: req.query.encoding,
          fileName: req.query.fileName,
        }),
    });
  });

  app.get('/api/delivery/carriers', {
    schema: {
      tags,
      summary: 'The carriers whose days the caller may plan',
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })) }), ...errorResponses },
    },
    handler: (req) => listPlannableCarriers(db, requireActor(req)),
  });
  app.get('/api/delivery/parcels', {
    schema: {
      tags,
      summary: 'A carrier’s parcels to deliver on a day or left from before, in the caller’s units',
      querystring: carrierDayQuery,
      response: { 200: parcelList, ...errorResponses },
    },
    handler: (req) => listParcelsOfDay(db, optionalActor(req), req.query.carrier, req.query.day),
  });
  app.get('/api/delivery/parcels/unsettled', {
    schema: {
      tags,
      summary: 'A carrier’s parcels whose address fitted several villages, to settle by hand',
      querystring: carrierQuery,
      response: { 200: parcelList, ...errorResponses },
    },
    handler: (req) => listUnsettled(db, optionalActor(req), req.query.carrier),
  });
  app.get('/api/delivery/parcels/:id', {
    schema: {
      tags,
      summary: 'One parcel (its carrier’s couriers and dispatchers, administrators)',
      params: idParams,
      response: { 200: parcel, ...errorResponses },
    },
    handler: (req) => readParcel(db, optionalActor(req), req.params.id),
  });
  app.post('/api/delivery/parcels/:id/village', {
    schema: {
      tags,
      summary: 'Settle a parcel’s address: the village it goes to (audited)',
      params: idParams,
      body: settleBody,
      response: { 200: parcel, ...errorResponses, 409: errorResponses[400] },
    },
    handler: (req) => settleParcelVillage(db, requireActor(req), req.params.id, req.body.villageCode),
  });
  app.post('/api/delivery/plans', {
    schema: {
      tags,
      summary: 'Plan a carrier’s day: queued as a job (the solver runs on a worker thread); read the result with GET /api/delivery/plans/latest',
      body: planBody,
      response: { 202: z.object({ planId: z.string(), state: z.literal('queued') }), ...errorResponses },
    },
    handler: async (req, reply) => reply.code(202).send(await requestDayPlan(db, requireActor(req), req.body.carrier, req.body.day)),
  });
  app.get('/api/delivery/plans/latest', {
    schema: {
      tags,
      summary: 'The newest plan of a carrier’s day: each courier’s route in order, and the parcels left out with the reason',
      querystring: carrierDayQuery,
      response: { 200: latestPlan, ...errorResponses },
    },
    handler: (req) => readLatestDayPlan(db, optionalActor(req), req.query.carrier, req.query.day),
  });
  registerCashRoutes(app, db);
  registerRemittanceRoutes(app, db);
  registerPickupRoutes(app, db);
  registerCarrierSetupRoutes(app, db);
}
