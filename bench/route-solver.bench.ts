/**
 * Route solver quality on the public benchmarks (issue 14): every TSPLIB and Solomon instance in
 * bench/data/vrp against its best-known solution, within 1 s per 100 nodes (TSPLIB) and 5 s per
 * instance (Solomon), on the one thread of this process; then a generated 70-parcel courier day
 * in the mountains of Đình Lập, Châu Sơn and Kiên Mộc. Prints the tables for BENCHMARKS.md.
 */
import fs from 'node:fs';
import { createRandom } from '../src/platform/seeded-random.ts';
import {
  haversineMatrix,
  parseSolomon,
  parseTsplib,
  solomonProblem,
  solveRoutes,
  tsplibProblem,
  type GeoPoint,
  type RouteSolution,
  type RoutingProblem,
} from '../src/routing/index.ts';

const DATA = new URL('./data/vrp/', import.meta.url);

interface InstanceRow {
  instance: string;
  nodes: number;
  vehicles: number;
  bestVehicles: number;
  distance: number;
  bestDistance: number;
  gapPercent: number;
  seconds: number;
  iterations: number;
}

function csvRows(path: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(new URL(path, DATA), 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, k) => [names[k]!, value])));
}

function files(folder: string, extension: string): string[] {
  return fs
    .readdirSync(new URL(folder, DATA))
    .filter((f) => f.endsWith(extension))
    .sort();
}

function row(instance: string, nodes: number, solution: RouteSolution, best: { vehicles: number; distance: number }): InstanceRow {
  return {
    instance,
    nodes,
    vehicles: solution.vehicles,
    bestVehicles: best.vehicles,
    distance: Math.round(solution.distance * 100) / 100,
    bestDistance: best.distance,
    gapPercent: Math.round((solution.distance / best.distance - 1) * 10_000) / 100,
    seconds: Math.round(solution.elapsedMs) / 1000,
    iterations: solution.iterations,
  };
}

function benchTsplib(): InstanceRow[] {
  const optima = new Map(csvRows('tsplib/tsplib_optima.csv').map((r) => [r.instance!, Number(r.best_known_cost)]));
  return files('tsplib/', '.tsp').map((file) => {
    const instance = parseTsplib(fs.readFileSync(new URL(`tsplib/${file}`, DATA), 'utf8'));
    const nodes = instance.cities.length;
    const solution = solveRoutes(tsplibProblem(instance), { timeBudgetMs: (1000 * nodes) / 100, maxIterations: Infinity });
    return row(instance.name, nodes, solution, { vehicles: 1, distance: optima.get(instance.name)! });
  });
}

function benchSolomon(): InstanceRow[] {
  const best = new Map(csvRows('solomon/solomon_bks.csv').map((r) => [r.instance!, { vehicles: Number(r.bks_vehicles), distance: Number(r.bks_cost) }]));
  return files('solomon/', '.txt').map((file) => {
    const instance = parseSolomon(fs.readFileSync(new URL(`solomon/${file}`, DATA), 'utf8'));
    const solution = solveRoutes(solomonProblem(instance), { timeBudgetMs: 5000, maxIterations: Infinity });
    if (solution.unassigned.length > 0) throw new Error(`${instance.name}: ${solution.unassigned.length} customers left unassigned`);
    return row(instance.name, instance.customers.length, solution, best.get(instance.name)!);
  });
}

const COMMUNES = [
  { code: '06613', name: 'Đình Lập', lat: 21.58676, lon: 107.08057, radiusKm: 5 },
  { code: '06637', name: 'Châu Sơn', lat: 21.45686, lon: 107.16156, radiusKm: 6 },
  { code: '06625', name: 'Kiên Mộc', lat: 21.64358, lon: 107.23178, radiusKm: 7 },
];

/**
 * One courier's day as the report describes it: 70 parcels from the post office in Đình Lập town
 * to 18 villages of three mountain communes, a third with a recipient's window (morning or
 * afternoon), 3 minutes a parcel, parcels of 0.2–3 kg on a motorbike that carries 150 kg, a 10-hour day, the office open 7:00–18:00.
 * Minutes from midnight.
 */
function courierDay(seed = 1): RoutingProblem {
  const random = createRandom(seed, 'courier-day');
  const hub: GeoPoint = { lat: 21.5453, lon: 107.0994, communeCode: '06613' };
  const villages: GeoPoint[] = Array.from({ length: 18 }, (_, k) => {
    const commune = COMMUNES[k % COMMUNES.length]!;
    const distanceKm = commune.radiusKm * Math.sqrt(random.next());
    const angle = random.between(0, 2 * Math.PI);
    return {
      lat: commune.lat + (distanceKm / 111) * Math.sin(angle),
      lon: commune.lon + (distanceKm / (111 * Math.cos((commune.lat * Math.PI) / 180))) * Math.cos(angle),
      communeCode: commune.code,
    };
  });
  const matrix = haversineMatrix([hub, ...villages], { speedKmh: 35 });
  const stops = Array.from({ length: 70 }, (_, k) => {
    const window = random.next();
    const [windowStart, windowEnd] = window < 0.17 ? [8 * 60, 11 * 60] : window < 0.33 ? [13 * 60, 17 * 60] : [7 * 60, 18 * 60];
    return {
      id: `parcel-${k + 1}`,
      point: 1 + random.int(villages.length),
      demand: Math.round(random.between(0.2, 3) * 10) / 10,
      windowStart,
      windowEnd,
      serviceTime: 3,
    };
  });
  return { matrix, depot: { point: 0, opensAt: 7 * 60, closesAt: 18 * 60 }, stops, fleet: { vehicles: 1, capacity: 150, maxRouteDuration: 600 } };
}

function benchCourierDay() {
  const problem = courierDay();
  const quick = solveRoutes(problem, { timeBudgetMs: 1000, maxIterations: Infinity });
  const long = solveRoutes(problem, { timeBudgetMs: 20_000, maxIterations: Infinity });
  const summary = (s: RouteSolution) => ({
    seconds: Math.round(s.elapsedMs) / 1000,
    iterations: s.iterations,
    routed: s.routes.reduce((n, r) => n + r.stopIds.length, 0),
    unassigned: s.unassigned.length,
    km: Math.round(s.distance / 100) / 10,
    hours: Math.round(((s.routes[0]?.returnsAt ?? 420) - 420) / 6) / 10,
  });
  return {
    oneSecond: summary(quick),
    twentySeconds: summary(long),
    gapToTwentySecondsPercent: Math.round((quick.distance / long.distance - 1) * 10_000) / 100,
  };
}

function table(title: string, rows: InstanceRow[]): string {
  const average = (pick: (r: InstanceRow) => number) => Math.round((rows.reduce((sum, r) => sum + pick(r), 0) / rows.length) * 100) / 100;
  const lines = [
    `### ${title}`,
    '',
    '| instance | nodes | vehicles (best known) | distance | best known | gap % | s | iterations |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.instance} | ${r.nodes} | ${r.vehicles} (${r.bestVehicles}) | ${r.distance} | ${r.bestDistance} | ${r.gapPercent} | ${r.seconds} | ${r.iterations} |`,
    ),
    `| **average** | | ${average((r) => r.vehicles)} (${average((r) => r.bestVehicles)}) | | | **${average((r) => r.gapPercent)}** | ${average((r) => r.seconds)} | |`,
    '',
  ];
  return lines.join('\n');
}

export async function benchRouteSolver() {
  const tsplib = benchTsplib();
  const solomon = benchSolomon();
  const courier = benchCourierDay();
  console.log(table('TSPLIB, 1 s per 100 nodes', tsplib));
  console.log(table('Solomon VRPTW, 100 customers, 5 s each', solomon));
  const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
  return {
    tsplibAverageGapPercent: mean(tsplib.map((r) => r.gapPercent)),
    solomonAverageGapPercent: mean(solomon.map((r) => r.gapPercent)),
    solomonVehiclesOverBest: solomon.map((r) => r.vehicles - r.bestVehicles).reduce((a, b) => a + b, 0),
    solomonMostVehiclesOverBest: Math.max(...solomon.map((r) => r.vehicles - r.bestVehicles)),
    courierDay: courier,
    tsplib,
    solomon,
  };
}
