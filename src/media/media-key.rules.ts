import { createHash } from 'node:crypto';

/**
 * Keys are content addresses: 32 hex digits of a SHA-256 (128 bits; no two pictures meet by
 * chance), then what the object is. The same bytes always get the same key, so an object once
 * stored never changes and may be cached for a year; and the key is all a store needs to know.
 *   `<hash>-640.webp`   a photo at one width
 *   `<hash>-640.jpg`    its JPEG fallback
 *   `<hash>.json`       a photo's description (its widths and sizes)
 *   `<hash>-card.png`   a share card
 */
const KEY = /^[0-9a-f]{32}(?:-[1-9]\d{0,3}\.(?:webp|jpg)|\.json|-card\.png)$/;

export const isMediaKey = (key: string): boolean => KEY.test(key);

/** The address of content: the first 32 hex digits of the SHA-256 of its parts, each set apart. */
export function contentHash(...parts: ReadonlyArray<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    // Each part's length first, so that two different splits of the same bytes differ.
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 32);
}

export const photoVariantKey = (photoId: string, width: number, format: 'webp' | 'jpeg'): string => `${photoId}-${width}.${format === 'webp' ? 'webp' : 'jpg'}`;
export const photoDescriptionKey = (photoId: string): string => `${photoId}.json`;
export const cardKey = (hash: string): string => `${hash}-card.png`;

const CONTENT_TYPES: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png', json: 'application/json' };

/** The content type an object is served with, read from its key (a store keeps bytes only). */
export function contentTypeOfKey(key: string): string {
  return CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
