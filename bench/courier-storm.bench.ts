import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildApp } from '../src/app.ts';
import type { Db, Engine } from '../src/platform/database.ts';
import { todayInVietnam } from '../src/platform/dates.ts';
import { newId } from '../src/platform/ids.ts';
import { createRandom, type Random } from '../src/platform/seeded-random.ts';
import { foldForSearch } from '../src/platform/text.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { SYSTEM_ACTOR } from '../src/imports/index.ts';
import { FIRST_YEAR, refreshDataValues, yearsFrom } from '../src/indicators/index.ts';
import { childPath, LEVEL, listUnitsAtLevel, upsertOrgUnits, villageCode, type NewOrgUnit } from '../src/territory/index.ts';
import {
  addCourier,
  addHub,
  insertManifests,
  insertParcels,
  listCarriers,
  requestDayPlan,
  setCarrierCodAccount,
  type NewParcel,
} from '../src/delivery/index.ts';
import type { CourierDay, CourierStop } from '../src/delivery/courier.schema.ts';
import { writeDayPlan } from '../src/delivery/route-plan.repository.ts';
import { PUSH_BATCH, PUSH_TIMEOUT_MS, retryDelay } from '../web/src/field/sync.rules.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { drain } from './load.ts';
import { countApplied, healthBaseline, healthFigures, request, runInWorker, timing, type benchSyncStorm, type Timing } from './sync-storm.bench.ts';

/**
 * The courier storm (issue 14): every courier of the province finds signal at the same moment
 * with its whole day on the phone. `couriers` couriers of the six carriers, each covering two
 * communes (its hub's and the next), each with `stopsPerCourier` parcels planned for today. Every phone logs in and pulls
 * its day through the API, as the courier app does; then all of them push at once, through the
 * same sync protocol as the field app: a hand reorder of the route, then every stop delivered (cash,
 * transfer or nothing to collect; the recipient's code or a signature) or failed. Each phone sends
 * the app's batches of 20 one after another with the app's 20-s timeout, waits what a 503's
 * Retry-After asks, and backs off as the app does after a failure; one batch in `resendEvery` is
 * sent again as soon as it is answered (the answer lost on the way) and must come back all
 * `duplicate`. Baseline, same run, same concurrency: health checks. Afterwards every parcel's
 * outcome is checked in the database: the event each answered mutation named is there, once, with
 * the parcel's state, and no parcel has two outcomes or two departures.
 *
 * Set-up uses the delivery module's public writers (hubs, COD accounts, couriers, each carrier's
 * manifest and its parcels in bulk, a plan asked for each carrier's day), except the plans' routes:
 * they are written as the planning job writes them, without its solver, which would take ~3 s for
 * each of 500 days (the solver's day is `courier-day`'s bench). The push goes through HTTP only, so
 * the bench measures whatever the push path becomes.
 *
 * The load comes from a worker thread, so it has its own event loop and does not steal the server's.
 */
export interface CourierStormOptions {
  couriers: number;
  stopsPerCourier: number;
  villagesPerCommune: number;
  hubsPerCarrier: number;
  /** One batch in this many is sent again as soon as it is answered. */
  resendEvery: number;
  /** No push starts after this many seconds of storm; those under way finish within the phone's timeout. */
  seconds: number;
}

export const FULL_COURIER_STORM: CourierStormOptions = {
  couriers: 500,
  stopsPerCourier: 70,
  villagesPerCommune: 4,
  hubsPerCarrier: 10,
  resendEvery: 10,
  seconds: 300,
};

interface Mutation {
  id: string;
  kind: 'parcel.deliver' | 'parcel.fail' | 'route.reorder';
  payload: Record<string, unknown>;
}

interface Phone {
  cookie: string;
  csrfToken: string;
  deviceId: string;
  mutations: Mutation[];
}

interface ClientInput {
  courierStormClient: true;
  port: number;
  seconds: number;
  resendEvery: number;
  phones: Phone[];
}

interface ClientOutput {
  health: Timing & { failed: number };
  storm: Timing & {
    turnedAway: number;
    /** Pushes answered by nothing (the phone's timeout) or by another error than 503. */
    failed: number;
    resends: number;
    /** Items of a resent batch answered other than `duplicate`: each one would be written twice. */
    resentNotDuplicate: number;
    phonesDone: number;
    phonesUnfinished: number;
    /** Storm start → the phone's last batch answered: what its courier waits. */
    completion: Timing;
  };
  statuses: Record<string, number>;
  /** Mutation ids answered applied or duplicate. */
  answered: string[];
  /** The first few refusals, to say why. */
  refusals: { id: string; status: string; code: string }[];
}

/** Runs `work` on every item, at most `concurrency` at a time, and keeps the results in order. */
async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const at = next++;
        results[at] = await work(items[at]!);
      }
    }),
  );
  return results;
}

const SIGNATURE = [
  [
    [40, 300],
    [180, 120],
    [320, 280],
    [470, 90],
  ],
  [
    [520, 260],
    [700, 240],
  ],
];
const FAILURES = ['not_home', 'unreachable', 'refused', 'wrong_address'] as const;

/**
 * A courier's day at the doors, as the app records it: the route reversed by hand first, then
 * every stop in the new order; one in ten failed, a COD paid by transfer one time in five, a
 * signature instead of the recipient's code one time in seven.
 */
function dayAtTheDoors(route: NonNullable<CourierDay['route']>, draws: Random): Mutation[] {
  const stops: CourierStop[] = [...route.stops].reverse();
  const started = Date.now() - stops.length * 60_000;
  const doors = stops.map((stop, i): Mutation => {
    const common = { eventId: newId(), parcelId: stop.parcelId, occurredAt: new Date(started + i * 60_000).toISOString() };
    if (draws.chance(0.1)) return { id: newId(), kind: 'parcel.fail', payload: { ...common, reason: draws.pick(FAILURES) } };
    return {
      id: newId(),
      kind: 'parcel.deliver',
      payload: {
        ...common,
        codAmount: stop.codAmount,
        payment: stop.codAmount === 0 ? null : draws.chance(0.2) ? 'transfer' : 'cash',
        proof: draws.chance(1 / 7) ? { kind: 'signature', strokes: SIGNATURE } : { kind: 'code', code: stop.trackingCode },
      },
    };
  });
  return [{ id: newId(), kind: 'route.reorder', payload: { routeId: route.id, parcelIds: stops.map((s) => s.parcelId) } }, ...doors];
}

/** The field storm's figures from the same invocation, reported beside the couriers'. */
export interface FieldStormFigure {
  bench: string;
  mutationsPerSecond: number;
  healthChecksPerMutation: number;
  acceptedP99Ms: number;
}

export function fieldStormFigure(bench: string, result: Awaited<ReturnType<typeof benchSyncStorm>>): FieldStormFigure {
  return {
    bench,
    mutationsPerSecond: result.storm.mutationsPerSecond,
    healthChecksPerMutation: Number((result.health.requestsPerSecond / Math.max(1, result.storm.mutationsPerSecond)).toFixed(2)),
    acceptedP99Ms: result.storm.p99Ms,
  };
}

const PASSWORD = 'courier-storm-password';

export async function benchCourierStorm(engine: Engine, options: CourierStormOptions = FULL_COURIER_STORM, fieldStorm?: FieldStormFigure) {
  const setupStarted = performance.now();
  const handle = await openTestDatabase(engine);
  const { db } = handle;
  await prepareDatabase(db);
  const draws = createRandom(20_261_205, 'courier-storm');
  const day = todayInVietnam();

  // Villages in every commune of the province, for the parcels to go to.
  const communes = await listUnitsAtLevel(db, '20', LEVEL.commune);
  const villagesOf = new Map<string, NewOrgUnit[]>();
  for (const commune of communes) {
    const villages = Array.from({ length: options.villagesPerCommune }, (_, i): NewOrgUnit => {
      const code = villageCode(commune.code, 900 + i);
      const name = `${commune.name} ${i + 1}`;
      return {
        code,
        parent_code: commune.code,
        level: LEVEL.village,
        kind: 'ban',
        name,
        full_name: `Bản ${name}`,
        search_name: foldForSearch(`Bản ${name}`),
        path: childPath(commune.path, code),
        province_code: '20',
        is_demo: true,
      };
    });
    villagesOf.set(commune.code, villages);
  }
  const allVillages = [...villagesOf.values()].flat();
  await upsertOrgUnits(db, allVillages);
  await refreshDataValues(db, { leafLevel: 'village', leaves: allVillages.map((v) => v.code), years: yearsFrom(FIRST_YEAR) });

  // Each carrier: its COD account, hubs in `hubsPerCarrier` communes, its share of the couriers. A
  // courier covers its hub's commune (where its day starts: the gate of its day's pull) and the next one.
  const carriers = await listCarriers(db);
  const hubs = new Map<string, { id: string; commune: number }>();
  for (const [c, carrier] of carriers.entries()) {
    await setCarrierCodAccount(db, SYSTEM_ACTOR, carrier.id, { bankBin: '970436', accountNumber: `045100012345${c}`, holderName: 'BUU CUC LANG SON' });
    for (let h = 0; h < options.hubsPerCarrier; h++) {
      const at = (c * 7 + h * Math.floor(communes.length / options.hubsPerCarrier)) % communes.length;
      const commune = communes[at]!;
      const hub = await addHub(db, SYSTEM_ACTOR, {
        carrierId: carrier.id,
        name: `Bưu cục ${carrier.name} ${commune.name}`,
        communeCode: commune.code,
        latitude: 21.85,
        longitude: 106.76,
        opensAt: 7 * 60,
        closesAt: 18 * 60,
      });
      hubs.set(`${c}/${h}`, { id: hub.id, commune: at });
    }
  }
  const couriers = await inParallel(
    Array.from({ length: options.couriers }, (_, k) => k),
    4,
    async (k) => {
      const carrier = k % carriers.length;
      const hub = hubs.get(`${carrier}/${Math.floor(k / carriers.length) % options.hubsPerCarrier}`)!;
      const covered = [communes[hub.commune]!, communes[(hub.commune + 1) % communes.length]!];
      const username = `giao.storm${k}`;
      const { accountId } = await addCourier(db, SYSTEM_ACTOR, {
        username,
        displayName: `Người giao ${k + 1}`,
        hubId: hub.id,
        communeCodes: covered.map((c) => c.code),
        capacityKg: 150,
        maxDayMinutes: 660,
        password: PASSWORD,
      });
      return { k, username, accountId, carrier, hubId: hub.id, villages: covered.flatMap((c) => villagesOf.get(c.code)!) };
    },
  );

  // Each courier's day: its parcels in its villages, one in three with COD, in each carrier's manifest of the day.
  const manifests = carriers.map((c) => ({ id: newId(), carrier_id: c.id, parcels: 0, imported_at: new Date().toISOString() }));
  const parcelsOf = couriers.map((courier) =>
    Array.from({ length: options.stopsPerCourier }, (_, s) => {
      const village = draws.pick(courier.villages);
      const manifest = manifests[courier.carrier]!;
      manifest.parcels++;
      return {
        id: newId(),
        carrier_id: manifest.carrier_id,
        tracking_code: `CS${String(courier.k).padStart(4, '0')}${String(s).padStart(3, '0')}`,
        source: 'manifest' as const,
        manifest_id: manifest.id,
        recipient_name: `Người nhận ${courier.k}-${s}`,
        phone: `+849${String(courier.k * 1000 + s).padStart(8, '0')}`,
        village_code: village.code,
        path: village.path,
        province_code: '20',
        cod_amount: draws.chance(1 / 3) ? 50_000 + draws.int(450) * 1000 : 0,
        weight_grams: 200 + draws.int(2800),
        window_start: 8 * 60,
        window_end: 17 * 60,
        due_on: day,
      } satisfies NewParcel;
    }),
  );
  await db.transaction().execute(async (tx) => {
    await insertManifests(tx, manifests);
    const all = parcelsOf.flat();
    for (let i = 0; i < all.length; i += 1000) await insertParcels(tx, all.slice(i, i + 1000));
  });

  // The day asked for by carrier, then its routes written as the planning job writes them: each courier its own parcels.
  for (const [c, carrier] of carriers.entries()) {
    const { planId } = await requestDayPlan(db, SYSTEM_ACTOR, carrier.id, day);
    const routes = couriers
      .filter((courier) => courier.carrier === c)
      .map((courier) => ({
        id: newId(),
        courierAccountId: courier.accountId,
        hubId: courier.hubId,
        distanceM: 60_000,
        returnsAt: 8 * 60 + options.stopsPerCourier * 6 + 60,
        stops: parcelsOf[courier.k]!.map((p, i) => ({ parcelId: p.id, arrivesAt: 8 * 60 + i * 6 })),
      }));
    await db.transaction().execute((tx) => writeDayPlan(tx, { id: planId, carrierId: carrier.id, day, solveMs: 0, unassigned: [], routes }));
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const app = await buildApp(handle);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  try {
    // Every phone logs in and pulls its day, as in the morning at the hub.
    const phonesStarted = performance.now();
    const routeOf = new Map<number, string>();
    const phones = await inParallel(couriers, 8, async (courier): Promise<Phone> => {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: courier.username, password: PASSWORD }),
      });
      if (!login.ok) throw new Error(`log-in of ${courier.username}: ${login.status} ${await login.text()}`);
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const pulled = await fetch(`${base}/api/delivery/courier/day`, { headers: { cookie } });
      if (!pulled.ok) throw new Error(`day of ${courier.username}: ${pulled.status} ${await pulled.text()}`);
      const { route } = (await pulled.json()) as CourierDay;
      if (route?.stops.length !== options.stopsPerCourier) throw new Error(`${courier.username} pulled ${route?.stops.length ?? 'no'} stops`);
      routeOf.set(courier.k, route.id);
      return { cookie, csrfToken, deviceId: newId(), mutations: dayAtTheDoors(route, createRandom(courier.k, 'courier-storm-doors')) };
    });
    const phonesSeconds = (performance.now() - phonesStarted) / 1000;

    const input: ClientInput = { courierStormClient: true, port, seconds: options.seconds, resendEvery: options.resendEvery, phones };
    const output = await runInWorker<ClientOutput>(import.meta.url, input);
    await drain(base);

    const check = await checkOutcomes(handle.db, phones, output.answered, couriers, routeOf);
    const stormSeconds = output.storm.seconds;
    const mutationsPerSecond = output.answered.length / stormSeconds;
    const healthPerSecond = output.health.count / output.health.seconds;
    return {
      engine,
      options,
      setupSeconds: Number(setupSeconds.toFixed(1)),
      /** Log-in and the day's pull of every phone, 8 at a time. */
      phonesSeconds: Number(phonesSeconds.toFixed(1)),
      carriers: carriers.length,
      couriers: couriers.length,
      parcels: couriers.length * options.stopsPerCourier,
      health: healthFigures(output.health),
      storm: {
        seconds: Number(stormSeconds.toFixed(1)),
        mutationsPerSecond: Math.round(mutationsPerSecond),
        pushes: output.storm.count,
        /** An accepted push (200), sent → answered. */
        p50Ms: output.storm.p50Ms,
        p99Ms: output.storm.p99Ms,
        maxMs: output.storm.maxMs,
        turnedAway: output.storm.turnedAway,
        failed: output.storm.failed,
        resends: output.storm.resends,
        resentNotDuplicate: output.storm.resentNotDuplicate,
        phonesDone: output.storm.phonesDone,
        phonesUnfinished: output.storm.phonesUnfinished,
        completionP50Ms: output.storm.completion.p50Ms,
        completionP99Ms: output.storm.completion.p99Ms,
        statuses: output.statuses,
        refusals: output.refusals,
      },
      /** Health checks answered in the time of one mutation, same run, same concurrency: the figure to compare across runs. */
      healthChecksPerMutation: Number((healthPerSecond / Math.max(mutationsPerSecond, 1e-9)).toFixed(2)),
      fieldStorm: fieldStorm ?? null,
      check,
    };
  } finally {
    await app.close();
    await handle.close();
  }
}

/**
 * Every parcel's outcome, from the database: each answered door mutation's event is there with its
 * kind, the parcel in that state after one attempt; no parcel with two outcomes or two departures,
 * nor more audit entries than outcomes; each answered reorder is the route's order.
 */
async function checkOutcomes(
  db: Db,
  phones: readonly Phone[],
  answeredIds: readonly string[],
  couriers: readonly { k: number }[],
  routeOf: ReadonlyMap<number, string>,
) {
  const answered = new Set(answeredIds);
  const doors = phones.flatMap((p) => p.mutations.filter((m) => m.kind !== 'route.reorder'));
  const expected = new Map(
    doors.map((m) => [
      m.payload.eventId as string,
      { answered: answered.has(m.id), parcelId: m.payload.parcelId as string, kind: m.kind === 'parcel.deliver' ? 'delivered' : 'failed', m },
    ]),
  );
  const parcelIds = doors.map((m) => m.payload.parcelId as string);
  const chunks = <T>(items: readonly T[]) => Array.from({ length: Math.ceil(items.length / 1000) }, (_, i) => items.slice(i * 1000, i * 1000 + 1000));

  let lost = 0;
  let appliedUnanswered = 0;
  let wrongState = 0;
  let cashExpected = 0;
  let cashRecorded = 0;
  const found = new Set<string>();
  for (const ids of chunks([...expected.keys()])) {
    const rows = await db
      .selectFrom('delivery_event as e')
      .innerJoin('parcel as p', 'p.id', 'e.parcel_id')
      .select(['e.id', 'e.kind', 'e.parcel_id', 'e.cod_collected', 'p.state', 'p.attempts'])
      .where('e.id', 'in', ids)
      .execute();
    for (const row of rows) {
      const want = expected.get(row.id)!;
      if (row.kind !== want.kind || row.parcel_id !== want.parcelId) continue;
      found.add(row.id);
      if (row.state !== want.kind || row.attempts !== 1) wrongState++;
      if (want.answered) cashRecorded += Number(row.cod_collected);
      else appliedUnanswered++;
    }
  }
  for (const [eventId, want] of expected) {
    if (!want.answered) continue;
    if (!found.has(eventId)) lost++;
    if (want.m.payload.payment === 'cash') cashExpected += want.m.payload.codAmount as number;
  }

  const logged = await countApplied(db, [...answered]);

  // Written twice: a second outcome or departure of a parcel, an outcome audited twice.
  let twice = 0;
  let outcomes = 0;
  for (const ids of chunks(parcelIds)) {
    const perParcel = await db
      .selectFrom('delivery_event')
      .select(['parcel_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('parcel_id', 'in', ids)
      .groupBy(['parcel_id', 'kind'])
      .execute();
    const finals = new Map<string, number>();
    for (const row of perParcel) {
      const n = Number(row.n);
      if (row.kind === 'out_for_delivery') twice += n - 1;
      else finals.set(row.parcel_id, (finals.get(row.parcel_id) ?? 0) + n);
    }
    for (const n of finals.values()) {
      twice += n - 1;
      outcomes += n;
    }
  }
  const audited = Number(
    (
      await db
        .selectFrom('audit_entry')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', 'in', ['parcel:delivered', 'parcel:failed'])
        .where('outcome', '=', 'ok')
        .executeTakeFirstOrThrow()
    ).n,
  );

  // Each answered reorder is the route's order now (nothing else moves a stop).
  const reorders = phones.map((p) => p.mutations[0]!);
  let reordersAnswered = 0;
  let reordersLost = 0;
  for (const courier of couriers) {
    const reorder = reorders[courier.k]!;
    if (!answered.has(reorder.id)) continue;
    reordersAnswered++;
    const stops = await db.selectFrom('route_stop').select('parcel_id').where('route_id', '=', routeOf.get(courier.k)!).orderBy('position').execute();
    if (stops.map((s) => s.parcel_id).join() !== (reorder.payload.parcelIds as string[]).join()) reordersLost++;
  }

  const answeredDoors = [...expected.values()].filter((e) => e.answered).length;
  return {
    answered: answered.size,
    answeredDoors,
    /** Answered applied or duplicate, yet its event, or its log entry as applied, is missing. */
    lost: lost + (answered.size - logged) + reordersLost,
    /** A second outcome or departure of a parcel, or an outcome audited twice. */
    duplicated: twice + Math.max(0, audited - outcomes),
    outcomes,
    audited,
    /** Applied, though the phone never heard (timed out, or under way at the cap): kept once, answered `duplicate` on the next push. */
    appliedUnanswered,
    /** A parcel whose state or attempts do not follow its one answered outcome. */
    wrongState,
    reordersAnswered,
    cashExpected,
    cashRecorded,
  };
}

// ---- The load, in its own thread ----

async function runClient(input: ClientInput): Promise<ClientOutput> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.phones.length });
  const connections = input.phones.length;
  const far = performance.now() + input.seconds * 1000;
  const health = await healthBaseline(agent, input.port, connections * 10, connections, far);

  const draws = createRandom(20_261_205, 'courier-storm-client');
  const latencies: number[] = [];
  const completions: number[] = [];
  const statuses: Record<string, number> = {};
  const answered = new Set<string>();
  const refusals: ClientOutput['refusals'] = [];
  let turnedAway = 0;
  let failed = 0;
  let resends = 0;
  let resentNotDuplicate = 0;
  let phonesDone = 0;
  const stormStarted = performance.now();
  const cap = stormStarted + input.seconds * 1000;

  const push = (phone: Phone, body: Buffer) =>
    request(
      agent,
      input.port,
      'POST',
      '/api/sync/push',
      { 'content-type': 'application/json', 'content-length': body.length, cookie: phone.cookie, 'x-csrf-token': phone.csrfToken },
      body,
      PUSH_TIMEOUT_MS,
    ).catch(() => null);

  // A phone: its outbox in batches, in order, until empty or the cap.
  const runPhone = async (phone: Phone, index: number) => {
    let waiting = phone.mutations;
    let failures = 0;
    let batches = 0;
    const wait = (retryAfterMs: number | null) => sleep(Math.min(retryDelay(failures, draws.next(), retryAfterMs), Math.max(0, cap - performance.now())));
    while (waiting.length > 0 && performance.now() < cap) {
      const batch = waiting.slice(0, PUSH_BATCH);
      const body = Buffer.from(JSON.stringify({ deviceId: phone.deviceId, appVersion: 'courier-storm', mutations: batch }));
      const sent = performance.now();
      const res = await push(phone, body);
      if (res?.status !== 200) {
        failures++;
        if (res?.status === 503) turnedAway++;
        else failed++;
        await wait(res?.status === 503 && res.retryAfter !== null ? res.retryAfter * 1000 : null);
        continue;
      }
      latencies.push(performance.now() - sent);
      const results = (JSON.parse(res.body) as { results: { id: string; status: string; error?: { code: string } }[] }).results;
      const settled = new Set<string>();
      for (const result of results) {
        settled.add(result.id);
        statuses[result.status] = (statuses[result.status] ?? 0) + 1;
        if (result.status === 'applied' || result.status === 'duplicate') answered.add(result.id);
        else if (refusals.length < 10) refusals.push({ id: result.id, status: result.status, code: result.error?.code ?? '' });
      }
      // The answer lost on the way: the phone sends the same batch again, which must change nothing.
      if ((index + batches++) % input.resendEvery === 0) {
        resends++;
        const again = await push(phone, body);
        if (again?.status === 200) {
          const replayed = (JSON.parse(again.body) as { results: { id: string; status: string }[] }).results;
          resentNotDuplicate += replayed.filter((r) => settled.has(r.id) && r.status !== 'duplicate').length;
        }
      }
      waiting = waiting.filter((m) => !settled.has(m.id));
      if (settled.size === 0) {
        failures++;
        await wait(null);
      } else failures = 0;
    }
    if (waiting.length === 0) {
      phonesDone++;
      completions.push(performance.now() - stormStarted);
    }
  };
  await Promise.all(input.phones.map(runPhone));
  const seconds = (performance.now() - stormStarted) / 1000;
  agent.destroy();
  return {
    health,
    storm: {
      ...timing(latencies, seconds),
      turnedAway,
      failed,
      resends,
      resentNotDuplicate,
      phonesDone,
      phonesUnfinished: input.phones.length - phonesDone,
      completion: timing(completions, seconds),
    },
    statuses,
    answered: [...answered],
    refusals,
  };
}

if (!isMainThread && (workerData as Partial<ClientInput> | null)?.courierStormClient) {
  runClient(workerData as ClientInput).then(
    (output) => parentPort!.postMessage(output),
    (error: unknown) => {
      throw error;
    },
  );
}
