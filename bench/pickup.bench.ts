/**
 * Shared village pickup points (issue 14): the demo province's parcels on the report's route
 * (Đình Lập, Châu Sơn, Kiên Mộc; six carriers) delivered door to door by each carrier, against the
 * same parcels dropped at one shared point per village: each carrier still drives its own round,
 * and — what a shared point makes possible — one round for everyone's parcels. Kilometres per
 * parcel for each, solved by the routing module's solver (its public face) as the planning job
 * does, on the same days in the same run; the ratio to door to door is the figure.
 *
 * The demo has no household locations: a household is put within about 700 m of its village's
 * point (the villages here are hamlets strung along a valley), deterministically for the seed.
 *
 * `npm run bench -- pickup`
 */
import { openTestDatabase } from '../testing/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { createRandom } from '../src/platform/seeded-random.ts';
import { todayInVietnam } from '../src/platform/dates.ts';
import { readTerritory } from '../src/demo/demo.repository.ts';
import { readDemoData } from '../src/demo/generate-demo-province.ts';
import { planDemoProvince } from '../src/demo/demo-province.rules.ts';
import { planDemoDeliveries, ROUTE_COMMUNES, type DemoParcel } from '../src/demo/demo-delivery.rules.ts';
import { dayProblem, type PlannedParcel } from '../src/delivery/day-plan.rules.ts';
import { haversineMatrix, solveRoutes } from '../src/routing/index.ts';

const HUB = { point: { lat: 21.5466, lon: 107.0913, communeCode: '06613' }, opensAt: 7 * 60, closesAt: 18 * 60 };
const DAYS = 5;
const BUDGET_MS = 400;
/** About 700 m: households of a hamlet along its road. */
const HOUSEHOLD_SPREAD = 0.0065;

interface Round {
  parcels: number;
  delivered: number;
  metres: number;
  couriers: number;
}

function solveRound(parcels: readonly PlannedParcel[], couriers: number): Round {
  const problem = dayProblem(HUB, { couriers, capacityKg: 150, maxDayMinutes: 660 }, parcels);
  const solution = solveRoutes(problem.build(haversineMatrix(problem.points)), { seed: 1, timeBudgetMs: BUDGET_MS });
  return { parcels: parcels.length, delivered: parcels.length - solution.unassigned.length, metres: solution.distance, couriers: solution.routes.length };
}

const add = (a: Round, b: Round): Round => ({
  parcels: a.parcels + b.parcels,
  delivered: a.delivered + b.delivered,
  metres: a.metres + b.metres,
  couriers: a.couriers + b.couriers,
});
const NONE: Round = { parcels: 0, delivered: 0, metres: 0, couriers: 0 };
const summary = (r: Round) => ({
  parcels: r.parcels,
  delivered: r.delivered,
  courierDays: r.couriers,
  km: Number((r.metres / 1000).toFixed(1)),
  kmPerParcel: Number((r.metres / 1000 / Math.max(r.delivered, 1)).toFixed(2)),
});

export async function benchPickupPoints() {
  const handle = await openTestDatabase('pglite');
  let villages: { code: string; communeCode: string; latitude: number; longitude: number }[];
  try {
    await prepareDatabase(handle.db);
    const territory = (await readTerritory(handle.db))!;
    const { operators, traits, teamTraits } = readDemoData();
    villages = planDemoProvince({ ...territory, operators, traits, teamTraits, seed: 1, scale: 1 }).villages.filter((v) =>
      (ROUTE_COMMUNES as readonly string[]).includes(v.communeCode),
    );
  } finally {
    await handle.close();
  }
  const byCode = new Map(villages.map((v) => [v.code, v]));
  const byCommune = new Map<string, string[]>();
  for (const v of villages) byCommune.set(v.communeCode, [...(byCommune.get(v.communeCode) ?? []), v.code]);
  const parcels = planDemoDeliveries(byCommune, 1, todayInVietnam(), DAYS);
  const random = createRandom(1, 'households');
  const planned = (p: DemoParcel, atPoint: boolean, i: number): PlannedParcel => {
    const v = byCode.get(p.villageCode)!;
    const point = atPoint
      ? { key: v.code, lat: v.latitude, lon: v.longitude, communeCode: v.communeCode }
      : {
          key: `${v.code}-${i}`,
          lat: v.latitude + (random.next() - 0.5) * 2 * HOUSEHOLD_SPREAD,
          lon: v.longitude + (random.next() - 0.5) * 2 * HOUSEHOLD_SPREAD,
          communeCode: v.communeCode,
        };
    return { id: `${p.carrier}:${p.trackingCode}`, weightGrams: p.weightGrams, windowStart: 7 * 60, windowEnd: 18 * 60, point };
  };

  let door = NONE;
  let points = NONE;
  let pooled = NONE;
  const perCarrier = new Map<string, { door: Round; points: Round }>();
  const started = performance.now();
  for (const day of [...new Set(parcels.map((p) => p.dueOn))]) {
    const today = parcels.filter((p) => p.dueOn === day);
    for (const carrier of [...new Set(today.map((p) => p.carrier))]) {
      const own = today.filter((p) => p.carrier === carrier);
      // Best Express's 60–70 a day take two couriers door to door; the others fit one.
      const couriers = Math.ceil(own.length / 40);
      const d = solveRound(
        own.map((p, i) => planned(p, false, i)),
        couriers,
      );
      const s = solveRound(
        own.map((p, i) => planned(p, true, i)),
        couriers,
      );
      door = add(door, d);
      points = add(points, s);
      const seen = perCarrier.get(carrier) ?? { door: NONE, points: NONE };
      perCarrier.set(carrier, { door: add(seen.door, d), points: add(seen.points, s) });
    }
    pooled = add(
      pooled,
      solveRound(
        today.map((p, i) => planned(p, true, i)),
        Math.ceil(today.length / 40),
      ),
    );
  }
  const perParcel = (r: Round) => r.metres / Math.max(r.delivered, 1);
  return {
    communes: ROUTE_COMMUNES.length,
    villages: villages.length,
    days: DAYS,
    solverBudgetMs: BUDGET_MS,
    doorToDoor: summary(door),
    sharedPointsEachCarrier: summary(points),
    sharedPointsOneRound: summary(pooled),
    ratioEachCarrier: Number((perParcel(points) / perParcel(door)).toFixed(2)),
    ratioOneRound: Number((perParcel(pooled) / perParcel(door)).toFixed(2)),
    perCarrier: Object.fromEntries(
      [...perCarrier].map(([carrier, r]) => [
        carrier,
        { doorKmPerParcel: summary(r.door).kmPerParcel, pointsKmPerParcel: summary(r.points).kmPerParcel, parcels: r.door.parcels },
      ]),
    ),
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  };
}
