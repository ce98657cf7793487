import type { Message } from '../platform/errors.ts';
import type { TravelMatrix } from './distance-matrix.ts';

/** A place to deliver to. Several stops may share a point (parcels for one village). Times in minutes. */
export interface RouteStop {
  id: string;
  /** Index of the stop's point in the travel matrix. */
  point: number;
  demand: number;
  windowStart: number;
  windowEnd: number;
  serviceTime: number;
}

export interface RoutingProblem {
  matrix: TravelMatrix;
  /** The hub the routes leave from when it opens and must be back to before it closes. */
  depot: { point: number; opensAt: number; closesAt: number };
  stops: readonly RouteStop[];
  /** Identical vehicles (couriers): how many, what each carries, the longest day, in minutes. */
  fleet: { vehicles: number; capacity: number; maxRouteDuration?: number | undefined };
}

export interface UnassignedStop {
  stopId: string;
  code: string;
  message: Message;
}

export const UNASSIGNED_REASONS = {
  overCapacity: {
    code: 'routing.demand_over_capacity',
    message: { vi: 'Hàng của điểm này vượt sức chở của một xe.', en: 'This stop’s load is more than one vehicle carries.' },
  },
  emptyWindow: {
    code: 'routing.window_invalid',
    message: { vi: 'Khung giờ giao kết thúc trước khi bắt đầu.', en: 'The delivery window ends before it starts.' },
  },
  unreachable: {
    code: 'routing.window_unreachable',
    message: {
      vi: 'Không thể đến trong khung giờ và về kho kịp giờ, kể cả khi đi riêng một chuyến.',
      en: 'Cannot be reached within its window and back at the hub in time, even on a trip of its own.',
    },
  },
  noVehicle: {
    code: 'routing.no_vehicle_left',
    message: {
      vi: 'Không còn xe nào chở thêm được điểm này trong ngày (hết sức chở hoặc hết giờ).',
      en: 'No vehicle has room or time left for this stop today.',
    },
  },
} as const satisfies Record<string, Omit<UnassignedStop, 'stopId'>>;

/**
 * The problem in the solver's own numbering: node 0 is the depot, nodes 1…n the stops, with flat
 * arrays so the inner loops do no lookups. The depot's window is [opens, last return]: routes
 * leave when the hub opens, so a maximum day is a return deadline.
 */
export interface CompiledProblem {
  /** Nodes including the depot. */
  size: number;
  distance: Float64Array;
  duration: Float64Array;
  demand: Float64Array;
  ready: Float64Array;
  due: Float64Array;
  service: Float64Array;
  capacity: number;
  maxVehicles: number;
  /** Each stop's nearest other stops, nearest first. */
  neighbours: Int32Array[];
}

export function compileProblem(problem: RoutingProblem, neighbourCount = 40): CompiledProblem {
  const size = problem.stops.length + 1;
  const points = [problem.depot.point, ...problem.stops.map((s) => s.point)];
  const m = problem.matrix;
  const distance = new Float64Array(size * size);
  const duration = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const at = (points[i] as number) * m.size + (points[j] as number);
      distance[i * size + j] = m.distance[at] as number;
      duration[i * size + j] = m.duration[at] as number;
    }
  }
  const maxDuration = problem.fleet.maxRouteDuration;
  const lastReturn = Math.min(problem.depot.closesAt, maxDuration === undefined ? Infinity : problem.depot.opensAt + maxDuration);
  const demand = Float64Array.from([0, ...problem.stops.map((s) => s.demand)]);
  const ready = Float64Array.from([problem.depot.opensAt, ...problem.stops.map((s) => s.windowStart)]);
  const due = Float64Array.from([lastReturn, ...problem.stops.map((s) => s.windowEnd)]);
  const service = Float64Array.from([0, ...problem.stops.map((s) => s.serviceTime)]);
  const neighbours: Int32Array[] = [new Int32Array(0)];
  const count = Math.min(neighbourCount, size - 2);
  for (let u = 1; u < size; u++) {
    const others: number[] = [];
    for (let v = 1; v < size; v++) if (v !== u) others.push(v);
    others.sort((a, b) => (distance[u * size + a] as number) - (distance[u * size + b] as number) || a - b);
    neighbours.push(Int32Array.from(others.slice(0, Math.max(0, count))));
  }
  return {
    size,
    distance,
    duration,
    demand,
    ready,
    due,
    service,
    capacity: problem.fleet.capacity,
    maxVehicles: problem.fleet.vehicles,
    neighbours,
  };
}

/** Why a stop cannot be served even on a route of its own, or undefined if it can. */
export function reasonAlone(p: CompiledProblem, u: number): Omit<UnassignedStop, 'stopId'> | undefined {
  if ((p.demand[u] as number) > p.capacity) return UNASSIGNED_REASONS.overCapacity;
  if ((p.ready[u] as number) > (p.due[u] as number)) return UNASSIGNED_REASONS.emptyWindow;
  const start = Math.max(p.ready[u] as number, (p.ready[0] as number) + (p.duration[u] as number));
  const back = start + (p.service[u] as number) + (p.duration[u * p.size] as number);
  if (start > (p.due[u] as number) || back > (p.due[0] as number)) return UNASSIGNED_REASONS.unreachable;
  return undefined;
}

/** Distance of a route (stops in order, depot implied at both ends), or NaN when it breaks capacity or a window. */
export function routeDistanceIfFeasible(p: CompiledProblem, nodes: readonly number[]): number {
  let load = 0;
  let time = p.ready[0] as number;
  let distance = 0;
  let prev = 0;
  for (let k = 0; k <= nodes.length; k++) {
    const u = k < nodes.length ? (nodes[k] as number) : 0;
    load += p.demand[u] as number;
    distance += p.distance[prev * p.size + u] as number;
    time = Math.max(p.ready[u] as number, time + (p.service[prev] as number) + (p.duration[prev * p.size + u] as number));
    if (time > (p.due[u] as number) + 1e-9) return NaN;
    prev = u;
  }
  return load > p.capacity + 1e-9 ? NaN : distance;
}
