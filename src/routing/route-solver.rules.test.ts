import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { euclideanMatrix } from './distance-matrix.ts';
import { parseSolomon, solomonProblem } from './instance-format.rules.ts';
import { UNASSIGNED_REASONS, type RouteStop, type RoutingProblem } from './route-problem.rules.ts';
import { solveRoutes, type RouteSolution } from './route-solver.rules.ts';

interface Place {
  x: number;
  y: number;
}

/** A problem on the plane: the depot first, then one stop per remaining place. */
function planeProblem(
  places: Place[],
  stops: Partial<Omit<RouteStop, 'id' | 'point'>>[],
  fleet: RoutingProblem['fleet'],
  depot: { opensAt: number; closesAt: number } = { opensAt: 0, closesAt: 1e6 },
): RoutingProblem {
  return {
    matrix: euclideanMatrix(places),
    depot: { point: 0, ...depot },
    stops: stops.map((s, k) => ({ id: `s${k + 1}`, point: k + 1, demand: 0, windowStart: 0, windowEnd: 1e6, serviceTime: 0, ...s })),
    fleet,
  };
}

/** Checked from the problem itself, not from the solver's own bookkeeping. */
function expectFeasible(problem: RoutingProblem, solution: RouteSolution): void {
  const { matrix, depot, fleet } = problem;
  const byId = new Map(problem.stops.map((s) => [s.id, s]));
  const lastReturn = Math.min(depot.closesAt, depot.opensAt + (fleet.maxRouteDuration ?? Infinity));
  expect(solution.routes.length).toBeLessThanOrEqual(fleet.vehicles);
  let total = 0;
  for (const route of solution.routes) {
    let time = depot.opensAt;
    let at = depot.point;
    let wait = 0;
    let load = 0;
    route.stopIds.forEach((id, k) => {
      const stop = byId.get(id)!;
      total += matrix.distance[at * matrix.size + stop.point]!;
      time = Math.max(stop.windowStart, time + wait + matrix.duration[at * matrix.size + stop.point]!);
      expect(time).toBeLessThanOrEqual(stop.windowEnd + 1e-6);
      expect(route.serviceStarts[k]).toBeCloseTo(time, 6);
      wait = stop.serviceTime;
      load += stop.demand;
      at = stop.point;
    });
    total += matrix.distance[at * matrix.size + depot.point]!;
    expect(time + wait + matrix.duration[at * matrix.size + depot.point]!).toBeLessThanOrEqual(lastReturn + 1e-6);
    expect(load).toBeLessThanOrEqual(fleet.capacity);
  }
  expect(solution.distance).toBeCloseTo(total, 6);
  const routed = solution.routes.flatMap((r) => r.stopIds);
  const unassigned = solution.unassigned.map((u) => u.stopId);
  expect([...routed, ...unassigned].sort()).toEqual(problem.stops.map((s) => s.id).sort());
  const reasons: string[] = Object.values(UNASSIGNED_REASONS).map((r) => r.code);
  for (const u of solution.unassigned) {
    expect(reasons).toContain(u.code);
    expect(u.message.vi).not.toBe('');
    expect(u.message.en).not.toBe('');
  }
}

const quick = { maxIterations: 300, timeBudgetMs: 60_000 };

describe('route solver', () => {
  it('finds the perimeter of a square, whatever the order the stops come in', () => {
    const places = [
      { x: 0, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
      { x: 10, y: 0 },
      { x: 5, y: 10 },
    ];
    const problem = planeProblem(places, [{}, {}, {}, {}], { vehicles: 1, capacity: 0 });
    const solution = solveRoutes(problem, quick);
    expect(solution.distance).toBeCloseTo(40, 9);
    expect(solution.vehicles).toBe(1);
    expectFeasible(problem, solution);
  });

  it('matches brute force on small single-vehicle tours', () => {
    const place = fc.record({ x: fc.integer({ min: 0, max: 100 }), y: fc.integer({ min: 0, max: 100 }) });
    fc.assert(
      fc.property(fc.array(place, { minLength: 3, maxLength: 7 }), (places) => {
        const problem = planeProblem(
          places,
          places.slice(1).map(() => ({})),
          { vehicles: 1, capacity: 0 },
        );
        const solution = solveRoutes(problem, { ...quick, maxIterations: 100 });
        expect(solution.distance).toBeCloseTo(bruteForceTour(places), 6);
      }),
      { numRuns: 25 },
    );
  });

  it('uses two vehicles when one cannot carry everything, each taking its own side', () => {
    const places = [
      { x: 0, y: 0 },
      { x: -10, y: 0 },
      { x: -11, y: 0 },
      { x: 10, y: 0 },
      { x: 11, y: 0 },
    ];
    const problem = planeProblem(places, [{ demand: 5 }, { demand: 5 }, { demand: 5 }, { demand: 5 }], { vehicles: 3, capacity: 10 });
    const solution = solveRoutes(problem, quick);
    expect(solution.vehicles).toBe(2);
    expect(solution.distance).toBeCloseTo(44, 9);
    expectFeasible(problem, solution);
  });

  it('follows the windows even when the short way round would break them', () => {
    const places = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
    ];
    // The far corner must be served first, so the square is walked corner to corner.
    const problem = planeProblem(places, [{ windowStart: 30 }, { windowEnd: 15 }, { windowStart: 20, windowEnd: 200 }], { vehicles: 1, capacity: 0 });
    const solution = solveRoutes(problem, quick);
    expect(solution.routes[0]!.stopIds[0]).toBe('s2');
    expectFeasible(problem, solution);
  });

  it('returns impossible stops unassigned with their reason, and routes the rest', () => {
    const places = [
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 2, y: 0 },
      { x: 50, y: 0 },
      { x: 3, y: 0 },
      { x: 4, y: 0 },
    ];
    const problem = planeProblem(
      places,
      [
        { demand: 1 },
        { demand: 11 }, // heavier than the vehicle
        { windowEnd: 20 }, // 50 away: too late even straight from the hub
        { windowStart: 40, windowEnd: 30 }, // ends before it starts
        { windowStart: 97 }, // reachable, but not back before the hub closes at 100
      ],
      { vehicles: 2, capacity: 10 },
      { opensAt: 0, closesAt: 100 },
    );
    const solution = solveRoutes(problem, quick);
    expect(solution.routes.flatMap((r) => r.stopIds)).toEqual(['s1']);
    expect(Object.fromEntries(solution.unassigned.map((u) => [u.stopId, u.code]))).toEqual({
      s2: 'routing.demand_over_capacity',
      s3: 'routing.window_unreachable',
      s4: 'routing.window_invalid',
      s5: 'routing.window_unreachable',
    });
    expectFeasible(problem, solution);
  });

  it('says which stops no vehicle had time for when the fleet is too small, and keeps the longest day', () => {
    const places = [{ x: 0, y: 0 }, ...Array.from({ length: 6 }, (_, k) => ({ x: 10 * (k + 1), y: 0 }))];
    const problem = planeProblem(
      places,
      places.slice(1).map(() => ({ serviceTime: 10 })),
      {
        vehicles: 1,
        capacity: 0,
        maxRouteDuration: 100,
      },
    );
    const solution = solveRoutes(problem, quick);
    const codes = Object.fromEntries(solution.unassigned.map((u) => [u.stopId, u.code]));
    // 50 and 60 away with 10 minutes there cannot fit a 100-minute day; of the rest, not all fit one.
    expect(codes).toMatchObject({ s5: 'routing.window_unreachable', s6: 'routing.window_unreachable' });
    expect(Object.values(codes)).toContain('routing.no_vehicle_left');
    expect(solution.routes[0]!.returnsAt).toBeLessThanOrEqual(100);
    expectFeasible(problem, solution);
  });

  it('gives the same routes for the same seed', () => {
    const problem = solomonProblem(parseSolomon(fs.readFileSync(new URL('../../bench/data/vrp/solomon/R101.txt', import.meta.url), 'utf8')));
    const run = (seed: number) => {
      const { elapsedMs, ...rest } = solveRoutes(problem, { ...quick, seed, maxIterations: 200 });
      return rest;
    };
    const first = run(7);
    expect(run(7)).toEqual(first);
    expect(run(8).distance).not.toBe(first.distance);
  });

  it('never returns a route that breaks capacity, a window, the hub’s hours or the longest day', () => {
    const instance = fc
      .record({
        places: fc.array(fc.record({ x: fc.integer({ min: 0, max: 100 }), y: fc.integer({ min: 0, max: 100 }) }), { minLength: 2, maxLength: 30 }),
        vehicles: fc.integer({ min: 1, max: 5 }),
        capacity: fc.integer({ min: 1, max: 40 }),
        closesAt: fc.integer({ min: 50, max: 600 }),
        maxRouteDuration: fc.option(fc.integer({ min: 30, max: 600 }), { nil: undefined }),
        stops: fc.array(
          fc.record({
            demand: fc.integer({ min: 0, max: 45 }),
            windowStart: fc.integer({ min: 0, max: 500 }),
            width: fc.integer({ min: -10, max: 300 }),
            serviceTime: fc.integer({ min: 0, max: 20 }),
          }),
          { minLength: 30, maxLength: 30 },
        ),
        seed: fc.integer({ min: 0, max: 1000 }),
      })
      .map(({ places, stops, vehicles, capacity, closesAt, maxRouteDuration, seed }) => ({
        seed,
        problem: planeProblem(
          places,
          places.slice(1).map((_, k) => {
            const { width, ...stop } = stops[k]!;
            return { ...stop, windowEnd: stop.windowStart + width };
          }),
          { vehicles, capacity, maxRouteDuration },
          { opensAt: 0, closesAt },
        ),
      }));
    fc.assert(
      fc.property(instance, ({ problem, seed }) => {
        expectFeasible(problem, solveRoutes(problem, { seed, maxIterations: 60, timeBudgetMs: 60_000 }));
      }),
      { numRuns: 60 },
    );
  });

  it('reaches the best known routes of an easy Solomon instance', () => {
    const problem = solomonProblem(parseSolomon(fs.readFileSync(new URL('../../bench/data/vrp/solomon/C101.txt', import.meta.url), 'utf8')));
    const solution = solveRoutes(problem, { maxIterations: 300, timeBudgetMs: 60_000 });
    expect(solution.vehicles).toBe(10);
    expect(solution.distance).toBeCloseTo(828.94, 1);
    expectFeasible(problem, solution);
  });

  it('refuses a malformed problem before any work', () => {
    const problem = planeProblem(
      [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
      [{}],
      { vehicles: 1, capacity: 1 },
    );
    const broken = [
      { ...problem, stops: [{ ...problem.stops[0]!, point: 5 }] },
      { ...problem, stops: [problem.stops[0]!, { ...problem.stops[0]!, point: 0 }] },
      { ...problem, stops: [{ ...problem.stops[0]!, demand: -1 }] },
      { ...problem, fleet: { vehicles: 1.5, capacity: 1 } },
      { ...problem, matrix: { ...problem.matrix, size: 3 } },
    ];
    for (const bad of broken) {
      expect(() => solveRoutes(bad, quick)).toThrow(AppError);
      expect(() => solveRoutes(bad, quick)).toThrow(/routing.problem_invalid/);
    }
  });
});

function bruteForceTour(places: Place[]): number {
  const d = (a: Place, b: Place) => Math.hypot(a.x - b.x, a.y - b.y);
  const [depot, ...rest] = places as [Place, ...Place[]];
  let best = Infinity;
  const visit = (at: Place, left: Place[], length: number) => {
    if (length >= best) return;
    if (left.length === 0) {
      best = Math.min(best, length + d(at, depot));
      return;
    }
    left.forEach((next, k) => visit(next, [...left.slice(0, k), ...left.slice(k + 1)], length + d(at, next)));
  };
  visit(depot, rest, 0);
  return best;
}
