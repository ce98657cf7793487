/**
 * The route solver: capacitated vehicle routing with time windows, service times, a maximum day
 * and the hub's hours. Written here because no maintained JavaScript VRP solver exists and the
 * Python ones are not reachable from this stack.
 *
 * Greedy insertion builds a first plan; then ruin and recreate (string, random or worst removal,
 * greedy insertion with blinks) with simulated-annealing acceptance, each rebuilt plan polished by
 * granular local search (relocate, or-opt, exchange, 2-opt, 2-opt*). When vehicles count first, a
 * share of the run goes to emptying routes (SISR's fleet minimisation) before distance.
 */
import { badRequest } from '../platform/errors.ts';
import { createRandom } from '../platform/seeded-random.ts';
import { insertStops } from './construction.rules.ts';
import { improveRoutes, type MoveKind } from './local-search.rules.ts';
import { clonePlan, planDistance, type Plan } from './route-plan.rules.ts';
import { compileProblem, reasonAlone, UNASSIGNED_REASONS, type CompiledProblem, type RoutingProblem, type UnassignedStop } from './route-problem.rules.ts';
import { ruin, RUIN_KINDS, type RuinKind } from './ruin.rules.ts';

export interface SolveOptions {
  seed?: number;
  /** A ceiling on the run. The answer is the same for a seed whenever the iteration cap ends the run first. */
  timeBudgetMs?: number;
  maxIterations?: number;
  /** Fewer vehicles first, then distance (the VRPTW convention), or distance alone. */
  objective?: 'vehicles-then-distance' | 'distance';
}

export interface SolvedRoute {
  stopIds: string[];
  /** When service begins at each stop, in the problem's minutes. */
  serviceStarts: number[];
  distance: number;
  load: number;
  returnsAt: number;
}

export interface RouteSolution {
  routes: SolvedRoute[];
  unassigned: UnassignedStop[];
  distance: number;
  vehicles: number;
  iterations: number;
  elapsedMs: number;
  /** How often each operator was used and how often it led to a new best plan: what to improve next. */
  operators: {
    ruin: Record<RuinKind, { used: number; improvedBest: number }>;
    moves: Record<MoveKind, number>;
  };
}

const DEFAULTS = { seed: 1, timeBudgetMs: 2000, maxIterations: 20_000, objective: 'vehicles-then-distance' } as const;
/** Share of the run spent emptying routes when vehicles count first. */
const FLEET_SHARE = 0.3;
/** Annealing temperatures, in average edges of the first plan (SISR's 100 → 1 scaled to the instance). */
const START_TEMPERATURE = 0.3;
const END_TEMPERATURE = 0.003;
const RUIN_WEIGHTS: Record<RuinKind, number> = { string: 0.6, random: 0.2, worst: 0.2 };

export function solveRoutes(problem: RoutingProblem, options: SolveOptions = {}): RouteSolution {
  const settings = { ...DEFAULTS, ...options };
  checkProblem(problem);
  const started = performance.now();
  const p = compileProblem(problem);
  const random = createRandom(settings.seed, 'route-solver');
  const index = { routeOf: new Int32Array(p.size), positionOf: new Int32Array(p.size) };
  const operators: RouteSolution['operators'] = {
    ruin: { string: { used: 0, improvedBest: 0 }, random: { used: 0, improvedBest: 0 }, worst: { used: 0, improvedBest: 0 } },
    moves: { relocate: 0, 'or-opt': 0, exchange: 0, '2-opt': 0, '2-opt*': 0 },
  };

  const impossible: UnassignedStop[] = [];
  const servable: number[] = [];
  for (let u = 1; u < p.size; u++) {
    const reason = reasonAlone(p, u);
    if (reason) impossible.push({ stopId: problem.stops[u - 1]!.id, ...reason });
    else servable.push(u);
  }

  let iterations = 0;
  const byIterations = Number.isFinite(settings.maxIterations);
  const progress = () => (byIterations ? iterations / settings.maxIterations : (performance.now() - started) / settings.timeBudgetMs);
  const finished = () => iterations >= settings.maxIterations || performance.now() - started >= settings.timeBudgetMs;

  const first: Plan = { routes: [], unassigned: [] };
  insertStops(p, first, servable, random, p.maxVehicles, 0);
  improveRoutes(p, first, random, index, operators.moves);
  let best = first;
  const vehiclesFirst = settings.objective === 'vehicles-then-distance';

  const pickRuin = (): RuinKind => {
    let draw = random.next();
    for (const kind of RUIN_KINDS) {
      draw -= RUIN_WEIGHTS[kind];
      if (draw < 0) return kind;
    }
    return 'string';
  };
  /** Ruins and recreates a copy; `touched` are the stops moved and those they left. */
  const rebuild = (from: Plan, maxRoutes: number, kind: RuinKind): { candidate: Plan; touched: number[] } => {
    const candidate = clonePlan(from);
    const removed = ruin(p, candidate, kind, random, index);
    const touched = removed.slice();
    for (const u of removed) {
      const nodes = from.routes[index.routeOf[u]!]!.nodes;
      const k = index.positionOf[u]!;
      if (k > 0) touched.push(nodes[k - 1]!);
      if (k + 1 < nodes.length) touched.push(nodes[k + 1]!);
    }
    insertStops(p, candidate, [...candidate.unassigned, ...removed], random, maxRoutes);
    operators.ruin[kind].used++;
    return { candidate, touched };
  };

  // Fleet minimisation: drop the smallest route and rebuild until its stops fit elsewhere;
  // stops that keep failing weigh more (absence counts), so the search works on the hard ones.
  if (vehiclesFirst && best.unassigned.length === 0 && best.routes.length > 1) {
    const absences = new Int32Array(p.size);
    const absence = (plan: Plan) => plan.unassigned.reduce((sum, u) => sum + absences[u]!, 0);
    let current = withoutSmallestRoute(best);
    while (!finished() && progress() < FLEET_SHARE && current.routes.length > 0) {
      iterations++;
      const { candidate } = rebuild(current, current.routes.length, pickRuin());
      for (const u of candidate.unassigned) absences[u]!++;
      if (candidate.unassigned.length < current.unassigned.length || absence(candidate) < absence(current)) current = candidate;
      if (current.unassigned.length === 0) {
        improveRoutes(p, current, random, index, operators.moves);
        best = current;
        current = withoutSmallestRoute(best);
      }
    }
  }

  // Distance: never more routes than the best plan has, so the vehicle count only falls.
  const maxRoutes = vehiclesFirst ? best.routes.length : p.maxVehicles;
  const averageEdge = planDistance(first) / Math.max(1, servable.length + first.routes.length);
  const startShare = progress();
  let current = best;
  while (!finished()) {
    iterations++;
    const kind = pickRuin();
    const { candidate, touched } = rebuild(current, maxRoutes, kind);
    if (candidate.unassigned.length <= current.unassigned.length) improveRoutes(p, candidate, random, index, operators.moves, touched);
    const share = Math.min(1, Math.max(0, (progress() - startShare) / Math.max(1e-9, 1 - startShare)));
    const temperature = averageEdge * START_TEMPERATURE * (END_TEMPERATURE / START_TEMPERATURE) ** share;
    if (
      candidate.unassigned.length < current.unassigned.length ||
      (candidate.unassigned.length === current.unassigned.length && planDistance(candidate) < planDistance(current) - temperature * Math.log(1 - random.next()))
    ) {
      current = candidate;
    }
    if (better(candidate, best, vehiclesFirst)) {
      best = candidate;
      operators.ruin[kind].improvedBest++;
    }
  }
  return present(problem, p, best, impossible, iterations, performance.now() - started, operators);
}

function better(a: Plan, b: Plan, vehiclesFirst: boolean): boolean {
  if (a.unassigned.length !== b.unassigned.length) return a.unassigned.length < b.unassigned.length;
  if (vehiclesFirst && a.routes.length !== b.routes.length) return a.routes.length < b.routes.length;
  return planDistance(a) < planDistance(b) - 1e-9;
}

function withoutSmallestRoute(plan: Plan): Plan {
  const next = clonePlan(plan);
  let smallest = 0;
  next.routes.forEach((route, r) => {
    if (route.nodes.length < next.routes[smallest]!.nodes.length) smallest = r;
  });
  const [dropped] = next.routes.splice(smallest, 1);
  next.unassigned.push(...dropped!.nodes);
  return next;
}

function present(
  problem: RoutingProblem,
  p: CompiledProblem,
  plan: Plan,
  impossible: UnassignedStop[],
  iterations: number,
  elapsedMs: number,
  operators: RouteSolution['operators'],
): RouteSolution {
  const idOf = (u: number) => problem.stops[u - 1]!.id;
  const routes = plan.routes.map((route) => {
    const last = route.nodes.at(-1)!;
    return {
      stopIds: route.nodes.map(idOf),
      serviceStarts: route.start.slice(),
      distance: route.distance,
      load: route.load,
      returnsAt: route.start.at(-1)! + p.service[last]! + p.duration[last * p.size]!,
    };
  });
  return {
    routes,
    unassigned: [...impossible, ...plan.unassigned.map((u) => ({ stopId: idOf(u), ...UNASSIGNED_REASONS.noVehicle }))],
    distance: planDistance(plan),
    vehicles: routes.length,
    iterations,
    elapsedMs,
    operators,
  };
}

const invalid = (detail: { vi: string; en: string }) => badRequest('routing.problem_invalid', detail, 'problem');

/** Bad input is refused with a reason before any work, never half-solved. */
function checkProblem(problem: RoutingProblem): void {
  const { matrix, fleet, depot } = problem;
  if (matrix.distance.length !== matrix.size * matrix.size || matrix.duration.length !== matrix.size * matrix.size)
    throw invalid({ vi: 'Ma trận khoảng cách không đúng kích thước.', en: 'The distance matrix does not match its size.' });
  const points = [depot.point, ...problem.stops.map((s) => s.point)];
  if (points.some((point) => !Number.isInteger(point) || point < 0 || point >= matrix.size))
    throw invalid({ vi: 'Có điểm nằm ngoài ma trận khoảng cách.', en: 'A point is outside the distance matrix.' });
  for (const from of points) {
    for (const to of points) {
      const at = from * matrix.size + to;
      if (!(matrix.distance[at]! >= 0) || !(matrix.duration[at]! >= 0) || !Number.isFinite(matrix.distance[at]!))
        throw invalid({ vi: 'Ma trận có khoảng cách âm hoặc không xác định.', en: 'The matrix holds a negative or undefined distance.' });
    }
  }
  if (!Number.isInteger(fleet.vehicles) || fleet.vehicles < 0 || !(fleet.capacity >= 0))
    throw invalid({ vi: 'Số xe hoặc sức chở không hợp lệ.', en: 'The number of vehicles or the capacity is not valid.' });
  if (new Set(problem.stops.map((s) => s.id)).size !== problem.stops.length) throw invalid({ vi: 'Có hai điểm giao trùng mã.', en: 'Two stops share an id.' });
  const numbers = problem.stops.flatMap((s) => [s.demand, s.serviceTime, s.windowStart]);
  if (numbers.some((n) => !(n >= 0) || !Number.isFinite(n)) || problem.stops.some((s) => Number.isNaN(s.windowEnd)))
    throw invalid({ vi: 'Có điểm giao với số liệu âm hoặc không xác định.', en: 'A stop has a negative or undefined figure.' });
}
