import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildApp } from '../src/app.ts';
import type { Db, Engine } from '../src/platform/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { newId } from '../src/platform/ids.ts';
import { todayInVietnam } from '../src/platform/dates.ts';
import { foldForSearch } from '../src/platform/text.ts';
import { childPath, LEVEL, villageCode } from '../src/territory/territory.rules.ts';
import { upsertOrgUnits } from '../src/territory/org-unit.repository.ts';
import { refreshDataValues } from '../src/indicators/refresh-data-values.ts';
import { FIRST_YEAR, yearsFrom } from '../src/indicators/periods.ts';
import { insertHousehold, upsertSurvey } from '../src/households/household.repository.ts';
import { insertAccount, insertRoleAssignment, insertSession } from '../src/accounts/account.repository.ts';
import { hashToken } from '../src/accounts/sessions.ts';
import { DECOY_HASH } from '../src/accounts/password.ts';
import { drain } from './load.ts';
import { createRandom } from '../src/platform/seeded-random.ts';

/**
 * Sync storm: every phone of many villages comes online at the same moment with its backlog.
 * `devices` phones (two per team-member account, `membersPerVillage` accounts per village) each
 * push `mutationsPerDevice` visits and trainings in one batch, over HTTP on loopback, at most
 * `connections` at a time; a push that fails is sent again with the same ids, as a phone does.
 * The baseline, in the same run and at the same concurrency, is as many `/api/health` requests.
 * Afterwards every answered mutation must be in the database exactly once.
 *
 * The load comes from a worker thread, so it has its own event loop and does not steal the
 * server's (the embedded engine runs its queries on the server's thread).
 */
export interface SyncStormOptions {
  devices: number;
  mutationsPerDevice: number;
  membersPerVillage: number;
  householdsPerVillage: number;
  connections: number;
  /** No push starts after this many seconds of storm; those under way finish. */
  seconds: number;
  /**
   * The phones arrive in a seeded random order rather than village by village. By village, the
   * pushes admitted together are mostly one village's, which wait for each other's household locks.
   */
  spread?: boolean;
}

export const FULL_STORM: SyncStormOptions = {
  devices: 1000,
  mutationsPerDevice: 50,
  membersPerVillage: 5,
  householdsPerVillage: 20,
  connections: 100,
  seconds: 180,
};

interface Device {
  id: string;
  cookie: string;
  csrfToken: string;
  mutations: { id: string; kind: string; payload: unknown }[];
}

interface ClientInput {
  syncStormClient: true;
  port: number;
  connections: number;
  seconds: number;
  devices: Device[];
}

export interface Timing {
  count: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface ClientOutput {
  health: Timing & { failed: number };
  storm: Timing & { retries: number; turnedAway: number; unanswered: number; notStarted: number; completion: Timing };
  statuses: Record<string, number>;
  /** Mutation ids the server answered applied or duplicate. */
  answered: string[];
}

function daysAgo(n: number): string {
  const date = new Date(`${todayInVietnam()}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - n);
  return date.toISOString().slice(0, 10);
}

const ACTIVITIES = ['vneid_level1', 'vneid_level2', 'ehealth', 'banking_app', 'epay_account', 'scam_awareness'];
const TOPICS = ['vneid', 'online_public_services', 'ehealth', 'epayment', 'scam_awareness', 'digital_skills'];

export async function benchSyncStorm(engine: Engine, options: SyncStormOptions = FULL_STORM) {
  const setupStarted = performance.now();
  const handle = await openTestDatabase(engine);
  const { db } = handle;
  await prepareDatabase(db);
  const draws = createRandom(20_251_125, 'sync-storm');
  const random = () => draws.next();

  // Villages spread over the province's real communes, two phones per member account.
  const communes = await db.selectFrom('org_unit').select(['code', 'path']).where('level', '=', LEVEL.commune).orderBy('code').execute();
  const accounts = Math.ceil(options.devices / 2);
  const villageCount = Math.ceil(accounts / options.membersPerVillage);
  const villages = Array.from({ length: villageCount }, (_, i) => {
    const commune = communes[i % communes.length]!;
    const code = villageCode(commune.code, 900 + Math.floor(i / communes.length));
    const name = `Bão ${i + 1}`;
    return {
      code,
      parent_code: commune.code,
      level: LEVEL.village,
      kind: 'thon' as const,
      name,
      full_name: `Thôn ${name}`,
      search_name: foldForSearch(`Thôn ${name}`),
      path: childPath(commune.path, code),
      province_code: '20',
      is_demo: true,
    };
  });
  await upsertOrgUnits(db, villages);
  const survey = {
    surveyedOn: daysAgo(60),
    members: 8,
    adults: 6,
    smartphoneOwners: 5,
    epayAdults: 1,
    homeFtth: false,
    vneidUsers: 1,
    ehealthUsers: 0,
    bankingUsers: 0,
  };
  const householdsOf = new Map<string, string[]>();
  await db.transaction().execute(async (tx) => {
    for (const village of villages) {
      const ids: string[] = [];
      for (let h = 0; h < options.householdsPerVillage; h++) {
        const row = (await insertHousehold(tx, { provinceCode: '20', villageCode: village.code, label: `Hộ ${String(h + 1).padStart(3, '0')}` }))!;
        await upsertSurvey(tx, row, survey, null);
        ids.push(row.id);
      }
      householdsOf.set(village.code, ids);
    }
    await refreshDataValues(tx, { leafLevel: 'village', leaves: villages.map((v) => v.code), years: yearsFrom(FIRST_YEAR) });
  });

  // Accounts and sessions straight through the repositories: hashing 500 passwords is not what is measured.
  const devices: Device[] = [];
  await db.transaction().execute(async (tx) => {
    for (let a = 0; a < accounts; a++) {
      const village = villages[Math.floor(a / options.membersPerVillage)]!;
      const accountId = await insertAccount(tx, { username: `storm.${a}`, displayName: `Tổ viên ${a}`, passwordHash: DECOY_HASH, mustChangePassword: false });
      await insertRoleAssignment(tx, { accountId, role: 'team_member', orgUnitCode: village.code, scopePath: village.path, provinceCode: '20' });
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(32).toString('base64url');
      await insertSession(tx, { tokenHash: hashToken(token), accountId, csrfToken, expiresAt: new Date(Date.now() + 86_400_000) });
      for (let phone = 0; phone < 2 && devices.length < options.devices; phone++) {
        const households = householdsOf.get(village.code)!;
        const mutations = Array.from({ length: options.mutationsPerDevice }, () =>
          random() < 0.8
            ? {
                id: newId(),
                kind: 'visit.record',
                payload: {
                  id: newId(),
                  householdId: households[Math.floor(random() * households.length)]!,
                  visitedOn: daysAgo(1 + Math.floor(random() * 30)),
                  activities: [{ code: ACTIVITIES[Math.floor(random() * ACTIVITIES.length)]!, people: 1 }],
                  residentsGuided: Math.floor(random() * 3),
                },
              }
            : {
                id: newId(),
                kind: 'training.record',
                payload: {
                  id: newId(),
                  villageCode: village.code,
                  heldOn: daysAgo(1 + Math.floor(random() * 30)),
                  topic: TOPICS[Math.floor(random() * TOPICS.length)]!,
                  place: 'Nhà văn hóa',
                  trainer: 'Tổ công nghệ số',
                  attendees: { total: 12, female: 7, male: 5, byAge: { under15: 0, from15to29: 4, from30to59: 6, from60: 2 } },
                },
              },
        );
        devices.push({ id: newId(), cookie: `banso_session=${token}`, csrfToken, mutations });
      }
    }
  });
  if (options.spread) {
    for (let i = devices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [devices[i], devices[j]] = [devices[j]!, devices[i]!];
    }
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const app = await buildApp(handle);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const input: ClientInput = { syncStormClient: true, port, connections: options.connections, seconds: options.seconds, devices };
    const output = await runInWorker<ClientOutput>(import.meta.url, input);
    await drain(`http://127.0.0.1:${port}`);

    // Every answered mutation once: its log entry, its row, one audit entry for its row.
    const answered = new Set(output.answered);
    const sent = devices.flatMap((d) => d.mutations);
    const visitsAnswered = sent.filter((m) => m.kind === 'visit.record' && answered.has(m.id)).length;
    const count = async (table: 'sync_mutation' | 'support_visit' | 'training') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const loggedAnswered = await countApplied(db, [...answered]);
    const audited = Number(
      (
        await db
          .selectFrom('audit_entry')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', 'in', ['visit:record', 'training:record'])
          .executeTakeFirstOrThrow()
      ).n,
    );
    const [logged, visits, trainings] = [await count('sync_mutation'), await count('support_visit'), await count('training')];
    const stormSeconds = output.storm.seconds;
    const pushesPerSecond = output.storm.count / stormSeconds;
    const healthPerSecond = output.health.count / output.health.seconds;
    return {
      engine,
      options,
      setupSeconds: Number(setupSeconds.toFixed(1)),
      villages: villages.length,
      accounts,
      health: healthFigures(output.health),
      storm: {
        pushes: output.storm.count,
        notStarted: output.storm.notStarted,
        unanswered: output.storm.unanswered,
        retries: output.storm.retries,
        turnedAway: output.storm.turnedAway,
        /** Storm start → batch answered, what a phone waits, turned-away waits included. */
        completionP50Ms: output.storm.completion.p50Ms,
        completionP99Ms: output.storm.completion.p99Ms,
        seconds: Number(stormSeconds.toFixed(1)),
        mutationsPerSecond: Math.round(answered.size / stormSeconds),
        pushesPerSecond: Number(pushesPerSecond.toFixed(1)),
        p50Ms: output.storm.p50Ms,
        p99Ms: output.storm.p99Ms,
        maxMs: output.storm.maxMs,
        statuses: output.statuses,
      },
      /** Pushes of 50 per second over health checks per second, same concurrency, same run. */
      pushRatioToHealth: Number((pushesPerSecond / healthPerSecond).toFixed(3)),
      check: {
        answered: answered.size,
        /** Answered applied or duplicate, yet not recorded as applied. */
        lost: answered.size - loggedAnswered,
        /** Effects written twice: one audit entry per visit or training written. */
        duplicated: audited - (visits + trainings),
        logged,
        rows: visits + trainings,
        visitsAnswered,
        visits,
        trainings,
      },
    };
  } finally {
    await app.close();
    await handle.close();
  }
}

/** How many of these mutation ids the sync log holds as applied: every one answered `applied` or `duplicate` must be. */
export async function countApplied(db: Db, ids: readonly string[]): Promise<number> {
  let applied = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const row = await db
      .selectFrom('sync_mutation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids.slice(i, i + 1000))
      .where('status', '=', 'applied')
      .executeTakeFirstOrThrow();
    applied += Number(row.n);
  }
  return applied;
}

/** A health baseline as the load benches report it. */
export function healthFigures(health: Timing & { failed: number }) {
  return {
    requests: health.count,
    requestsPerSecond: Math.round(health.count / health.seconds),
    p50Ms: health.p50Ms,
    p99Ms: health.p99Ms,
    failed: health.failed,
  };
}

// ---- The load, in its own thread ----

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1));
}

export function timing(latencies: number[], seconds: number): Timing {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: latencies.length, seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: percentile(sorted, 100) };
}

export function request(
  agent: http.Agent,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string | number>,
  body?: Buffer,
  /** Silence after which the caller gives up, as a phone's timeout does (the answer is all the server sends). */
  timeoutMs = 300_000,
): Promise<{ status: number; body: string; retryAfter: number | null }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      const retryAfter = Number(res.headers['retry-after']);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Runs a bench's load in a worker thread of its own, so it does not steal the server's event loop:
 * the worker loads `moduleUrl` (Node 20 does not carry the TypeScript loader into workers, so it
 * goes through tsx), which answers `input` (its workerData) with one message.
 */
export function runInWorker<T>(moduleUrl: string, input: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const self = JSON.stringify(moduleUrl);
    const worker = new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${self}, ${self}))`, { eval: true, workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`bench client exited with ${code}`))));
  });
}

/** The baseline of a load run: `count` health checks at the same concurrency, until the deadline. */
export async function healthBaseline(
  agent: http.Agent,
  port: number,
  count: number,
  connections: number,
  deadline: number,
): Promise<Timing & { failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  await pool(Array.from({ length: count }), connections, deadline, async () => {
    const sent = performance.now();
    const res = await request(agent, port, 'GET', '/api/health', {}).catch(() => null);
    if (res?.status === 200) latencies.push(performance.now() - sent);
    else failed++;
  });
  return { ...timing(latencies, (performance.now() - started) / 1000), failed };
}

/** Runs `work` over `items` with at most `concurrency` at a time; stops starting new ones at `deadline`. */
export async function pool<T>(items: readonly T[], concurrency: number, deadline: number, work: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length && performance.now() < deadline) await work(items[next++]!);
    }),
  );
  return items.length - next;
}

async function runClient(input: ClientInput): Promise<ClientOutput> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.connections });
  const far = performance.now() + input.seconds * 1000;

  const health = await healthBaseline(agent, input.port, input.devices.length, input.connections, far);

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const answered: string[] = [];
  let retries = 0;
  let turnedAway = 0;
  let unanswered = 0;
  /** From the storm's start to the phone's batch answered: what the phone's user waits. */
  const completions: number[] = [];
  const stormStarted = performance.now();
  const hardEnd = stormStarted + input.seconds * 1000;
  const notStarted = await pool(input.devices, input.connections, stormStarted + input.seconds * 1000, async (device) => {
    const body = Buffer.from(JSON.stringify({ deviceId: device.id, appVersion: 'storm', mutations: device.mutations }));
    const headers = { 'content-type': 'application/json', 'content-length': body.length, cookie: device.cookie, 'x-csrf-token': device.csrfToken };
    // Like the phone: told to come back (503 with Retry-After), it waits that long; a failure
    // without an answer is retried at most three times.
    for (let failures = 0; failures < 4 && performance.now() < hardEnd;) {
      const started = performance.now();
      const res = await request(agent, input.port, 'POST', '/api/sync/push', headers, body).catch(() => null);
      if (res?.status === 503 && res.retryAfter !== null) {
        turnedAway++;
        await new Promise((resolve) => setTimeout(resolve, res.retryAfter! * 1000));
        continue;
      }
      if (res?.status !== 200) {
        failures++;
        retries++;
        continue;
      }
      latencies.push(performance.now() - started);
      completions.push(performance.now() - stormStarted);
      for (const result of (JSON.parse(res.body) as { results: { id: string; status: string }[] }).results) {
        statuses[result.status] = (statuses[result.status] ?? 0) + 1;
        if (result.status === 'applied' || result.status === 'duplicate') answered.push(result.id);
      }
      return;
    }
    unanswered++;
  });
  const seconds = (performance.now() - stormStarted) / 1000;
  const storm = { ...timing(latencies, seconds), retries, turnedAway, unanswered, notStarted, completion: timing(completions, seconds) };
  agent.destroy();
  return { health, storm, statuses, answered };
}

if (!isMainThread && (workerData as Partial<ClientInput> | null)?.syncStormClient) {
  runClient(workerData as ClientInput).then(
    (output) => parentPort!.postMessage(output),
    (error: unknown) => {
      throw error;
    },
  );
}
