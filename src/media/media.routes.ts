import { optionalActor } from '../accounts/index.ts';
import { errorResponses } from '../platform/api-schema.ts';
import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { registerFileRoutes, type HttpServer } from '../platform/http.ts';
import { contentTypeOfKey, isMediaKey } from './media-key.rules.ts';
import type { MediaStore } from './media-store.ts';
import { mediaFile, mediaKeyParams, photoSummary, photoUploadQuery } from './media.schema.ts';
import { MAX_PHOTO_BYTES, photoEmpty, photoTooLarge } from './photo.rules.ts';
import type { Photo, PhotoVariant } from './store-photo.ts';
import { uploadPhoto } from './upload-photo.ts';

/** A key names its content, which never changes: a browser and a CDN may keep it a year without asking again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const mediaNotFound = (key: string) => notFound('media.not_found', { vi: `Không có ảnh ${key}.`, en: `There is no picture ${key}.` }, 'key');

export const mediaUrl = (key: string): string => `/media/${key}`;

const withUrl = (variant: PhotoVariant) => ({ ...variant, url: mediaUrl(variant.key) });
const presentPhoto = (photo: Photo) => ({ ...photo, variants: photo.variants.map(withUrl), fallback: withUrl(photo.fallback) });

/** Pictures: the upload for owners' editors, and every stored object served by its key. */
export async function registerMediaRoutes(app: HttpServer, db: Db, store: MediaStore): Promise<void> {
  const tags = ['media'];

  app.get('/media/:key', {
    schema: {
      tags,
      summary: 'A stored picture by its key (a photo at one width, or a share card), cached for a year',
      params: mediaKeyParams,
      response: { 200: mediaFile, 404: errorResponses[404] },
    },
    handler: async (req, reply) => {
      const { key } = req.params;
      const bytes = isMediaKey(key) ? await store.get(key) : null;
      if (!bytes) throw mediaNotFound(key);
      return reply.type(contentTypeOfKey(key)).header('cache-control', IMMUTABLE).send(bytes);
    },
  });

  // Any body is read as bytes: the bytes decide what the file is, not its Content-Type. JSON is still parsed as JSON, and refused as no photo.
  await registerFileRoutes(app, { contentTypes: '*', limit: MAX_PHOTO_BYTES, tooLarge: photoTooLarge }, (scope) => {
    scope.post('/api/media/photos', {
      bodyLimit: MAX_PHOTO_BYTES,
      schema: {
        tags,
        security: [{ session: [] }],
        summary:
          'Upload a photo for an owner (a product, say): checked by its bytes, turned upright, stripped of EXIF and GPS, stored as WebP at 200, 320, 640 and 1200 px and one JPEG fallback',
        description: `The body is the image file itself (JPEG, PNG or WebP, up to ${MAX_PHOTO_BYTES / 1024 / 1024} MB and 40 megapixels), whatever its Content-Type says. The owner's module decides who may add pictures to it.`,
        querystring: photoUploadQuery,
        response: { 201: photoSummary, ...errorResponses, 413: errorResponses[400] },
      },
      handler: async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) throw photoEmpty();
        const photo = await uploadPhoto(db, store, optionalActor(req), { kind: req.query.ownerKind, id: req.query.ownerId }, req.body);
        return reply.code(201).send(presentPhoto(photo));
      },
    });
  });
}
