import sharp from 'sharp';
import {
  MAX_PHOTO_BYTES,
  MAX_PHOTO_PIXELS,
  photoEmpty,
  photoFormatOf,
  photoNotAnImage,
  photoTooLarge,
  photoTooManyPixels,
  photoUnreadable,
  variantWidths,
} from './photo.rules.ts';
import { contentHash, photoDescriptionKey, photoVariantKey } from './media-key.rules.ts';
import type { MediaStore } from './media-store.ts';

/** One stored width of a photo: upright, without EXIF. */
export interface PhotoVariant {
  key: string;
  width: number;
  height: number;
  bytes: number;
}

/** A stored photo: its id (the content address of the file sent) and the widths it is served at. */
export interface Photo {
  id: string;
  width: number;
  height: number;
  /** WebP, narrowest first: the `srcset`. */
  variants: PhotoVariant[];
  /** One JPEG at 640 px (or narrower) for the `<img>` inside `<picture>`: Safari before iOS 14 reads no WebP. */
  fallback: PhotoVariant;
}

/**
 * Part of every photo's address: a change to what is stored (widths, quality) changes it, so new
 * objects never take the keys of old ones that caches hold for a year.
 */
const PIPELINE = 'photo-v2';
/**
 * WebP at quality 80 is what the eye does not tell from the original on a phone, at a third of a
 * JPEG's bytes; effort 2 of 6 encodes a 1200 px photo about twice as fast as the default 4 for
 * about 1% more bytes (measured on camera-like grain, BENCHMARKS.md).
 */
const WEBP = { quality: 80, effort: 2 } as const;
const FALLBACK_JPEG = { quality: 80, mozjpeg: true } as const;
const FALLBACK_WIDTH = 640;

/**
 * Checks a file before any pixel of it is decoded: its size, its format by its bytes (and sharp's
 * reading of the header must agree), its pixel count from the header (limitInputPixels refuses a
 * decompression bomb there).
 */
async function checkPhoto(bytes: Uint8Array): Promise<{ uprightWidth: number }> {
  if (bytes.length === 0) throw photoEmpty();
  if (bytes.length > MAX_PHOTO_BYTES) throw photoTooLarge(bytes.length);
  const format = photoFormatOf(bytes);
  if (!format) throw photoNotAnImage();
  const header = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!header) throw photoUnreadable();
  if (header.format !== format) throw photoNotAnImage();
  if (header.width * header.height > MAX_PHOTO_PIXELS) throw photoTooManyPixels(header.width, header.height);
  return { uprightWidth: header.autoOrient.width };
}

interface Rendition {
  key: string;
  width: number;
  height: number;
  data: Buffer;
}

/**
 * The photo at each width: decoded once, turned upright by its EXIF orientation and brought to the
 * largest width (a JPEG is decoded at a half or a quarter of its size there, which libvips does
 * far faster than the whole), then each width is cut from those pixels and written as WebP, plus
 * the JPEG fallback. Neither carries the EXIF (GPS position, camera, time) unless asked to.
 * limitInputPixels stays on as a second guard: what the header check let through is all that may
 * be decoded.
 */
async function resizePhoto(id: string, bytes: Uint8Array, uprightWidth: number): Promise<{ variants: Rendition[]; fallback: Rendition }> {
  const widths = variantWidths(uprightWidth);
  const largest = sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS })
    .autoOrient()
    .resize({ width: widths[widths.length - 1], withoutEnlargement: true });
  const { data: pixels, info } = await largest.raw().toBuffer({ resolveWithObject: true });
  const decoded = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const render = async (target: number, format: 'webp' | 'jpeg'): Promise<Rendition> => {
    const resized = sharp(pixels, decoded).resize({ width: target, withoutEnlargement: true });
    const { data, info: out } = await (format === 'webp' ? resized.webp(WEBP) : resized.flatten({ background: '#ffffff' }).jpeg(FALLBACK_JPEG)).toBuffer({
      resolveWithObject: true,
    });
    return { key: photoVariantKey(id, target, format), width: out.width, height: out.height, data };
  };
  const fallbackWidth = Math.max(...widths.filter((width) => width <= FALLBACK_WIDTH), widths[0]!);
  const [fallback, ...variants] = await Promise.all([render(fallbackWidth, 'jpeg'), ...widths.map((target) => render(target, 'webp'))]);
  return { variants, fallback: fallback! };
}

/*
 * A description never changes once written (its id is the hash of the bytes and the pipeline), so
 * what a store was found to hold is kept in memory: a shop page lists its products' photos at every
 * request. Per store, since another store may not hold it; a photo not found is asked again.
 */
const DESCRIPTIONS_KEPT = 5_000;
const descriptions = new WeakMap<MediaStore, Map<string, Photo>>();

async function readDescription(store: MediaStore, id: string): Promise<Photo | null> {
  let kept = descriptions.get(store);
  const known = kept?.get(id);
  if (known) return known;
  const text = await store.get(photoDescriptionKey(id));
  if (!text) return null;
  const photo = JSON.parse(text.toString('utf8')) as Photo;
  if (!kept) descriptions.set(store, (kept = new Map()));
  kept.set(id, photo);
  // The oldest first: a Map keeps insertion order.
  if (kept.size > DESCRIPTIONS_KEPT) kept.delete(kept.keys().next().value!);
  return photo;
}

/**
 * Checks, resizes and stores a photo; the same file sent again is found by its address and not
 * worked on twice. Its variants are written before its description, so a photo whose description
 * exists is whole. A refused file stores nothing.
 */
export async function storePhoto(store: MediaStore, bytes: Uint8Array): Promise<Photo> {
  const { uprightWidth } = await checkPhoto(bytes);
  const id = contentHash(PIPELINE, bytes);
  const known = await readDescription(store, id);
  if (known) return known;
  const renditions = await resizePhoto(id, bytes, uprightWidth).catch(() => {
    throw photoUnreadable();
  });
  const put = async ({ key, width, height, data }: Rendition): Promise<PhotoVariant> => {
    await store.put(key, data);
    return { key, width, height, bytes: data.length };
  };
  const [fallback, ...variants] = await Promise.all([put(renditions.fallback), ...renditions.variants.map(put)]);
  const largest = variants[variants.length - 1]!;
  const photo: Photo = { id, width: largest.width, height: largest.height, variants, fallback: fallback! };
  await store.put(photoDescriptionKey(id), Buffer.from(JSON.stringify(photo)));
  return photo;
}

/** A stored photo's description, to build its `srcset`; null for an id the store does not hold. */
export async function findPhoto(store: MediaStore, id: string): Promise<Photo | null> {
  return /^[0-9a-f]{32}$/.test(id) ? readDescription(store, id) : null;
}
