import { buildApp } from '../src/app.ts';
import type { Engine } from '../src/platform/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { generateDemoProvince } from '../src/demo/generate-demo-province.ts';
import { drain, loadFromChild, ratio, type LoadResult } from './load.ts';

export interface EndpointResult extends LoadResult {
  ratioToHealth: number;
}

/** The first path is the baseline every other one is compared with, in the same run. */
const TERRITORY_PATHS = [
  '/api/health',
  '/api/org-units?search=kien%20moc',
  '/api/org-units?search=ban',
  '/api/org-units/06625/children',
  '/api/org-units/20/children',
];

/**
 * The white spots every dashboard asks for, beside the scorecard, whose aim they share
 * (p99 ≤ 50 ms at 50 connections).
 */
const WHITE_SPOT_PATHS = [
  '/api/health',
  '/api/white-spots?orgUnit=20&year=2025',
  '/api/white-spots?orgUnit=20&year=2021',
  '/api/white-spots?orgUnit=20&year=2021&operator=viettel',
  '/api/indicator-values?orgUnit=20',
];

const LOAD = { scale: 1, connections: 50, seconds: 8, firstRequests: false };

export const benchTerritoryApi = (engine: Engine) => benchEndpoints(engine, TERRITORY_PATHS);
export const benchWhiteSpots = (engine: Engine) => benchEndpoints(engine, WHITE_SPOT_PATHS, { ...LOAD, firstRequests: true });

/** One request's time on loopback, in ms: the first of a path (cold: the answer is not in memory yet) or a later one (warm). */
async function timeOne(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return Number((performance.now() - started).toFixed(1));
}

async function benchEndpoints(
  engine: Engine,
  paths: readonly string[],
  options = LOAD,
): Promise<{
  engine: Engine;
  scale: number;
  connections: number;
  firstRequests: { path: string; coldMs: number; warmMs: number }[];
  endpoints: EndpointResult[];
}> {
  const handle = await openTestDatabase(engine);
  await prepareDatabase(handle.db);
  await generateDemoProvince(handle.db, { seed: 1, scale: options.scale });
  const app = await buildApp(handle);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    // Before any load: each path's first answer (computed) and its second (from memory, if kept).
    const firstRequests = [];
    for (const path of options.firstRequests ? paths.slice(1) : []) {
      const url = `http://127.0.0.1:${port}${path}`;
      firstRequests.push({ path, coldMs: await timeOne(url), warmMs: await timeOne(url) });
    }
    // Bounded: each path gets `seconds` of load from `connections` connections on loopback, from another process.
    const results: LoadResult[] = [];
    for (const path of paths) results.push(await loadFromChild(`http://127.0.0.1:${port}${path}`, options));
    await drain(`http://127.0.0.1:${port}`);
    const health = results[0]!;
    return {
      engine,
      scale: options.scale,
      connections: options.connections,
      firstRequests,
      endpoints: results.map((r) => ({ ...r, ratioToHealth: ratio(r, health) })),
    };
  } finally {
    await app.close();
    await handle.close();
  }
}
