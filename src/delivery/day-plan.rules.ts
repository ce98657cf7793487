import type { Message } from '../platform/errors.ts';
import type { GeoPoint, RouteStop, RoutingProblem, TravelMatrix } from '../routing/index.ts';

/** Minutes at a stop: park, find the recipient, hand over, take the payment. */
export const SERVICE_MINUTES = 6;
/** Each further parcel at the same point (a village's parcels, a pickup point's): hand over and take the payment only. */
export const SERVICE_MINUTES_SAME_POINT = 2;

export interface PlannedParcel {
  id: string;
  weightGrams: number;
  windowStart: number;
  windowEnd: number;
  /** Where it is delivered: the village's centre or its pickup point; null when the register has neither. */
  point: (GeoPoint & { key: string }) | null;
}

export interface PlanningHub {
  point: GeoPoint;
  opensAt: number;
  closesAt: number;
}

export interface PlanningFleet {
  couriers: number;
  /** The smallest load of the hub's couriers, in kilograms: the solver's vehicles are alike. */
  capacityKg: number;
  maxDayMinutes: number;
}

export const NO_POINT = {
  code: 'delivery.no_delivery_point',
  message: {
    vi: 'Thôn/bản chưa có toạ độ và không có điểm nhận chung: chưa thể xếp vào tuyến.',
    en: 'The village has no location and no pickup point: it cannot be put on a route yet.',
  },
} as const satisfies { code: string; message: Message };

/**
 * The day's routing problem for one hub: node 0 the hub, one point per distinct delivery point
 * (parcels of one village share it, each a stop with its own window and load), the hub's hours,
 * the couriers' longest day. Parcels without a point are left out and returned to be reported.
 */
export function dayProblem(
  hub: PlanningHub,
  fleet: PlanningFleet,
  parcels: readonly PlannedParcel[],
): { points: GeoPoint[]; build(matrix: TravelMatrix): RoutingProblem; withoutPoint: string[] } {
  const points: GeoPoint[] = [hub.point];
  const indexOf = new Map<string, number>();
  const stops: RouteStop[] = [];
  const withoutPoint: string[] = [];
  for (const parcel of parcels) {
    if (!parcel.point) {
      withoutPoint.push(parcel.id);
      continue;
    }
    let index = indexOf.get(parcel.point.key);
    const samePoint = index !== undefined;
    if (index === undefined) {
      index = points.length;
      indexOf.set(parcel.point.key, index);
      points.push({ lat: parcel.point.lat, lon: parcel.point.lon, communeCode: parcel.point.communeCode });
    }
    stops.push({
      id: parcel.id,
      point: index,
      demand: parcel.weightGrams,
      windowStart: parcel.windowStart,
      windowEnd: parcel.windowEnd,
      serviceTime: samePoint ? SERVICE_MINUTES_SAME_POINT : SERVICE_MINUTES,
    });
  }
  return {
    points,
    withoutPoint,
    build: (matrix) => ({
      matrix,
      depot: { point: 0, opensAt: hub.opensAt, closesAt: hub.closesAt },
      stops,
      fleet: { vehicles: fleet.couriers, capacity: fleet.capacityKg * 1000, maxRouteDuration: fleet.maxDayMinutes },
    }),
  };
}
