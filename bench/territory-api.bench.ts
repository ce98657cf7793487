import { buildApp } from '../src/app.ts';
import type { Engine } from '../src/platform/database.ts';
import { openTestDatabase } from '../src/platform/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { generateDemoProvince } from '../src/demo/generate-demo-province.ts';
import { drain, loadFromChild, ratio, type LoadResult } from './load.ts';

export interface EndpointResult extends LoadResult {
  ratioToHealth: number;
}

const PATHS = [
  '/api/health',
  '/api/org-units?search=kien%20moc',
  '/api/org-units?search=ban',
  '/api/org-units/06625/children',
  '/api/org-units/20/children',
];

export async function benchTerritoryApi(engine: Engine, options = { scale: 1, connections: 50, seconds: 8 }): Promise<{ engine: Engine; scale: number; connections: number; endpoints: EndpointResult[] }> {
  const handle = await openTestDatabase(engine);
  await prepareDatabase(handle.db);
  await generateDemoProvince(handle.db, { seed: 1, scale: options.scale });
  const app = await buildApp(handle);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    // Bounded: each path gets `seconds` of load from `connections` connections on loopback, from another process.
    const results: LoadResult[] = [];
    for (const path of PATHS) results.push(await loadFromChild(`http://127.0.0.1:${port}${path}`, options));
    await drain(`http://127.0.0.1:${port}`);
    const health = results[0]!;
    return { engine, scale: options.scale, connections: options.connections, endpoints: results.map((r) => ({ ...r, ratioToHealth: ratio(r, health) })) };
  } finally {
    await app.close();
    await handle.close();
  }
}
