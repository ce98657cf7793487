import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { optionalActor } from '../accounts/index.ts';
import type { MediaStore } from '../media/index.ts';
import { courierDay, courierDayQuery } from './courier.schema.ts';
import { readCourierDay } from './read-courier-day.ts';
import { setCarrierCodAccount } from './set-carrier-cod-account.ts';
import { useProofPhotoStore } from './proof-photos.ts';

const codAccount = z.strictObject({
  bankBin: z.string().regex(/^\d{6}$/),
  accountNumber: z.string().trim().min(1).max(19),
  holderName: z.string().trim().min(1).max(80),
});

/**
 * The courier app's pull (its pushes go through the sync protocol's push, decision 0033) and the
 * carrier's COD account. Proof photos sent in a push are stored in `mediaStore`.
 */
export function registerCourierRoutes(app: HttpServer, db: Db, mediaStore: MediaStore): void {
  useProofPhotoStore(mediaStore);
  const tags = ['delivery'];
  app.get('/api/delivery/courier/day', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary:
        'The courier’s route of the day, stops in order with what is needed at the door offline (a COD parcel’s VietQR); `unchanged` when the cursor is current',
      querystring: courierDayQuery,
      response: { 200: courierDay, ...errorResponses },
    },
    handler: (req) => readCourierDay(db, optionalActor(req), req.query),
  });
  app.put('/api/delivery/carriers/:id/cod-account', {
    schema: {
      tags,
      security: [{ session: [], csrf: [] }],
      summary: 'The account a carrier collects COD into by transfer at the door (province administrators)',
      params: z.object({ id: z.uuid() }),
      body: codAccount,
      response: { 200: codAccount, ...errorResponses },
    },
    handler: (req) => setCarrierCodAccount(db, optionalActor(req), req.params.id, req.body),
  });
}
