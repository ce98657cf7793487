import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import type { Db, Engine } from '../src/platform/database.ts';
import { openTestDatabase } from '../src/platform/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { generateDemoProvince } from '../src/demo/generate-demo-province.ts';
import { readIndicatorValues, readIndicatorValuesJson } from '../src/indicators/read-indicator-values.ts';
import { recordSurvey } from '../src/households/register-household.ts';
import type { Actor } from '../src/accounts/access.policy.ts';
import { drain, loadFromChild, percentile, SCORECARD, type LoadResult } from './load.ts';

const ADMIN: Actor = { id: '00000000-0000-7000-8000-000000000000', username: 'bench', displayName: 'bench', roles: [{ role: 'province_admin', orgUnitCode: '20', scopePath: '20' }] };

const ms = (value: number | undefined) => (value === undefined ? null : Number(value.toFixed(1)));

/**
 * One survey every 1/rate s, one household each, for `seconds`, one write at a time: a write that
 * overruns its slot delays the next instead of piling up, so `done` shows whether the rate held.
 * It always waits for a timer, even when late: the embedded engine answers without I/O, so writes
 * chained back to back would never let the server read its sockets (a client sends its next
 * write over the network, which yields).
 */
async function writeSteadily(db: Db, households: readonly string[], rate: number, seconds: number) {
  const latencies: number[] = [];
  const failures: string[] = [];
  const started = performance.now();
  for (const [i, id] of households.entries()) {
    await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()));
    if (performance.now() - started >= seconds * 1000) break;
    const began = performance.now();
    try {
      await recordSurvey(db, ADMIN, id, { surveyedOn: '2026-01-15', members: 4 + (i % 3), adults: 3, smartphoneOwners: 2, epayAdults: 2, homeFtth: i % 2 === 0, vneidUsers: 2, ehealthUsers: 1, bankingUsers: 2 });
      latencies.push(performance.now() - began);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  latencies.sort((a, b) => a - b);
  return { rate, planned: households.length, done: latencies.length, failed: failures.length, firstFailure: failures[0] ?? null, p50Ms: ms(percentile(latencies, 0.5)), p99Ms: ms(percentile(latencies, 0.99)), maxMs: ms(latencies.at(-1)) };
}

/**
 * The scorecard under load from another process while this one records household surveys at a
 * steady rate, every write invalidating the cached answer; the read-only run in the same process
 * is the yardstick. The load starts a few hundred milliseconds after the writer (the child's
 * start-up), so its last moments may see no write.
 */
export async function benchScorecardMixed(engine: Engine, scale: number, options = { connections: 50, seconds: 8, rates: [5, 20] }) {
  const handle = await openTestDatabase(engine);
  try {
    await prepareDatabase(handle.db);
    await generateDemoProvince(handle.db, { seed: 1, scale });
    // Otherwise the server's autovacuum works through the fresh million rows during the first run.
    await sql`vacuum analyze`.execute(handle.db);
    const planned = options.rates.reduce((sum, rate) => sum + rate * options.seconds, 0);
    const households = (await handle.db.selectFrom('household').select('id').orderBy('id').limit(planned).execute()).map((h) => h.id);
    const app = await buildApp(handle);
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const load = { connections: options.connections, seconds: options.seconds };
      // Unwarmed, the first run is the slowest and would flatter the runs under writes.
      await loadFromChild(`${base}${SCORECARD}`, { connections: options.connections, seconds: 2 });
      await drain(base);
      const readOnly = await loadFromChild(`${base}${SCORECARD}`, load);
      await drain(base);
      const underWrites: { scorecard: LoadResult; ratioToReadOnly: number; writes: Awaited<ReturnType<typeof writeSteadily>> }[] = [];
      let next = 0;
      for (const rate of options.rates) {
        const mine = households.slice(next, (next += rate * options.seconds));
        const [scorecard, writes] = await Promise.all([loadFromChild(`${base}${SCORECARD}`, load), writeSteadily(handle.db, mine, rate, options.seconds)]);
        await drain(base);
        underWrites.push({ scorecard, ratioToReadOnly: Number((scorecard.requestsPerSecond / readOnly.requestsPerSecond).toFixed(2)), writes });
      }
      // What the cache serves after the last write is what a fresh computation gives.
      const cached = (await readIndicatorValuesJson(handle.db, { orgUnit: '20' })).toString();
      const fresh = JSON.stringify(await readIndicatorValues(handle.db, { orgUnit: '20' }));
      return { engine, scale, connections: options.connections, seconds: options.seconds, readOnly, underWrites, cachedEqualsFresh: cached === fresh };
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
  }
}
