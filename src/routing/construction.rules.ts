import type { Random } from '../platform/seeded-random.ts';
import type { CompiledProblem } from './route-problem.rules.ts';
import { insertionCost, plannedRoute, refreshRoute, type Plan } from './route-plan.rules.ts';

/**
 * Greedy insertion with blinks (Christiaens & Vanden Berghe's SISR recreate): stops are taken in
 * one of a few orders, each put where it adds the least distance, a small share of positions
 * skipped at random so repeated rebuilds explore. It builds the first solution and repairs
 * every ruined one. A stop with no feasible place opens a route while the fleet allows, else it
 * waits in `plan.unassigned`.
 */
export function insertStops(p: CompiledProblem, plan: Plan, stops: number[], random: Random, maxRoutes: number, blinkRate = 0.01): void {
  orderStops(p, stops, random);
  plan.unassigned = [];
  for (const u of stops) {
    let bestCost = Infinity;
    let bestRoute = -1;
    let bestPosition = -1;
    const demand = p.demand[u] as number;
    for (let r = 0; r < plan.routes.length; r++) {
      const route = plan.routes[r]!;
      if (route.load + demand > p.capacity) continue;
      for (let k = 0; k <= route.nodes.length; k++) {
        if (blinkRate > 0 && random.next() < blinkRate) continue;
        const cost = insertionCost(p, route, u, k);
        if (cost < bestCost) {
          bestCost = cost;
          bestRoute = r;
          bestPosition = k;
        }
      }
    }
    if (bestRoute >= 0) {
      const route = plan.routes[bestRoute]!;
      route.nodes.splice(bestPosition, 0, u);
      refreshRoute(p, route);
    } else if (plan.routes.length < maxRoutes) {
      plan.routes.push(plannedRoute(p, [u]));
    } else {
      plan.unassigned.push(u);
    }
  }
}

/** SISR's orders: random, largest demand, farthest from the depot, nearest to it, tightest window. */
function orderStops(p: CompiledProblem, stops: number[], random: Random): void {
  const shuffled = random.permutation(stops.length);
  const copy = stops.slice();
  for (let i = 0; i < stops.length; i++) stops[i] = copy[shuffled[i]!]!;
  const draw = random.next();
  const fromDepot = (u: number) => p.distance[u] as number;
  const window = (u: number) => (p.due[u] as number) - (p.ready[u] as number);
  if (draw < 0.4) return;
  if (draw < 0.55) stops.sort((a, b) => (p.demand[b] as number) - (p.demand[a] as number));
  else if (draw < 0.7) stops.sort((a, b) => fromDepot(b) - fromDepot(a));
  else if (draw < 0.8) stops.sort((a, b) => fromDepot(a) - fromDepot(b));
  else stops.sort((a, b) => window(a) - window(b));
}
