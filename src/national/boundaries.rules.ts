type Position = [number, number];
type Ring = Position[];
interface Geometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: Ring[] | Ring[][];
}
export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: Geometry }[];
}

/** A province's communes for its map: outlines, or points where no outline is shipped. */
export interface CommuneMap {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string; name: string }; geometry: Geometry | { type: 'Point'; coordinates: Position } }[];
}

/** Distance from p to the segment a–b, in degrees: at a national scale the map's own unit is enough. */
function segmentDistance(p: Position, a: Position, b: Position): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker, iterative (a long coast would overflow a recursive one's stack). */
function simplifyLine(points: Ring, tolerance: number): Ring {
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let farthest = -1;
    let distance = tolerance;
    for (let i = first + 1; i < last; i += 1) {
      const d = segmentDistance(points[i]!, points[first]!, points[last]!);
      if (d > distance) [farthest, distance] = [i, d];
    }
    if (farthest < 0) continue;
    keep[farthest] = 1;
    stack.push([first, farthest], [farthest, last]);
  }
  return points.filter((_, i) => keep[i] === 1);
}

const round = (x: number, decimals: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;

/** A closed ring simplified, or null when too little of it is left to draw (a small island at this scale). */
function simplifyRing(ring: Ring, tolerance: number, decimals: number): Ring | null {
  const simplified = simplifyLine(ring, tolerance).map(([x, y]): Position => [round(x, decimals), round(y, decimals)]);
  return simplified.length >= 4 ? simplified : null;
}

function simplifyPolygon(rings: Ring[], tolerance: number, decimals: number): Ring[] | null {
  const [outer, ...holes] = rings;
  const shell = outer ? simplifyRing(outer, tolerance, decimals) : null;
  if (!shell) return null;
  return [shell, ...holes.map((h) => simplifyRing(h, tolerance, decimals)).filter((h): h is Ring => h !== null)];
}

/**
 * Province outlines light enough for a phone (the national map draws 34 shapes, no tiles): each
 * ring simplified within `tolerance` degrees and rounded to `decimals`; parts too small to draw
 * are dropped, but a province always keeps its largest part.
 */
export function simplifyBoundaries(collection: BoundaryCollection, tolerance = 0.01, decimals = 3): BoundaryCollection {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((feature) => {
      const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates as Ring[]] : (feature.geometry.coordinates as Ring[][]);
      const kept = polygons.map((p) => simplifyPolygon(p, tolerance, decimals)).filter((p): p is Ring[] => p !== null);
      const largest = [...polygons].sort((a, b) => (b[0]?.length ?? 0) - (a[0]?.length ?? 0))[0]!;
      const parts = kept.length > 0 ? kept : [simplifyPolygon(largest, 0, decimals)!];
      const geometry: Geometry = parts.length === 1 ? { type: 'Polygon', coordinates: parts[0]! } : { type: 'MultiPolygon', coordinates: parts };
      return { type: 'Feature', properties: feature.properties, geometry };
    }),
  };
}

export interface PlacedUnit {
  code: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
}

/**
 * A province's communes as its map draws them: a commune's outline where one is shipped (Lạng
 * Sơn's), else a point at its centroid (every commune of the national list has one); a commune with
 * neither is left off the map (its row in the table remains). Properties are only code and name.
 */
export function communeMap(units: readonly PlacedUnit[], outlines: BoundaryCollection): CommuneMap {
  const outlineOf = new Map(outlines.features.map((f) => [String(f.properties['code']), f.geometry]));
  const features: CommuneMap['features'] = [];
  for (const unit of units) {
    const properties = { code: unit.code, name: unit.name };
    const outline = outlineOf.get(unit.code);
    if (outline) features.push({ type: 'Feature', properties, geometry: outline });
    else if (unit.latitude !== null && unit.longitude !== null)
      features.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [round(unit.longitude, 4), round(unit.latitude, 4)] } });
  }
  return { type: 'FeatureCollection', features };
}
