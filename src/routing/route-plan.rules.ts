import type { CompiledProblem } from './route-problem.rules.ts';

/**
 * A route with its schedule cached: `start[k]` is when service at the k-th stop begins at the
 * earliest, `latest[k]` the latest it may begin with every later stop still on time
 * (`latest[length]` is the depot's last return). With both, an insertion is checked in O(1).
 */
export interface PlannedRoute {
  nodes: number[];
  load: number;
  distance: number;
  start: number[];
  latest: number[];
}

/** A solution in progress: the routes and the stops not (yet) on any route. */
export interface Plan {
  routes: PlannedRoute[];
  unassigned: number[];
}

export function plannedRoute(p: CompiledProblem, nodes: number[]): PlannedRoute {
  const route: PlannedRoute = { nodes, load: 0, distance: 0, start: [], latest: [] };
  refreshRoute(p, route);
  return route;
}

/** Recomputes load, distance and schedule, reusing the route's arrays (this runs on every insertion). */
export function refreshRoute(p: CompiledProblem, route: PlannedRoute): void {
  const { nodes, start, latest } = route;
  const n = p.size;
  start.length = nodes.length;
  latest.length = nodes.length + 1;
  let load = 0;
  let distance = 0;
  let time = p.ready[0] as number;
  let prev = 0;
  for (let k = 0; k < nodes.length; k++) {
    const u = nodes[k] as number;
    load += p.demand[u] as number;
    distance += p.distance[prev * n + u] as number;
    time = Math.max(p.ready[u] as number, time + (p.service[prev] as number) + (p.duration[prev * n + u] as number));
    start[k] = time;
    prev = u;
  }
  distance += p.distance[prev * n] as number;
  let late = p.due[0] as number;
  let next = 0;
  latest[nodes.length] = late;
  for (let k = nodes.length - 1; k >= 0; k--) {
    const u = nodes[k] as number;
    late = Math.min(p.due[u] as number, late - (p.duration[u * n + next] as number) - (p.service[u] as number));
    latest[k] = late;
    next = u;
  }
  route.load = load;
  route.distance = distance;
}

/** Added distance of serving `u` just before position `k` of the route, or Infinity when a window or the capacity forbids it. */
export function insertionCost(p: CompiledProblem, route: PlannedRoute, u: number, k: number): number {
  const n = p.size;
  const { nodes } = route;
  const prev = k > 0 ? (nodes[k - 1] as number) : 0;
  const next = k < nodes.length ? (nodes[k] as number) : 0;
  const leave = k > 0 ? (route.start[k - 1] as number) + (p.service[prev] as number) : (p.ready[0] as number);
  const serve = Math.max(p.ready[u] as number, leave + (p.duration[prev * n + u] as number));
  if (serve > (p.due[u] as number)) return Infinity;
  if (serve + (p.service[u] as number) + (p.duration[u * n + next] as number) > (route.latest[k] as number)) return Infinity;
  return (p.distance[prev * n + u] as number) + (p.distance[u * n + next] as number) - (p.distance[prev * n + next] as number);
}

export function planDistance(plan: Plan): number {
  let total = 0;
  for (const route of plan.routes) total += route.distance;
  return total;
}

export function clonePlan(plan: Plan): Plan {
  return {
    routes: plan.routes.map((r) => ({ nodes: r.nodes.slice(), load: r.load, distance: r.distance, start: r.start.slice(), latest: r.latest.slice() })),
    unassigned: plan.unassigned.slice(),
  };
}

/** Takes stops off their routes, dropping routes left empty. */
export function removeStops(p: CompiledProblem, plan: Plan, stops: readonly number[]): void {
  const removed = new Set(stops);
  for (const route of plan.routes) {
    const kept = route.nodes.filter((u) => !removed.has(u));
    if (kept.length === route.nodes.length) continue;
    route.nodes = kept;
    refreshRoute(p, route);
  }
  plan.routes = plan.routes.filter((r) => r.nodes.length > 0);
}

/** Which route and position each stop is at (-1 when unassigned). */
export interface StopIndex {
  routeOf: Int32Array;
  positionOf: Int32Array;
}

export function indexStops(p: CompiledProblem, plan: Plan, into?: StopIndex): StopIndex {
  const index = into ?? { routeOf: new Int32Array(p.size), positionOf: new Int32Array(p.size) };
  index.routeOf.fill(-1);
  plan.routes.forEach((route, r) => {
    route.nodes.forEach((u, k) => {
      index.routeOf[u] = r;
      index.positionOf[u] = k;
    });
  });
  return index;
}
