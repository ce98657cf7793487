import { readFileSync } from 'node:fs';

let outlines: Buffer | undefined;

/**
 * The home province's commune outlines (GeoJSON, simplified for the web: data/SOURCES.md), read
 * once. Only Lạng Sơn's are shipped; elsewhere a commune has its centroid, no outline.
 */
export const communeOutlines = (): Buffer => (outlines ??= readFileSync(new URL('./data/communes.geojson', import.meta.url)));
