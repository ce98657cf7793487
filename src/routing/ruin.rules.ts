import type { Random } from '../platform/seeded-random.ts';
import type { CompiledProblem } from './route-problem.rules.ts';
import { indexStops, removeStops, type Plan, type StopIndex } from './route-plan.rules.ts';

export type RuinKind = 'string' | 'random' | 'worst';
export const RUIN_KINDS: readonly RuinKind[] = ['string', 'random', 'worst'];

/** Average number of stops a ruin takes off (SISR's c̄) and the longest string it cuts. */
const AVERAGE_REMOVED = 10;
const MAX_STRING = 10;

/** Takes some stops off their routes and returns them; the routes left empty are dropped. */
export function ruin(p: CompiledProblem, plan: Plan, kind: RuinKind, random: Random, index: StopIndex): number[] {
  indexStops(p, plan, index);
  const removed = kind === 'string' ? strings(p, plan, random, index) : kind === 'random' ? randomStops(plan, random) : worstStops(p, plan, random);
  removeStops(p, plan, removed);
  return removed;
}

function assignedCount(plan: Plan): number {
  let count = 0;
  for (const route of plan.routes) count += route.nodes.length;
  return count;
}

function removalCount(plan: Plan, random: Random): number {
  const n = assignedCount(plan);
  return Math.min(n, 1 + random.int(Math.max(1, Math.round(Math.min(2 * AVERAGE_REMOVED, 0.3 * n)))));
}

/**
 * SISR's adjacent string removal: around a random stop, cut one string of consecutive stops from
 * each of a few nearby routes, so the rebuilt region is geographically whole.
 */
function strings(p: CompiledProblem, plan: Plan, random: Random, index: StopIndex): number[] {
  const routed = assignedCount(plan);
  if (routed === 0) return [];
  const maxString = Math.min(MAX_STRING, routed / plan.routes.length);
  const maxStrings = (4 * AVERAGE_REMOVED) / (1 + maxString) - 1;
  const stringCount = Math.floor(random.between(1, maxStrings + 1));
  let seed = 0;
  let draw = random.int(routed);
  for (const route of plan.routes) {
    if (draw < route.nodes.length) {
      seed = route.nodes[draw]!;
      break;
    }
    draw -= route.nodes.length;
  }
  const removed: number[] = [];
  const ruined = new Set<number>();
  for (const u of [seed, ...p.neighbours[seed]!]) {
    if (ruined.size >= stringCount) break;
    const r = index.routeOf[u]!;
    if (r < 0 || ruined.has(r)) continue;
    ruined.add(r);
    const nodes = plan.routes[r]!.nodes;
    const length = Math.floor(random.between(1, Math.min(nodes.length, maxString) + 1));
    const at = index.positionOf[u]!;
    const first = Math.max(0, Math.min(nodes.length - length, at - random.int(length)));
    removed.push(...nodes.slice(first, first + length));
  }
  return removed;
}

function randomStops(plan: Plan, random: Random): number[] {
  const all = plan.routes.flatMap((r) => r.nodes);
  const order = random.permutation(all.length);
  const count = removalCount(plan, random);
  return Array.from(order.subarray(0, count), (k) => all[k]!);
}

/**
 * The stops that sit worst where they are, drawn with a bias (Ropke & Pisinger's p = 3) so it
 * varies. "Worst" is the detour beyond the cheapest detour the stop could ever have (between its
 * two nearest neighbours): a remote village costs a long detour wherever it goes, and pulling it
 * out every time (plain worst removal) rebuilds the same plan.
 */
function worstStops(p: CompiledProblem, plan: Plan, random: Random): number[] {
  const n = p.size;
  const d = (a: number, b: number) => p.distance[a * n + b]!;
  const detours: { u: number; misplacement: number }[] = [];
  for (const route of plan.routes) {
    route.nodes.forEach((u, k) => {
      const prev = k > 0 ? route.nodes[k - 1]! : 0;
      const next = k < route.nodes.length - 1 ? route.nodes[k + 1]! : 0;
      const [a = 0, b = 0] = p.neighbours[u]!;
      const cheapest = Math.min(d(a, u) + d(u, b) - d(a, b), d(0, u) + d(u, a) - d(0, a));
      detours.push({ u, misplacement: d(prev, u) + d(u, next) - d(prev, next) - cheapest });
    });
  }
  detours.sort((x, y) => y.misplacement - x.misplacement);
  const count = removalCount(plan, random);
  const removed: number[] = [];
  for (let i = 0; i < count; i++) {
    const pick = Math.floor(random.next() ** 3 * detours.length);
    removed.push(detours.splice(pick, 1)[0]!.u);
  }
  return removed;
}
