import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { optionalActor } from '../accounts/index.ts';
import { courierBody, created, createdCourier, hubBody, hubList, pickupPointBody } from './carrier-setup.schema.ts';
import { addCourier, addHub, addPickupPoint, readHubs } from './set-up-carrier.ts';

/** A carrier's hubs and couriers, and the villages' shared pickup points: the province's administrators set them up. */
export function registerCarrierSetupRoutes(app: HttpServer, db: Db): void {
  const tags = ['delivery'];
  const security = [{ session: [], csrf: [] }];
  const withConflict = { ...errorResponses, 409: errorResponses[400] };
  app.get('/api/delivery/carriers/:id/hubs', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'A carrier’s hubs in the province, where its couriers’ days start and end',
      params: z.object({ id: z.uuid() }),
      response: { 200: hubList, ...errorResponses },
    },
    handler: (req) => readHubs(db, optionalActor(req), req.params.id),
  });
  app.post('/api/delivery/hubs', {
    schema: { tags, security, summary: 'Add a carrier’s hub (a post office) in a commune', body: hubBody, response: { 201: created, ...errorResponses } },
    handler: async (req, reply) => reply.code(201).send(await addHub(db, optionalActor(req), req.body)),
  });
  app.post('/api/delivery/couriers', {
    schema: {
      tags,
      security,
      summary: 'Add a courier of the hub’s carrier: an account for the communes of its routes, with a one-time password (shown once)',
      body: courierBody,
      response: { 201: createdCourier, ...withConflict },
    },
    handler: async (req, reply) => {
      const { accountId, password } = await addCourier(db, optionalActor(req), req.body);
      return reply.code(201).send({ accountId, oneTimePassword: password });
    },
  });
  app.post('/api/delivery/pickup-points', {
    schema: {
      tags,
      security,
      summary: 'Add a village’s shared pickup point, which takes every carrier’s parcels',
      body: pickupPointBody,
      response: { 201: created, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await addPickupPoint(db, optionalActor(req), req.body)),
  });
}
