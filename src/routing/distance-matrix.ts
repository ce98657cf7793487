/**
 * Travel distances and times between the points of a routing problem. The solver reads only a
 * `TravelMatrix`; where it comes from is a `DistanceMatrixSource`, so a deployment that runs a
 * road-network engine (OSRM, Valhalla) can supply real matrices in place of the estimate here.
 */

/** Row-major, `size × size`: entry `from * size + to`. Distances in metres (or instance units), durations in minutes. */
export interface TravelMatrix {
  size: number;
  distance: Float64Array;
  duration: Float64Array;
}

export interface GeoPoint {
  lat: number;
  lon: number;
  /** The commune the point lies in, to pick its circuity factor. */
  communeCode?: string | undefined;
}

export interface DistanceMatrixSource {
  matrix(points: readonly GeoPoint[]): Promise<TravelMatrix>;
}

export interface HaversineOptions {
  /**
   * Road distance over straight-line distance. 1.4 by default: the province's roads wind through
   * mountains and river valleys, where road networks run 1.3–1.6 times the straight line (flat
   * lowland networks are nearer 1.2); a per-commune figure overrides it where it is known.
   */
  defaultCircuity?: number;
  circuityByCommune?: Readonly<Record<string, number>>;
  /** Average speed on those roads, km/h: a motorbike on mountain roads with stops. */
  speedKmh?: number;
}

const EARTH_RADIUS_M = 6_371_008.8;

export function haversineMetres(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Straight-line distance × the circuity of the two ends' communes (their mean), at a fixed speed. */
export function haversineMatrix(points: readonly GeoPoint[], options: HaversineOptions = {}): TravelMatrix {
  const defaultCircuity = options.defaultCircuity ?? 1.4;
  const metresPerMinute = ((options.speedKmh ?? 30) * 1000) / 60;
  const circuity = points.map((p) => (p.communeCode && options.circuityByCommune?.[p.communeCode]) || defaultCircuity);
  return buildMatrix(points.length, (i, j) => {
    const metres = haversineMetres(points[i] as GeoPoint, points[j] as GeoPoint) * (((circuity[i] as number) + (circuity[j] as number)) / 2);
    return [metres, metres / metresPerMinute];
  });
}

export function haversineSource(options: HaversineOptions = {}): DistanceMatrixSource {
  return { matrix: async (points) => haversineMatrix(points, options) };
}

export interface PlanePoint {
  x: number;
  y: number;
}

/**
 * Euclidean distance, travel time equal to distance, as the benchmark instances define it:
 * Solomon's VRPTW uses unrounded distances, TSPLIB's EUC_2D rounds each edge to the nearest integer.
 */
export function euclideanMatrix(points: readonly PlanePoint[], rounding: 'none' | 'nearest' = 'none'): TravelMatrix {
  return buildMatrix(points.length, (i, j) => {
    const a = points[i] as PlanePoint;
    const b = points[j] as PlanePoint;
    const exact = Math.hypot(a.x - b.x, a.y - b.y);
    const d = rounding === 'nearest' ? Math.round(exact) : exact;
    return [d, d];
  });
}

function buildMatrix(size: number, travel: (from: number, to: number) => [number, number]): TravelMatrix {
  const distance = new Float64Array(size * size);
  const duration = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i === j) continue;
      const [d, t] = travel(i, j);
      distance[i * size + j] = d;
      duration[i * size + j] = t;
    }
  }
  return { size, distance, duration };
}
