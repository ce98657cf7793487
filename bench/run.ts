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
import { benchTerritoryApi } from './territory-api.bench.ts';
import { benchIndicators, benchScorecard } from './indicators.bench.ts';
import { benchImportHouseholds } from './import-households.bench.ts';
import { benchSyncStorm, FULL_STORM } from './sync-storm.bench.ts';
import { benchDashboardLighthouse } from './dashboard-lighthouse.bench.ts';
import { benchFieldApp } from './field-app.bench.ts';
import { benchScorecardMixed } from './scorecard-mixed.bench.ts';

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

const BENCHES: Record<string, (engine: Engine) => Promise<unknown>> = {
  'territory-api': (engine) => benchTerritoryApi(engine),
  'import-households': (engine) => benchImportHouseholds(engine),
  'indicators-scale-1': (engine) => benchIndicators(engine, 1),
  'scorecard-api': (engine) => benchScorecard(engine, 1),
  'scorecard-mixed': (engine) => benchScorecardMixed(engine, 1),
  'dashboard-lighthouse': (engine) => benchDashboardLighthouse(engine),
  'field-app': (engine) => benchFieldApp(engine),
  'sync-storm': (engine) => benchSyncStorm(engine),
  'sync-storm-small': (engine) => benchSyncStorm(engine, { ...FULL_STORM, devices: 100, seconds: 300 }),
  'indicators-scale-10': (engine) => benchIndicators(engine, 10),
};

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
  for (const engine of engines) {
    const result = { bench: name, engine, at: new Date().toISOString(), result: await BENCHES[name]!(engine) };
    console.log(JSON.stringify(result));
    results.push(result);
  }
}
fs.mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
fs.writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
