import type { Random } from '../platform/seeded-random.ts';
import { routeDistanceIfFeasible, type CompiledProblem } from './route-problem.rules.ts';
import { indexStops, refreshRoute, type Plan, type StopIndex } from './route-plan.rules.ts';

export type MoveKind = 'relocate' | 'or-opt' | 'exchange' | '2-opt' | '2-opt*';

const EPSILON = 1e-7;
/** How many of a stop's nearest neighbours a move may put it next to. */
const GRANULARITY = 20;

/**
 * Granular local search (Toth & Vigo): every move puts a stop next to one of its nearest
 * neighbours. The distance change is computed in O(1) first; only a move that would shorten the
 * plan has its routes rebuilt and checked against capacity and windows. First improvement, over
 * a queue that starts with `focus` (the stops a rebuild touched, or all) and takes in the ends
 * of every edge a move changes, until no move helps. Counts the moves applied in `applied`.
 */
export function improveRoutes(
  p: CompiledProblem,
  plan: Plan,
  random: Random,
  index: StopIndex,
  applied: Record<MoveKind, number>,
  focus: readonly number[] | 'all' = 'all',
): void {
  const start = focus === 'all' ? Array.from(random.permutation(p.size - 1), (k) => k + 1) : focus;
  const search = new MoveSearch(p, plan, index, applied, start);
  search.run();
}

class MoveSearch {
  constructor(
    private readonly p: CompiledProblem,
    private readonly plan: Plan,
    private readonly index: StopIndex,
    private readonly applied: Record<MoveKind, number>,
    focus: readonly number[],
  ) {
    indexStops(p, plan, index);
    this.queued = new Uint8Array(p.size);
    for (const u of focus) this.enqueue(u);
  }

  private readonly queue: number[] = [];
  private readonly queued: Uint8Array;

  private enqueue(u: number): void {
    if (u === 0 || this.queued[u]) return;
    this.queued[u] = 1;
    this.queue.push(u);
  }

  run(): void {
    for (let head = 0; head < this.queue.length; head++) {
      const u = this.queue[head]!;
      this.queued[u] = 0;
      if (this.index.routeOf[u]! >= 0 && this.improveAround(u)) this.enqueue(u);
    }
  }

  private d(a: number, b: number): number {
    return this.p.distance[a * this.p.size + b]!;
  }

  private at(route: number[], k: number): number {
    return k >= 0 && k < route.length ? route[k]! : 0;
  }

  private improveAround(u: number): boolean {
    const neighbours = this.p.neighbours[u]!;
    for (let k = 0; k < neighbours.length && k < GRANULARITY; k++) {
      const v = neighbours[k]!;
      if (this.index.routeOf[v]! < 0) continue;
      this.locate(u, v);
      if (this.segmentMove(u) || this.exchange(u, v) || this.twoOpt(u, v)) return true;
      if (this.index.routeOf[u]! < 0) return false;
    }
    return false;
  }

  /** Where `u` and `v` are, read once per pair for the moves below (they return as soon as one applies). */
  private readonly pair = { ra: 0, rb: 0, a: [] as number[], b: [] as number[], i: 0, j: 0 };

  private locate(u: number, v: number): void {
    const pair = this.pair;
    pair.ra = this.index.routeOf[u]!;
    pair.rb = this.index.routeOf[v]!;
    pair.a = this.plan.routes[pair.ra]!.nodes;
    pair.b = this.plan.routes[pair.rb]!.nodes;
    pair.i = this.index.positionOf[u]!;
    pair.j = this.index.positionOf[v]!;
  }

  /** Relocate (one stop) and or-opt (two or three, either way round) next to the located `v`, before or after it. */
  private segmentMove(u: number): boolean {
    const { ra, rb, a, b, i, j } = this.pair;
    for (let length = 1; length <= 3 && i + length <= a.length; length++) {
      const last = a[i + length - 1]!;
      const before = this.at(a, i - 1);
      const after = this.at(a, i + length);
      const removal = this.d(before, after) - this.d(before, u) - this.d(last, after);
      for (let side = 0; side < 2; side++) {
        const p = j - side;
        if (ra === rb && p >= i - 1 && p <= i + length - 1) continue;
        const x = this.at(b, p);
        const y = this.at(b, p + 1);
        for (let turn = 0; turn < (length === 1 ? 1 : 2); turn++) {
          const reversed = turn === 1;
          const delta = removal + (reversed ? this.d(x, last) + this.d(u, y) : this.d(x, u) + this.d(last, y)) - this.d(x, y);
          if (delta > -EPSILON) continue;
          if (this.moveSegment(ra, i, length, reversed, rb, p)) return true;
        }
      }
    }
    return false;
  }

  /** Moves `length` stops from position `i` of route `ra` to just after position `p` of route `rb`. */
  private moveSegment(ra: number, i: number, length: number, reversed: boolean, rb: number, p: number): boolean {
    const a = this.plan.routes[ra]!.nodes;
    const b = this.plan.routes[rb]!.nodes;
    const segment = a.slice(i, i + length);
    if (reversed) segment.reverse();
    const rest = [...a.slice(0, i), ...a.slice(i + length)];
    const kind: MoveKind = length === 1 ? 'relocate' : 'or-opt';
    if (ra === rb) {
      const q = p < i ? p : p - length;
      return this.apply(kind, [[ra, [...rest.slice(0, q + 1), ...segment, ...rest.slice(q + 1)]]]);
    }
    return this.apply(kind, [
      [ra, rest],
      [rb, [...b.slice(0, p + 1), ...segment, ...b.slice(p + 1)]],
    ]);
  }

  private exchange(u: number, v: number): boolean {
    const { ra, rb, a, b, i, j } = this.pair;
    if (ra === rb && Math.abs(i - j) <= 1) return false;
    const pu = this.at(a, i - 1);
    const nu = this.at(a, i + 1);
    const pv = this.at(b, j - 1);
    const nv = this.at(b, j + 1);
    const delta = this.d(pu, v) + this.d(v, nu) - this.d(pu, u) - this.d(u, nu) + this.d(pv, u) + this.d(u, nv) - this.d(pv, v) - this.d(v, nv);
    if (delta > -EPSILON) return false;
    if (ra === rb) {
      const swapped = a.slice();
      swapped[i] = v;
      swapped[j] = u;
      return this.apply('exchange', [[ra, swapped]]);
    }
    const newA = a.slice();
    const newB = b.slice();
    newA[i] = v;
    newB[j] = u;
    return this.apply('exchange', [
      [ra, newA],
      [rb, newB],
    ]);
  }

  /** 2-opt within a route (reverse the stretch between u and v) or 2-opt* across two (swap their tails). */
  private twoOpt(u: number, v: number): boolean {
    const { ra, rb, a, b, i, j } = this.pair;
    if (ra === rb) {
      if (j > i + 1) {
        const delta = this.d(u, v) + this.d(a[i + 1]!, this.at(a, j + 1)) - this.d(u, a[i + 1]!) - this.d(v, this.at(a, j + 1));
        if (delta > -EPSILON) return false;
        return this.apply('2-opt', [[ra, [...a.slice(0, i + 1), ...a.slice(i + 1, j + 1).reverse(), ...a.slice(j + 1)]]]);
      }
      if (j < i - 1) {
        const delta = this.d(this.at(a, j - 1), a[i - 1]!) + this.d(v, u) - this.d(this.at(a, j - 1), v) - this.d(a[i - 1]!, u);
        if (delta > -EPSILON) return false;
        return this.apply('2-opt', [[ra, [...a.slice(0, j), ...a.slice(j, i).reverse(), ...a.slice(i)]]]);
      }
      return false;
    }
    const predV = this.at(b, j - 1);
    const nextU = this.at(a, i + 1);
    const delta = this.d(u, v) + this.d(predV, nextU) - this.d(u, nextU) - this.d(predV, v);
    if (delta > -EPSILON) return false;
    return this.apply('2-opt*', [
      [ra, [...a.slice(0, i + 1), ...b.slice(j)]],
      [rb, [...b.slice(0, j), ...a.slice(i + 1)]],
    ]);
  }

  /** Checks the rebuilt routes exactly; keeps them only if all are feasible and the total is shorter. */
  private apply(kind: MoveKind, changes: [number, number[]][]): boolean {
    let before = 0;
    let after = 0;
    for (const [r, nodes] of changes) {
      before += this.plan.routes[r]!.distance;
      const distance = nodes.length === 0 ? 0 : routeDistanceIfFeasible(this.p, nodes);
      if (Number.isNaN(distance)) return false;
      after += distance;
    }
    if (after > before - EPSILON) return false;
    for (const [r, nodes] of changes) this.enqueueChangedEdges(r, nodes);
    for (const [r, nodes] of changes) {
      const route = this.plan.routes[r]!;
      route.nodes = nodes;
      refreshRoute(this.p, route);
    }
    this.plan.routes = this.plan.routes.filter((r) => r.nodes.length > 0);
    indexStops(this.p, this.plan, this.index);
    this.applied[kind]++;
    return true;
  }

  /** Queues the stops whose neighbour on the route changes (read before the index is rebuilt). */
  private enqueueChangedEdges(r: number, nodes: number[]): void {
    const old = this.plan.routes[r]!.nodes;
    nodes.forEach((x, k) => {
      const before = this.at(nodes, k - 1);
      const after = this.at(nodes, k + 1);
      const was = this.index.routeOf[x] === r ? this.index.positionOf[x]! : -2;
      if (was === -2 || this.at(old, was - 1) !== before || this.at(old, was + 1) !== after) this.enqueue(x);
    });
  }
}
