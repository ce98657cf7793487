/**
 * `npm run bench -- national`: the federation on real PostgreSQL servers. The bench starts its own
 * clusters (initdb and pg_ctl of PostgreSQL 15, each on its own port and data folder in a
 * temporary folder, stopped and removed at the end): one national server and a few province
 * servers, each with a Bản Số app listening on loopback. Reduced scale: the Lạng Sơn server holds
 * the demo province (households, teams, coverage) at DEMO_SCALE; the other provinces hold
 * generated aggregate values for every commune of theirs (not households), which is what the
 * nation reads of them. Then, on one server, the scaling curve of rebuild time and storage
 * (`national-curve`: to scale 20, its large points made by copying scale 1's households in SQL).
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/database.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { generateDemoProvince } from '../src/demo/generate-demo-province.ts';
import { rebuildIndicators } from '../src/indicators/refresh-data-values.ts';
import { dataElementCodes } from '../src/indicators/sources.ts';
import { yearsFrom, FIRST_YEAR } from '../src/indicators/periods.ts';
import { recordSurvey } from '../src/households/register-household.ts';
import { loadNationalTerritory } from '../src/territory/load-national-territory.ts';
import { upsertOrgUnits } from '../src/territory/org-unit.repository.ts';
import { linkProvince } from '../src/national/link-province.ts';
import { pullProvince } from '../src/national/pull-province.ts';
import { readNationalScorecard, readNationalScorecardJson } from '../src/national/read-national-scorecard.ts';
import type { Actor } from '../src/accounts/access.policy.ts';
import type { HttpServer } from '../src/platform/http.ts';
import { drain, loadFromChild, ratio } from './load.ts';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';
const FIRST_PORT = 55_440;
const TOKEN = 'bench-exchange-token-0000';
const DEMO_SCALE = 0.05;
/** The other province servers: Cao Bằng, Hà Nội, Điện Biên. */
const OTHER_PROVINCES = ['04', '01', '11'];
const CURVE_SCALES: CurvePlan = { generated: [0.05, 0.1, 0.2] };
/**
 * The issue's curve, 0.1 to 20 (about 20,000 to 4.1 million households), as far as the budget
 * goes: 0.1 and 1 generated, 2 to 20 scale 1's households copied (generating scale 20 would take
 * hours here).
 */
const FULL_CURVE: CurvePlan = { generated: [0.1], replicated: { base: 1, scales: [2, 5, 10, 20] } };
/** The federation's run stays within 10 minutes; its small curve gets 8 of them. */
const CURVE_BUDGET_MS = 8 * 60_000;
/** The curve alone is a bounded run of its own on a shared machine. */
const FULL_CURVE_BUDGET_MS = 25 * 60_000;
const NATIONAL_HOUSEHOLDS = 27_000_000;
const YEAR = String(new Date().getFullYear());
const SYSTEM: Actor = {
  id: '00000000-0000-7000-8000-000000000000',
  username: 'bench',
  displayName: 'bench',
  roles: [{ role: 'province_admin', orgUnitCode: '20', scopePath: '20' }],
};

/** initdb refuses to run as root: the clusters then belong to the postgres user. */
const asOwner = (command: string, args: string[]) =>
  process.getuid?.() === 0 ? (['runuser', ['-u', 'postgres', '--', command, ...args]] as const) : ([command, args] as const);

interface Cluster {
  port: number;
  folder: string;
  url: string;
  stop(): Promise<void>;
}

async function startCluster(root: string, index: number): Promise<Cluster> {
  const folder = path.join(root, `cluster-${index}`);
  const port = FIRST_PORT + index;
  const [initdb, initArgs] = asOwner(`${BIN}/initdb`, ['-D', folder, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  await run(initdb, [...initArgs]);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c shared_buffers=64MB -c fsync=off -c max_connections=60`;
  const [ctl, ctlArgs] = asOwner(`${BIN}/pg_ctl`, ['-D', folder, '-o', options, '-l', path.join(root, `cluster-${index}.log`), '-w', 'start']);
  await run(ctl, [...ctlArgs]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    port,
    folder,
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      const [stopCtl, stopArgs] = asOwner(`${BIN}/pg_ctl`, ['-D', folder, '-m', 'fast', '-w', 'stop']);
      await run(stopCtl, [...stopArgs]);
    },
  };
}

interface ProvinceServer {
  code: string;
  cluster: Cluster;
  handle: DatabaseHandle;
  app: HttpServer;
  url: string;
}

async function serve(cluster: Cluster, code: string, fill: (handle: DatabaseHandle) => Promise<void>): Promise<ProvinceServer> {
  const handle = await openDatabase({ databaseUrl: cluster.url });
  await migrateToLatest(handle.db);
  await prepareDatabase(handle.db);
  await fill(handle);
  const app = await buildApp(handle, { exchangeToken: TOKEN });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { code, cluster, handle, app, url };
}

/**
 * A province of generated aggregates: one village per commune (so the server serves the
 * province), and every data element's value for every commune and year, summed up to the province.
 */
async function fillAggregates(handle: DatabaseHandle, province: string): Promise<void> {
  await loadNationalTerritory(handle.db);
  const communes = await handle.db.selectFrom('org_unit').select(['code', 'path']).where('province_code', '=', province).where('level', '=', 2).execute();
  await upsertOrgUnits(
    handle.db,
    communes.map((c) => ({
      code: `${c.code}001`,
      parent_code: c.code,
      level: 3,
      kind: 'thon' as const,
      name: 'Mẫu',
      full_name: 'Thôn Mẫu',
      search_name: 'thon mau',
      path: `${c.path}.${c.code}001`,
      province_code: province,
      is_demo: true,
    })),
  );
  const rows: { element: string; period: string; unit: string; value: number }[] = [];
  let seed = Number(province) + 1;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  for (const year of yearsFrom(FIRST_YEAR).map(String)) {
    for (const element of dataElementCodes()) {
      let total = 0;
      for (const c of communes) {
        const value = Math.round(200 + random() * 2000);
        total += value;
        rows.push({ element, period: year, unit: c.code, value });
      }
      rows.push({ element, period: year, unit: province, value: total });
    }
  }
  await sql`insert into data_value (data_element, period, org_unit_code, province_code, value, leaves)
    select e, p, u, ${province}, v, 1 from unnest(${rows.map((r) => r.element)}::text[], ${rows.map((r) => r.period)}::text[], ${rows.map((r) => r.unit)}::text[], ${rows.map((r) => r.value)}::numeric[]) as t(e, p, u, v)`.execute(
    handle.db,
  );
}

const elapsed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, Math.round(performance.now() - started)];
};

/** How a point's rows were made: by the demo generator, or scale 1's households copied in SQL. */
type Made = 'generated' | 'replicated';

interface CurvePoint {
  scale: number;
  made: Made;
  households: number;
  surveys: number;
  /** Seconds to make the point's rows: generate the demo, or copy scale 1's households up to this scale. */
  makeSeconds: number;
  rebuildSeconds: number;
  megabytes: number;
  /** Rebuild seconds per household, as a ratio to the first point's (same run, same machine): 1 is linear. */
  rebuildPerHouseholdRatio: number;
  /** The machine's one-minute load average when the rebuild ended: two cores shared with other work. */
  loadAverage: number;
}

/** The curve's points: if asked, a demo province generated at `replicated.base` whose households are copied up to each of `replicated.scales`; then demo provinces generated at `generated` scales, each in its own database. */
interface CurvePlan {
  generated: readonly number[];
  replicated?: { base: number; scales: readonly number[] };
}

const REPLICATION_NOTE =
  'Points marked "replicated": the demo province generated at scale 1 (demo generator, seed 1), then every one of its households copied into the same village until there are k times as many, ' +
  'each copy with all its surveys and support visits: one insert … select per table from the scale-1 rows, every copied row a new UUIDv7 (made in SQL from the clock and random bits), ' +
  'the copy of household "Hộ 001" labelled "Hộ 001 #2", "#3"…; villages, teams, trainings, coverage and the market stay those of scale 1 (they are per village, not per household). ' +
  'At every point, generated or replicated: ANALYZE, then every stored indicator value deleted and rebuilt from the raw rows (rebuildIndicators, a first build), then pg_database_size.';

/** A UUIDv7 made in SQL (PostgreSQL 15 has no function for it): 48 bits of Unix milliseconds, then random bits with version 7 and variant 10, as the app's ids. */
const UUID_V7 =
  "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid";

/** A table's columns in order, so the copies follow the schema the migrations made (generated columns are left to the database). */
async function columnsOf(db: DatabaseHandle['db'], table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(db);
  return rows.map((r) => r.name);
}

/** Copies `source` rows through the copy map `m`: the columns named in `replaced` take those expressions, every other column its source value. */
async function copyRows(db: DatabaseHandle['db'], table: string, join: string, replaced: Record<string, string>): Promise<void> {
  const columns = await columnsOf(db, table);
  const values = columns.map((c) => replaced[c] ?? `s.${c}`);
  await sql`${sql.raw(`insert into ${table} (${columns.join(', ')}) select ${values.join(', ')} from curve_copy m join ${table} s on ${join}`)}`.execute(db);
}

/**
 * Copies every household generated at the base scale (a label without " #") into its own village
 * `copies` times more, numbered from `firstCopy`, with its surveys and support visits: real rows
 * for the rebuild to read, made in SQL because generating scale 20 takes hours on this machine.
 */
async function replicateHouseholds(db: DatabaseHandle['db'], firstCopy: number, lastCopy: number): Promise<void> {
  await sql`${sql.raw(`create unlogged table curve_copy as select h.id as original_id, c.copy, ${UUID_V7} as id
    from household h cross join generate_series(${firstCopy}, ${lastCopy}) as c(copy) where h.label not like '% #%'`)}`.execute(db);
  try {
    await sql`create index on curve_copy (original_id)`.execute(db);
    await copyRows(db, 'household', 's.id = m.original_id', { id: 'm.id', label: `s.label || ' #' || m.copy` });
    for (const table of ['household_survey', 'support_visit'])
      await copyRows(db, table, 's.household_id = m.original_id', { id: UUID_V7, household_id: 'm.id' });
  } finally {
    await sql`drop table curve_copy`.execute(db);
  }
}

/** Households and surveys in the database, and its size. */
async function sizeOf(db: DatabaseHandle['db']): Promise<{ households: number; surveys: number; megabytes: number }> {
  const { rows } = await sql<{ households: string; surveys: string; bytes: string }>`
    select (select count(*) from household)::text as households, (select count(*) from household_survey)::text as surveys,
      pg_database_size(current_database())::text as bytes`.execute(db);
  const row = rows[0]!;
  return { households: Number(row.households), surveys: Number(row.surveys), megabytes: Math.round(Number(row.bytes) / 1e6) };
}

/** Statistics, then every stored value deleted and rebuilt from the raw rows (a first build, at every point alike), then the size. */
async function measurePoint(handle: DatabaseHandle, scale: number, made: Made, makeSeconds: number, first: CurvePoint | undefined): Promise<CurvePoint> {
  await sql`analyze`.execute(handle.db);
  await sql`truncate data_value`.execute(handle.db);
  const { seconds } = await rebuildIndicators(handle.db);
  const loadAverage = Number(os.loadavg()[0]!.toFixed(1));
  const size = await sizeOf(handle.db);
  const point = {
    scale,
    made,
    ...size,
    makeSeconds: Math.round(makeSeconds * 10) / 10,
    rebuildSeconds: Number(seconds.toFixed(2)),
    rebuildPerHouseholdRatio: first ? Number((seconds / size.households / (first.rebuildSeconds / first.households)).toFixed(2)) : 1,
    loadAverage,
  };
  console.error(`curve: ${JSON.stringify(point)}`);
  return point;
}

/** A database of its own on the cluster for `work`, dropped afterwards. */
async function inDatabase<T>(cluster: Cluster, name: string, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const admin = await openDatabase({ databaseUrl: cluster.url });
  await sql`${sql.raw(`create database ${name}`)}`.execute(admin.db);
  const handle = await openDatabase({ databaseUrl: cluster.url.replace(/\/postgres$/, `/${name}`) });
  try {
    await migrateToLatest(handle.db);
    await prepareDatabase(handle.db);
    return await work(handle);
  } finally {
    await handle.close();
    await sql`${sql.raw(`drop database ${name}`)}`.execute(admin.db);
    await admin.close();
  }
}

/** Households of Lạng Sơn's demo at scale 1, for predictions before a point is made. */
const HOUSEHOLDS_AT_SCALE_1 = 205_000;

/**
 * The curve, point after point within the budget: a point is skipped, and every larger one, when
 * the last point's seconds per household (making its rows and rebuilding) say it would end past
 * the budget; the reason is reported.
 */
async function scalingCurve(cluster: Cluster, plan: CurvePlan, budgetMs: number) {
  const started = performance.now();
  const points: CurvePoint[] = [];
  const skipped: { scales: number[]; reason: string }[] = [];
  /** Whether a point predicted to take `predictedMs` still fits; if not, it and the larger ones are skipped. */
  const fits = (scales: readonly number[], predictedMs: number) => {
    const leftMs = budgetMs - (performance.now() - started);
    if (predictedMs <= leftMs) return true;
    skipped.push({
      scales: [...scales],
      reason: `scale ${scales[0]} predicted ${Math.round(predictedMs / 1000)} s (from scale ${points.at(-1)?.scale}'s seconds per household), ${Math.round(Math.max(0, leftMs) / 1000)} s left of the budget`,
    });
    return false;
  };
  const perHousehold = (point: CurvePoint, seconds: number) => (seconds * 1000) / point.households;
  /** Milliseconds to generate and rebuild the demo at `scale`, at the last generated point's rates (none yet: nothing to predict from). */
  const generating = (scale: number) => {
    const last = points.filter((p) => p.made === 'generated').at(-1);
    return last ? (perHousehold(last, last.makeSeconds) + perHousehold(last, last.rebuildSeconds)) * HOUSEHOLDS_AT_SCALE_1 * scale : 0;
  };

  // The large points first: the issue's interest, and what a bounded run most often cannot reach.
  const replicated = plan.replicated;
  if (replicated && fits([replicated.base, ...replicated.scales], generating(replicated.base))) {
    await inDatabase(cluster, 'curve_replicated', async (handle) => {
      const [summary, generateMs] = await elapsed(() => generateDemoProvince(handle.db, { seed: 1, scale: replicated.base }));
      const base = await measurePoint(handle, replicated.base, 'generated', generateMs / 1000, points[0]);
      points.push(base);
      // Each household is there `copies` times. Until a copy has been timed, copying one is taken to
      // cost a third of generating it (measured 2026-12-05: 124 s against 401 s for scale 1's 205,000).
      let copies = 1;
      let copyMsPerHousehold = (base.makeSeconds * 1000) / summary.households / 3;
      for (const [i, scale] of replicated.scales.entries()) {
        const factor = Math.round(scale / replicated.base);
        const copied = summary.households * (factor - copies);
        const predictedMs = copyMsPerHousehold * copied + perHousehold(points.at(-1)!, points.at(-1)!.rebuildSeconds) * summary.households * factor;
        if (!fits(replicated.scales.slice(i), predictedMs)) break;
        const [, copyMs] = await elapsed(() => replicateHouseholds(handle.db, copies + 1, factor));
        points.push(await measurePoint(handle, scale, 'replicated', copyMs / 1000, points[0]));
        copyMsPerHousehold = copyMs / copied;
        copies = factor;
      }
    });
  }

  // Then the small ones, generated each in its own database, with the time left.
  for (const [i, scale] of plan.generated.entries()) {
    if (!fits(plan.generated.slice(i), generating(scale))) break;
    points.push(
      await inDatabase(cluster, `curve_${String(scale).replace('.', '_')}`, async (handle) => {
        const [, generateMs] = await elapsed(() => generateDemoProvince(handle.db, { seed: 1, scale }));
        return measurePoint(handle, scale, 'generated', generateMs / 1000, points[0]);
      }),
    );
  }

  // Least squares through the points: time and storage per household, and what is there at zero.
  const fit = (ys: number[]) => {
    const xs = points.map((p) => p.households);
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    const slope = xs.reduce((sum, x, j) => sum + (x - mx) * (ys[j]! - my), 0) / xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
    return { perMillion: slope * 1e6, atZero: my - slope * mx };
  };
  const time = fit(points.map((p) => p.rebuildSeconds));
  const storage = fit(points.map((p) => p.megabytes));
  const at = (f: { perMillion: number; atZero: number }, households: number) => Math.round(f.atZero + (f.perMillion * households) / 1e6);
  return {
    method: replicated
      ? REPLICATION_NOTE
      : 'Every point generated by the demo generator (seed 1); then ANALYZE, every stored value deleted and rebuilt, pg_database_size.',
    points,
    skipped,
    seconds: Math.round((performance.now() - started) / 1000),
    budgetSeconds: budgetMs / 1000,
    rebuildSecondsPerMillionHouseholds: Number(time.perMillion.toFixed(1)),
    megabytesPerMillionHouseholds: Math.round(storage.perMillion),
    extrapolated: {
      oneProvinceOfLangSon: { households: 205_000, rebuildSeconds: at(time, 205_000), megabytes: at(storage, 205_000) },
      averageProvinceServer: {
        note: 'about 1/34 of the nation; Hà Nội and Hồ Chí Minh City about 3x that',
        households: Math.round(NATIONAL_HOUSEHOLDS / 34),
        rebuildSeconds: at(time, NATIONAL_HOUSEHOLDS / 34),
        megabytes: at(storage, NATIONAL_HOUSEHOLDS / 34),
      },
      nationOnOneServer: {
        households: NATIONAL_HOUSEHOLDS,
        rebuildSeconds: at(time, NATIONAL_HOUSEHOLDS),
        gigabytes: Number((at(storage, NATIONAL_HOUSEHOLDS) / 1000).toFixed(1)),
      },
    },
  };
}

/** A temporary folder the clusters' owner may write in (initdb refuses to run as root). */
async function clusterRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'banso-national-'));
  await chmod(root, 0o755);
  if (process.getuid?.() === 0) {
    const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
    await chown(root, await id('-u'), await id('-g'));
  }
  return root;
}

/**
 * `npm run bench -- national-curve`: the scaling curve alone, on one cluster of its own, from
 * scale 0.1 towards the issue's 20 for as long as the budget allows (a bounded run on a shared machine).
 */
export async function benchNationalCurve(budgetMs = FULL_CURVE_BUDGET_MS) {
  const root = await clusterRoot();
  // Its own port, clear of the federation's clusters (indexes 0 to 4): the two may run side by side.
  const cluster = await startCluster(root, 5);
  try {
    return { curve: await scalingCurve(cluster, FULL_CURVE, budgetMs) };
  } finally {
    await cluster.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
}

export async function benchNational() {
  const root = await clusterRoot();
  const clusters: Cluster[] = [];
  const servers: ProvinceServer[] = [];
  try {
    for (let i = 0; i < OTHER_PROVINCES.length + 2; i++) clusters.push(await startCluster(root, i));
    const [nationCluster, langSonCluster, ...others] = clusters;

    const [langSon, langSonSetupMs] = await elapsed(() =>
      serve(langSonCluster!, '20', async (h) => {
        await generateDemoProvince(h.db, { seed: 1, scale: DEMO_SCALE });
        await rebuildIndicators(h.db);
      }),
    );
    servers.push(langSon);
    for (const [i, code] of OTHER_PROVINCES.entries()) servers.push(await serve(others[i]!, code, (h) => fillAggregates(h, code)));

    const nation = await serve(nationCluster!, '00', (h) => loadNationalTerritory(h.db).then(() => undefined));
    for (const s of servers) await linkProvince(nation.handle.db, { provinceCode: s.code, baseUrl: s.url, token: TOKEN, timeoutMs: 3000 });
    const pulls = [];
    for (const s of servers) {
      const [outcome, ms] = await elapsed(() => pullProvince(nation.handle.db, s.code, yearsFrom(FIRST_YEAR).map(String)));
      pulls.push({ province: s.code, ...outcome, ms });
    }

    // One answer computed from the pulled rows, against one from memory (decision 0044), in this process.
    const perAnswer = async (read: () => Promise<unknown>) => {
      const [, ms] = await elapsed(async () => {
        for (let i = 0; i < 50; i++) await read();
      });
      return ms / 50;
    };
    const scorecardComputedMs = await perAnswer(() => readNationalScorecard(nation.handle.db, YEAR));
    const scorecardFromMemoryMs = await perAnswer(() => readNationalScorecardJson(nation.handle.db, YEAR));

    // The scorecard under 50 connections, against the health check in the same run.
    const health = await loadFromChild(`${nation.url}/api/health`, { connections: 50, seconds: 8 });
    const scorecard = await loadFromChild(`${nation.url}/api/national/scorecard?period=${YEAR}`, { connections: 50, seconds: 8 });
    await drain(nation.url);

    // A write in Lạng Sơn to the nation's figure: the write, then one pull (the schedule adds up to its period).
    // The household's latest survey replaced with its fibre flipped, so the figure must move (in a
    // year of many households: a cell of one alone would be suppressed, as for the public).
    const latest = await langSon.handle.db
      .selectFrom('household_survey')
      .selectAll()
      .orderBy('household_id')
      .orderBy('surveyed_on', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const surveyedOn = String(latest.surveyed_on).slice(0, 10);
    const year = surveyedOn.slice(0, 4);
    const fibreOf = async () =>
      (await readNationalScorecard(nation.handle.db, year)).provinces.find((p) => p.code === '20')!.values.find((v) => v.indicator === 'HH_FIBER')?.numerator;
    const before = await fibreOf();
    const [, writeMs] = await elapsed(() =>
      recordSurvey(langSon.handle.db, SYSTEM, latest.household_id, {
        surveyedOn,
        members: latest.members,
        adults: latest.adults,
        smartphoneOwners: latest.smartphone_owners,
        epayAdults: latest.epay_adults,
        homeFtth: !latest.home_ftth,
        vneidUsers: latest.vneid_users,
        ehealthUsers: latest.ehealth_users,
        bankingUsers: latest.banking_users,
      }),
    );
    const [, pullMs] = await elapsed(() => pullProvince(nation.handle.db, '20', yearsFrom(FIRST_YEAR).map(String)));
    const after = await fibreOf();

    // One province server stopped: its app and its PostgreSQL.
    const stoppedServer = servers[1]!;
    await stoppedServer.app.close();
    await stoppedServer.handle.close();
    await stoppedServer.cluster.stop();
    const [stoppedPull, stoppedPullMs] = await elapsed(() => pullProvince(nation.handle.db, stoppedServer.code, [YEAR]));
    const scorecardOneDown = await loadFromChild(`${nation.url}/api/national/scorecard?period=${YEAR}`, { connections: 50, seconds: 8 });
    await drain(nation.url);
    const afterStop = await readNationalScorecard(nation.handle.db, YEAR);
    const stoppedRow = afterStop.provinces.find((p) => p.code === stoppedServer.code)!;
    servers.push(nation);

    const curve = await scalingCurve(nationCluster!, CURVE_SCALES, CURVE_BUDGET_MS);
    return {
      clusters: clusters.length,
      scale: { langSonDemo: DEMO_SCALE, langSonSetupMs, others: 'generated aggregate values per commune, no households' },
      pulls,
      scorecard: { health, scorecard, ratioToHealth: ratio(scorecard, health), scorecardComputedMs, scorecardFromMemoryMs },
      writeToNational: {
        writeMs,
        pullMs,
        totalMs: writeMs + pullMs,
        hhFiberNumerator: { before, after },
        note: 'plus up to the link period (15 min by default) waiting for the scheduled pull',
      },
      oneProvinceStopped: {
        province: stoppedServer.code,
        pull: stoppedPull,
        pullMs: stoppedPullMs,
        scorecard: scorecardOneDown,
        row: { stale: stoppedRow.freshness?.stale, status: stoppedRow.freshness?.status, keepsValues: stoppedRow.values.some((v) => v.value !== null) },
        provincesCounted: afterStop.nation.provincesCounted,
      },
      curve,
    };
  } finally {
    for (const s of servers) {
      await s.app.close().catch(() => undefined);
      await s.handle.close().catch(() => undefined);
    }
    for (const c of clusters) await c.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
}
