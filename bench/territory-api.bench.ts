import autocannon from 'autocannon';
import { buildApp } from '../src/app.ts';
import type { Engine } from '../src/platform/database.ts';
import { openTestDatabase } from '../src/platform/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { generateDemoProvince } from '../src/demo/generate-demo-province.ts';

export interface EndpointResult {
  path: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Requests/s of this path over the health check's in the same run: the ratio survives noisy machines. */
  ratioToHealth: number;
}

const PATHS = [
  '/api/health',
  '/api/org-units?search=kien%20moc',
  '/api/org-units?search=ban',
  '/api/org-units/06625/children',
  '/api/org-units/20/children',
];

/** Bounded: each path gets `seconds` of load from `connections` connections on loopback. */
function load(url: string, connections: number, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function benchTerritoryApi(engine: Engine, options = { scale: 1, connections: 50, seconds: 8 }): Promise<{ engine: Engine; scale: number; connections: number; endpoints: EndpointResult[] }> {
  const handle = await openTestDatabase(engine);
  await prepareDatabase(handle.db);
  await generateDemoProvince(handle.db, { seed: 1, scale: options.scale });
  const app = await buildApp(handle);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const results: Omit<EndpointResult, 'ratioToHealth'>[] = [];
    for (const path of PATHS) {
      const r = await load(`http://127.0.0.1:${port}${path}`, options.connections, options.seconds);
      results.push({ path, requestsPerSecond: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.non2xx });
    }
    const health = results[0]!.requestsPerSecond;
    return { engine, scale: options.scale, connections: options.connections, endpoints: results.map((r) => ({ ...r, ratioToHealth: Number((r.requestsPerSecond / health).toFixed(2)) })) };
  } finally {
    await app.close();
    await handle.close();
  }
}
