/**
 * Last-mile delivery (issue 14): a carrier's manifest of 50,000 parcels imported by the real use
 * case (every row read and checked, villages found, tracking codes checked against the carrier's,
 * one transaction, audited) against a plain COPY of the same rows into a table shaped like
 * `parcel`, in the same run; and a 70-stop courier day over Đình Lập, Châu Sơn and Kiên Mộc solved
 * as the planning job solves it (in-process, and on a worker thread with its start-up).
 *
 * `npm run bench -- manifest-import` / `npm run bench -- courier-day`
 */
import { sql } from 'kysely';
import type { Engine } from '../src/platform/database.ts';
import { newId } from '../src/platform/ids.ts';
import { createRandom } from '../src/platform/seeded-random.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { importVillages } from '../src/imports/import-villages.ts';
import { SYSTEM_ACTOR } from '../src/imports/system-actor.ts';
import { DAY_SOLVE_BUDGET_MS, findCarrierByCode, importManifest } from '../src/delivery/index.ts';
import { dayProblem, type PlannedParcel } from '../src/delivery/day-plan.rules.ts';
import { haversineMatrix, solveInWorker, solveRoutes } from '../src/routing/index.ts';
import { copy, seconds } from './import-households.bench.ts';

const ROUTE_COMMUNES = ['06613', '06625', '06637'];
const VILLAGES_PER_COMMUNE = 30;
const PARCEL_COLUMNS =
  'id, carrier_id, tracking_code, source, manifest_id, recipient_name, phone, village_code, path, province_code, cod_amount, weight_grams, window_start, window_end, due_on';

export async function benchManifestImport(engine: Engine, rows = 50_000) {
  const handle = await openTestDatabase(engine);
  try {
    await prepareDatabase(handle.db);
    const villageRows = ROUTE_COMMUNES.flatMap((code) =>
      Array.from({ length: VILLAGES_PER_COMMUNE }, (_, i) => `${code};${code}${String(i + 1).padStart(3, '0')};Bản ${code.slice(3)}-${i + 1};bản`),
    );
    await importVillages(handle.db, SYSTEM_ACTOR, Buffer.from(`ma_xa;ma_thon;ten;loai\r\n${villageRows.join('\r\n')}\r\n`), { dryRun: false });
    const villages = villageRows.map((line) => line.split(';')[1] ?? '');
    const carrier = (await findCarrierByCode(handle.db, 'best_express'))!.id;
    const random = createRandom(1, 'manifest');
    const parcels = Array.from({ length: rows }, (_, i) => ({
      code: `BE${String(i).padStart(8, '0')}`,
      village: villages[i % villages.length]!,
      phone: `09${String(10_000_000 + i).slice(-8)}`,
      // One in ten pays cash on delivery, as on the report's route.
      cod: random.next() < 0.1 ? 50_000 + Math.floor(random.next() * 900) * 1000 : 0,
      grams: 200 + Math.floor(random.next() * 4800),
    }));
    const file = Buffer.from(
      `\uFEFFMã vận đơn;Người nhận;Số điện thoại;Mã thôn/bản;Tiền thu hộ;Khối lượng (gam);Giao từ;Giao đến\r\n${parcels.map((p, i) => `${p.code};Người nhận ${i};${p.phone};${p.village};${p.cod};${p.grams};08:00;17:00`).join('\r\n')}\r\n`,
      'utf8',
    );

    const started = performance.now();
    const summary = await importManifest(handle.db, SYSTEM_ACTOR, carrier, file, { dryRun: false });
    const importSeconds = seconds(started);
    if (summary.created !== rows) throw new Error(`expected ${rows} parcels, got ${summary.created}`);

    await sql`create table parcel_copy (like parcel including all)`.execute(handle.db);
    const paths = new Map(
      (
        await handle.db
          .selectFrom('org_unit')
          .select(['code', sql<string>`path::text`.as('path')])
          .where('code', 'in', villages)
          .execute()
      ).map((v) => [v.code, v.path]),
    );
    const manifest = summary.manifestId!;
    const today = new Date().toISOString().slice(0, 10);
    const text = `${parcels.map((p, i) => [newId(), carrier, p.code, 'manifest', manifest, `Người nhận ${i}`, `+84${p.phone.slice(1)}`, p.village, paths.get(p.village), '20', p.cod, p.grams, 480, 1020, today].join(',')).join('\n')}\n`;
    const copyStarted = performance.now();
    await copy(handle, `parcel_copy (${PARCEL_COLUMNS})`, text);
    const copySeconds = seconds(copyStarted);
    // The same rows into a table that also checks parcel's foreign keys (carrier, manifest, village…),
    // as the import's rows are checked: `like … including all` copies every constraint but those.
    await sql`create table parcel_copy_keyed (like parcel including all)`.execute(handle.db);
    const keys = await sql<{ definition: string }>`
      select pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = 'parcel'::regclass and contype = 'f'`.execute(handle.db);
    for (const { definition } of keys.rows) await sql.raw(`alter table parcel_copy_keyed add ${definition}`).execute(handle.db);
    const keyedStarted = performance.now();
    await copy(handle, `parcel_copy_keyed (${PARCEL_COLUMNS})`, text);
    const keyedCopySeconds = seconds(keyedStarted);
    return {
      engine,
      rows,
      fileMegabytes: Number((file.length / 1024 / 1024).toFixed(1)),
      importSeconds,
      copySeconds,
      ratio: Number((importSeconds / copySeconds).toFixed(2)),
      foreignKeys: keys.rows.length,
      keyedCopySeconds,
      ratioToKeyedCopy: Number((importSeconds / keyedCopySeconds).toFixed(2)),
    };
  } finally {
    await handle.close();
  }
}

/** Points around the route's three communes (their centres ± a few kilometres), 70 parcels on 28 village points. */
function courierDay(): { parcels: PlannedParcel[] } {
  const random = createRandom(7, 'courier-day');
  const centres = [
    { code: '06613', lat: 21.5868, lon: 107.0806 },
    { code: '06625', lat: 21.6436, lon: 107.2318 },
    { code: '06637', lat: 21.4569, lon: 107.1616 },
  ];
  const points = Array.from({ length: 28 }, (_, i) => {
    const centre = centres[i % centres.length]!;
    return { key: `v${i}`, lat: centre.lat + (random.next() - 0.5) * 0.12, lon: centre.lon + (random.next() - 0.5) * 0.12, communeCode: centre.code };
  });
  const parcels = Array.from({ length: 70 }, (_, i): PlannedParcel => {
    const windowed = random.next() < 0.2;
    const start = windowed ? 8 * 60 + Math.floor(random.next() * 6) * 60 : 7 * 60;
    return {
      id: `p${i}`,
      weightGrams: 300 + Math.floor(random.next() * 2000),
      windowStart: start,
      windowEnd: windowed ? start + 180 : 19 * 60,
      point: points[i % points.length]!,
    };
  });
  return { parcels };
}

export async function benchCourierDay() {
  const { parcels } = courierDay();
  const problem = dayProblem(
    { point: { lat: 21.5466, lon: 107.0913, communeCode: '06613' }, opensAt: 7 * 60, closesAt: 18 * 60 },
    { couriers: 1, capacityKg: 150, maxDayMinutes: 660 },
    parcels,
  );
  const routing = problem.build(haversineMatrix(problem.points));
  const inProcess = solveRoutes(routing, { seed: 1, timeBudgetMs: DAY_SOLVE_BUDGET_MS });
  // The reference: what twenty seconds of search find on the same day.
  const long = solveRoutes(routing, { seed: 1, timeBudgetMs: 20_000 });
  const started = performance.now();
  const inWorker = await solveInWorker(routing, { seed: 1, timeBudgetMs: DAY_SOLVE_BUDGET_MS });
  const workerMs = Math.round(performance.now() - started);
  return {
    stops: parcels.length,
    points: problem.points.length - 1,
    routes: inProcess.routes.length,
    unassigned: inProcess.unassigned.length,
    km: Number((inProcess.distance / 1000).toFixed(1)),
    solverMs: Math.round(inProcess.elapsedMs),
    iterations: inProcess.iterations,
    budgetMs: DAY_SOLVE_BUDGET_MS,
    twentySecondsKm: Number((long.distance / 1000).toFixed(1)),
    twentySecondsUnassigned: long.unassigned.length,
    gapToTwentySecondsPercent: Math.round((inProcess.distance / long.distance - 1) * 10_000) / 100,
    workerWallMs: workerMs,
    workerKm: Number((inWorker.distance / 1000).toFixed(1)),
  };
}
