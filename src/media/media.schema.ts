import { z } from 'zod';

export const photoUploadQuery = z.strictObject({
  ownerKind: z
    .string()
    .regex(/^[a-z][a-z_]{1,39}$/)
    .describe('What the photo belongs to, as its module registered it (e.g. product)'),
  ownerId: z.string().min(1).max(100).describe('The owner’s id in that module'),
});

const photoVariant = z.object({
  key: z.string(),
  url: z.string().describe('GET it: served with a year-long immutable cache'),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
});

export const photoSummary = z.object({
  id: z.string().describe('The photo’s content address: what an owner keeps to show it'),
  width: z.number().int().describe('Width of the largest variant, upright'),
  height: z.number().int(),
  variants: z.array(photoVariant).describe('WebP, narrowest first, for srcset'),
  fallback: photoVariant.describe('One JPEG at 640 px or narrower, for browsers without WebP (Safari before iOS 14)'),
});

export const mediaKeyParams = z.object({ key: z.string().max(64) });

/** A stored object, sent as the bytes it is. */
export const mediaFile = z
  .custom<Buffer>((value) => Buffer.isBuffer(value))
  .meta({ type: 'string', format: 'binary', description: 'image/webp, image/jpeg or image/png (a photo’s description: application/json)' });
