import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import type { Db, Engine } from '../src/platform/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { generateDemoProvince } from '../src/demo/generate-demo-province.ts';
import { EXACT_VALUES } from '../src/indicators/suppress-small-cells.ts';
import { readIndicatorValues, readIndicatorValuesJson } from '../src/indicators/read-indicator-values.ts';
import { recordSurvey } from '../src/households/register-household.ts';
import { recordTraining } from '../src/teams/record-training.ts';
import { newId } from '../src/platform/ids.ts';
import { todayInVietnam } from '../src/platform/dates.ts';
import { LEVEL } from '../src/territory/territory.rules.ts';
import type { Actor } from '../src/accounts/access.policy.ts';
import { drain, loadFromChild, percentile, SCORECARD, type LoadResult } from './load.ts';

const ADMIN: Actor = {
  id: '00000000-0000-7000-8000-000000000000',
  username: 'bench',
  displayName: 'bench',
  roles: [{ role: 'province_admin', orgUnitCode: '20', scopePath: '20' }],
};

const ms = (value: number | undefined) => (value === undefined ? null : Number(value.toFixed(1)));

/** Writes in flight at most: as many users saving at once, no more (the server's pool has 10 connections). */
const MAX_WRITES_IN_FLIGHT = 8;

/**
 * One survey every 1/rate s, one household each, for `seconds`, each started at its slot without
 * waiting for the one before (as many users saving at once would), at most MAX_WRITES_IN_FLIGHT at
 * a time: a write that finds them all busy starts late, so `done` shows whether the rate held.
 * It always waits for a timer, even when late: the embedded engine answers without I/O, so writes
 * chained back to back would never let the server read its sockets (a client sends its next
 * write over the network, which yields).
 */
async function writeSteadily(db: Db, households: readonly string[], rate: number, seconds: number) {
  const latencies: number[] = [];
  const failures: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (const [i, id] of households.entries()) {
    await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()));
    while (inFlight.size >= MAX_WRITES_IN_FLIGHT) await Promise.race(inFlight);
    if (performance.now() - started >= seconds * 1000) break;
    const began = performance.now();
    const write = recordSurvey(db, ADMIN, id, {
      surveyedOn: '2026-01-15',
      members: 4 + (i % 3),
      adults: 3,
      smartphoneOwners: 2,
      epayAdults: 2,
      homeFtth: i % 2 === 0,
      vneidUsers: 2,
      ehealthUsers: 1,
      bankingUsers: 2,
    }).then(
      () => void latencies.push(performance.now() - began),
      (error: unknown) => void failures.push(error instanceof Error ? error.message : String(error)),
    );
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  return {
    rate,
    planned: households.length,
    done: latencies.length,
    failed: failures.length,
    firstFailure: failures[0] ?? null,
    p50Ms: ms(percentile(latencies, 0.5)),
    p99Ms: ms(percentile(latencies, 0.99)),
    maxMs: ms(latencies.at(-1)),
  };
}

/**
 * Freshness: how long after a write commits the province's scorecard, as a browser gets it,
 * shows it. Every `everyMs` a training is recorded in one village (the province's count of
 * trainings this year goes up by one); from the moment the write returns, committed, the
 * scorecard is read until its cell shows the new count. Runs beside the steady writes.
 */
async function probeFreshness(db: Db, base: string, villageCode: string, seconds: number, everyMs = 500) {
  const year = todayInVietnam().slice(0, 4);
  const trainingsAtProvince = async () => {
    const body = (await (await fetch(`${base}${SCORECARD}`)).json()) as {
      cells: { indicator: string; orgUnit: string; period: string; value: number | null }[];
    };
    return body.cells.find((c) => c.indicator === 'TRAININGS_HELD' && c.orgUnit === '20' && c.period === year)?.value ?? 0;
  };
  const lags: number[] = [];
  let unseen = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const expected = (await trainingsAtProvince()) + 1;
    await recordTraining(db, ADMIN, {
      id: newId(),
      villageCode,
      heldOn: todayInVietnam(),
      topic: 'digital_skills',
      place: 'Nhà văn hóa',
      trainer: 'Tổ công nghệ số',
      attendees: { total: 2, female: 1, male: 1, byAge: { under15: 0, from15to29: 1, from30to59: 1, from60: 0 } },
    });
    const committed = performance.now();
    for (;;) {
      if ((await trainingsAtProvince()) >= expected) {
        lags.push(performance.now() - committed);
        break;
      }
      if (performance.now() - committed > 5000) {
        unseen++;
        break;
      }
    }
    await sleep(everyMs);
  }
  lags.sort((a, b) => a - b);
  return { probes: lags.length + unseen, unseenAfter5s: unseen, p50Ms: ms(percentile(lags, 0.5)), p99Ms: ms(percentile(lags, 0.99)), maxMs: ms(lags.at(-1)) };
}

/**
 * The scorecard under load from another process while this one records household surveys at a
 * steady rate, every write invalidating the cached answer; the read-only run in the same process
 * is the yardstick. The load starts a few hundred milliseconds after the writer (the child's
 * start-up), so its last moments may see no write.
 */
export async function benchScorecardMixed(engine: Engine, scale: number, asked: { spread?: boolean } = {}) {
  const options = { connections: 50, seconds: 8, rates: engine === 'pglite' ? [5, 20] : [20, 100], spread: asked.spread ?? false };
  const handle = await openTestDatabase(engine);
  try {
    await prepareDatabase(handle.db);
    await generateDemoProvince(handle.db, { seed: 1, scale });
    // Otherwise the server's autovacuum works through the fresh million rows during the first run.
    await sql`vacuum analyze`.execute(handle.db);
    const planned = options.rates.reduce((sum, rate) => sum + rate * options.seconds, 0);
    // In the order they were made, the writes come village after village: each village's are
    // serialised by its lock (decision 0020). Spread, they come from all over the province, as
    // many officers' and teams' writes would; md5 of the id is a fixed shuffle.
    const households = (
      await handle.db
        .selectFrom('household')
        .select('id')
        .orderBy(options.spread ? sql`md5(id::text)` : sql`id`)
        .limit(planned)
        .execute()
    ).map((h) => h.id);
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
      const underWrites: {
        scorecard: LoadResult;
        ratioToReadOnly: number;
        writes: Awaited<ReturnType<typeof writeSteadily>>;
        freshness: Awaited<ReturnType<typeof probeFreshness>>;
      }[] = [];
      const probed = (
        await handle.db.selectFrom('org_unit').select('code').where('level', '=', LEVEL.village).orderBy('code').limit(1).executeTakeFirstOrThrow()
      ).code;
      let next = 0;
      for (const rate of options.rates) {
        const mine = households.slice(next, (next += rate * options.seconds));
        const [scorecard, writes, freshness] = await Promise.all([
          loadFromChild(`${base}${SCORECARD}`, load),
          writeSteadily(handle.db, mine, rate, options.seconds),
          probeFreshness(handle.db, base, probed, options.seconds),
        ]);
        await drain(base);
        underWrites.push({ scorecard, ratioToReadOnly: Number((scorecard.requestsPerSecond / readOnly.requestsPerSecond).toFixed(2)), writes, freshness });
      }
      // What the cache serves after the last write is what a fresh computation gives.
      const cached = (await readIndicatorValuesJson(handle.db, { orgUnit: '20' }, EXACT_VALUES)).toString();
      const fresh = JSON.stringify(await readIndicatorValues(handle.db, { orgUnit: '20' }, EXACT_VALUES));
      return {
        engine,
        scale,
        spread: options.spread,
        connections: options.connections,
        seconds: options.seconds,
        readOnly,
        underWrites,
        cachedEqualsFresh: cached === fresh,
      };
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
  }
}
