import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { optionalActor, requireActor } from '../accounts/index.ts';
import { addPickupKeeper } from './add-pickup-keeper.ts';
import { collectAtPickupPoint } from './collect-at-pickup-point.ts';
import { dropAtPickupPoint } from './drop-at-pickup-point.ts';
import { collectBody, collected, dropBody, dropped, keeperBody, myPoints, newCode, parcelsAtPoints } from './pickup-point.schema.ts';
import { giveNewCollectionCode } from './give-new-collection-code.ts';
import { readMyPickupPoints, readParcelsAtPickupPoints } from './read-pickup-points.ts';

/** The villages' shared pickup points (decision 0035): parcels of every carrier left there, collected with the recipient's code. */
export function registerPickupRoutes(app: HttpServer, db: Db): void {
  const tags = ['delivery'];
  const idParams = z.object({ id: z.uuid() });
  const refused = { ...errorResponses, 409: errorResponses[400] };
  app.post('/api/delivery/parcels/:id/pickup-point', {
    schema: {
      tags,
      summary: 'A courier leaves the parcel at a shared pickup point of its area; answers the recipient’s code this once',
      params: idParams,
      body: dropBody,
      response: { 200: dropped, ...refused },
    },
    handler: (req) => dropAtPickupPoint(db, requireActor(req), req.params.id, req.body.pickupPointId),
  });
  app.post('/api/delivery/parcels/:id/collection-code', {
    schema: {
      tags,
      summary: 'The carrier gives the recipient of a parcel waiting at a pickup point a new code (lost, or held after five wrong codes); answered this once',
      params: idParams,
      response: { 200: newCode, ...refused },
    },
    handler: (req) => giveNewCollectionCode(db, requireActor(req), req.params.id),
  });
  app.get('/api/delivery/carriers/:id/parcels-at-points', {
    schema: {
      tags,
      summary: 'The carrier’s parcels waiting at the villages’ pickup points, oldest first, the held ones marked (for its dispatcher)',
      params: idParams,
      response: { 200: parcelsAtPoints, ...errorResponses },
    },
    handler: (req) => readParcelsAtPickupPoints(db, optionalActor(req), req.params.id),
  });
  app.get('/api/delivery/pickup-points/mine', {
    schema: { tags, summary: 'The points the caller keeps, and every carrier’s parcels waiting at each', response: { 200: myPoints, ...errorResponses } },
    handler: (req) => readMyPickupPoints(db, optionalActor(req)),
  });
  app.post('/api/delivery/pickup-points/:id/collections', {
    schema: {
      tags,
      summary: 'The keeper hands a waiting parcel over against the recipient’s code; a wrong code is refused and audited, five hold the parcel',
      params: idParams,
      body: collectBody,
      response: { 200: collected, ...refused },
    },
    handler: (req) => collectAtPickupPoint(db, requireActor(req), req.params.id, req.body),
  });
  app.post('/api/delivery/pickup-points/:id/keepers', {
    schema: {
      tags,
      summary: 'Make an account holding the keeper’s role in the village a keeper of this point (audited)',
      params: idParams,
      body: keeperBody,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await addPickupKeeper(db, requireActor(req), req.params.id, req.body.accountId);
      return reply.code(204).send(null);
    },
  });
}
