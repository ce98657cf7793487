/**
 * `npm run bench [-- name … --engine=pglite|postgresql]`: runs the benchmarks on generated data,
 * on the embedded engine and on the PostgreSQL server (TEST_DATABASE_URL, default the local one),
 * or on the one engine named, prints one JSON line per
 * result and writes them all to bench/results/latest.json. Every load test is bounded in time
 * and talks to loopback only. Figures go into BENCHMARKS.md by hand, with the machine noted.
 */
import fs from 'node:fs';
import pg from 'pg';
import type { Engine } from '../src/platform/database.ts';
import { benchTerritoryApi, benchWhiteSpots } from './territory-api.bench.ts';
import { benchIndicators, benchScorecard } from './indicators.bench.ts';
import { benchImportHouseholds } from './import-households.bench.ts';
import { benchSyncStorm, FULL_STORM, type SyncStormOptions } from './sync-storm.bench.ts';
import { benchCourierStorm, fieldStormFigure, FULL_COURIER_STORM, type FieldStormFigure } from './courier-storm.bench.ts';
import { benchDashboardLighthouse } from './dashboard-lighthouse.bench.ts';
import { benchFieldApp } from './field-app.bench.ts';
import { benchScorecardMixed } from './scorecard-mixed.bench.ts';
import { benchRouteSolver } from './route-solver.bench.ts';
import { benchVietQr } from './vietqr.bench.ts';
import { benchBackgroundWork } from './background-work.bench.ts';
import { benchShareCard } from './share-card.bench.ts';
import { benchWebhookIntake } from './webhook-intake.bench.ts';
import { benchNational, benchNationalCurve } from './national.bench.ts';
import { benchShopLighthouse, benchShopPage } from './shop-page.bench.ts';
import { benchCourierDay, benchManifestImport } from './delivery.bench.ts';
import { benchSmallCells } from './small-cells.bench.ts';
import { benchPickupPoints } from './pickup.bench.ts';

const SERVER = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function serverReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The last field storm's figures on each engine in this invocation, for the courier storm to report beside its own. */
const fieldStorms = new Map<Engine, FieldStormFigure>();
const fieldStorm = async (name: string, engine: Engine, options: SyncStormOptions) => {
  const result = await benchSyncStorm(engine, options);
  fieldStorms.set(engine, fieldStormFigure(name, result));
  return result;
};

const BENCHES: Record<string, (engine: Engine) => Promise<unknown>> = {
  'territory-api': (engine) => benchTerritoryApi(engine),
  'white-spots': (engine) => benchWhiteSpots(engine),
  'import-households': (engine) => benchImportHouseholds(engine),
  'indicators-scale-1': (engine) => benchIndicators(engine, 1),
  'scorecard-api': (engine) => benchScorecard(engine, 1),
  'scorecard-mixed': (engine) => benchScorecardMixed(engine, 1),
  'scorecard-mixed-spread': (engine) => benchScorecardMixed(engine, 1, { spread: true }),
  'dashboard-lighthouse': (engine) => benchDashboardLighthouse(engine),
  'field-app': (engine) => benchFieldApp(engine),
  'sync-storm': (engine) => fieldStorm('sync-storm', engine, FULL_STORM),
  // The same phones in a random order of arrival instead of village by village.
  'sync-storm-spread': (engine) => fieldStorm('sync-storm-spread', engine, { ...FULL_STORM, spread: true }),
  'sync-storm-small': (engine) => fieldStorm('sync-storm-small', engine, { ...FULL_STORM, devices: 100, seconds: 300 }),
  // The quick one to iterate on: its figures compare only with a run of the same, on the same day.
  'sync-storm-reduced': (engine) => fieldStorm('sync-storm-reduced', engine, { ...FULL_STORM, devices: 100, seconds: 120 }),
  // Issue 14's 500 couriers × 70 stops pushed at once; after a `sync-storm*` in the same invocation, beside its figures.
  'courier-storm': (engine) => benchCourierStorm(engine, FULL_COURIER_STORM, fieldStorms.get(engine)),
  'courier-storm-reduced': (engine) => benchCourierStorm(engine, { ...FULL_COURIER_STORM, couriers: 100, seconds: 120 }, fieldStorms.get(engine)),
  'indicators-scale-10': (engine) => benchIndicators(engine, 10),
  'route-solver': () => benchRouteSolver(),
  vietqr: () => benchVietQr(),
  'background-work': (engine) => benchBackgroundWork(engine),
  'share-card': () => benchShareCard(),
  'webhook-intake': (engine) => benchWebhookIntake(engine),
  'shop-page': (engine) => benchShopPage(engine),
  'shop-lighthouse': (engine) => benchShopLighthouse(engine),
  // Its own PostgreSQL clusters, whatever the engine: run once.
  national: () => benchNational(),
  'national-curve': () => benchNationalCurve(),
  'manifest-import': (engine) => benchManifestImport(engine),
  'courier-day': () => benchCourierDay(),
  // A quarter of the province's villages: the full one takes longer to generate than a run may last on a shared machine.
  'small-cells': (engine) => benchSmallCells(engine, 0.25),
  pickup: () => benchPickupPoints(),
};
/** Benchmarks that touch no database run once, not once per engine. */
const WITHOUT_DATABASE = new Set(['route-solver', 'vietqr', 'share-card', 'national', 'national-curve', 'courier-day', 'pickup']);

const args = process.argv.slice(2);
/** `--engine=pglite` or `--engine=postgresql` runs on that engine only. */
const only = args.find((a) => a.startsWith('--engine='))?.slice('--engine='.length);
const wanted = args.filter((a) => !a.startsWith('--'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
if (await serverReachable()) process.env.TEST_DATABASE_URL = SERVER;
else console.warn(`No PostgreSQL server at ${SERVER}: running on the embedded engine only.`);
const engines: Engine[] = (process.env.TEST_DATABASE_URL ? (['pglite', 'postgresql'] as const) : (['pglite'] as const)).filter((e) => !only || e === only);

const results: unknown[] = [];
for (const name of names) {
  const withoutDatabase = WITHOUT_DATABASE.has(name);
  for (const engine of withoutDatabase ? engines.slice(0, 1) : engines) {
    const result = { bench: name, engine: withoutDatabase ? 'none' : engine, at: new Date().toISOString(), result: await BENCHES[name]!(engine) };
    console.log(JSON.stringify(result));
    results.push(result);
  }
}
fs.mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
fs.writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
