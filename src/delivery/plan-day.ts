import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { authorize, homeProvince, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { enqueueJob, type ClaimedJob } from '../jobs/index.ts';
import { haversineSource, solveInWorker, type DistanceMatrixSource } from '../routing/index.ts';
import { findUnits, isWithin } from '../territory/index.ts';
import { dayProblem, NO_POINT, type PlannedParcel } from './day-plan.rules.ts';
import { findCarrier, listParcelsForDay } from './parcel.repository.ts';
import {
  findPickupPoints,
  findRoutePlan,
  failRoutePlan,
  insertRoutePlan,
  listCarrierCouriers,
  writeDayPlan,
  type SolvedCourierRoute,
  type UnassignedParcel,
} from './route-plan.repository.ts';
import { carrierNotFound } from './set-up-carrier.ts';

export const PLAN_DAY_JOB = 'delivery.plan-day';
const PLAN_ATTEMPTS = 3;

/**
 * The solver's time for one hub's day: a courier's 70-parcel day is to be planned in under a
 * second, and within this budget it finds the plan a 20-second run finds (BENCHMARKS.md).
 */
export const DAY_SOLVE_BUDGET_MS = 900;

const NO_COURIER: Omit<UnassignedParcel, 'parcelId'> = {
  code: 'delivery.no_courier_covers',
  message: { vi: 'Không có người giao hàng nào của hãng phụ trách xã này.', en: 'No courier of the carrier covers this commune.' },
};

/**
 * A dispatcher asks for a carrier's day to be planned: the plan is recorded and its solve queued
 * as a job in one transaction, so the request returns at once and the server never waits for the
 * solver (decision 0026). A newer plan of the same day replaces the routes of the one before.
 */
export async function requestDayPlan(db: Db, caller: Actor | null, carrierId: string, day: string): Promise<{ planId: string; state: 'queued' }> {
  if (!(await findCarrier(db, carrierId))) throw carrierNotFound(carrierId);
  const province = await homeProvince(db, caller);
  const actor = await authorize(db, caller, 'delivery:plan', { ...province, carrierId }, { entity: 'route_plan' });
  const planId = newId();
  await db.transaction().execute(async (tx) => {
    await insertRoutePlan(tx, { id: planId, carrierId, day, requestedBy: actor.id });
    await enqueueJob(tx, {
      name: PLAN_DAY_JOB,
      payload: { planId },
      provinceCode: province.province_code,
      uniqueKey: `${PLAN_DAY_JOB}:${planId}`,
      maxAttempts: PLAN_ATTEMPTS,
    });
    await recordAudit(tx, actor, 'delivery:plan', 'route_plan', { entityId: planId, unit: province, after: { carrierId, day } });
  });
  return { planId, state: 'queued' };
}

const planPayload = z.object({ planId: z.uuid() });

/**
 * The job: the carrier's parcels of the day and its couriers, one routing problem per hub (its
 * couriers, the parcels of the communes they cover), solved on a worker thread, written in one
 * transaction. Run again on a plan already done, it does nothing.
 */
export async function runDayPlan(db: Db, planId: string, provinceCode: string, distances: DistanceMatrixSource = haversineSource()): Promise<void> {
  const plan = await findRoutePlan(db, planId);
  if (!plan) throw notFound('delivery.plan_not_found', { vi: 'Không có kế hoạch tuyến này.', en: 'There is no such route plan.' });
  if (plan.state !== 'queued') return;
  const started = performance.now();
  const couriers = await listCarrierCouriers(db, plan.carrier_id);
  // Parcels still waiting for their address to be settled have no village to go to yet.
  const parcels = (await listParcelsForDay(db, plan.carrier_id, plan.day, [provinceCode])).filter((p) => p.village_code !== null);
  const villages = new Map((await findUnits(db, [...new Set(parcels.map((p) => p.village_code!))])).map((v) => [v.code, v]));
  const pickupPoints = new Map(
    (
      await findPickupPoints(
        db,
        parcels.flatMap((p) => (p.pickup_point_id ? [p.pickup_point_id] : [])),
      )
    ).map((k) => [k.id, k]),
  );

  const hubs = new Map<string, typeof couriers>();
  for (const courier of couriers) hubs.set(courier.hub_id, [...(hubs.get(courier.hub_id) ?? []), courier]);
  const unassigned: UnassignedParcel[] = [];
  const routes: SolvedCourierRoute[] = [];
  const taken = new Set<string>();
  for (const [hubId, team] of hubs) {
    const covered = parcels.filter((p) => !taken.has(p.id) && team.some((c) => c.scopes.some((scope) => isWithin(p.path, scope))));
    covered.forEach((p) => taken.add(p.id));
    const hub = team[0]!;
    const planned: PlannedParcel[] = covered.map((p) => {
      const village = villages.get(p.village_code!);
      const pickup = p.pickup_point_id ? pickupPoints.get(p.pickup_point_id) : undefined;
      const communeCode = village?.parent_code ?? undefined;
      const point = pickup
        ? { key: `pickup:${pickup.id}`, lat: pickup.latitude, lon: pickup.longitude, communeCode }
        : village && village.latitude !== null && village.longitude !== null
          ? { key: `village:${village.code}`, lat: Number(village.latitude), lon: Number(village.longitude), communeCode }
          : null;
      return { id: p.id, weightGrams: p.weight_grams, windowStart: p.window_start, windowEnd: p.window_end, point };
    });
    const problem = dayProblem(
      { point: { lat: hub.latitude, lon: hub.longitude, communeCode: hub.hub_commune }, opensAt: hub.opens_at, closesAt: hub.closes_at },
      { couriers: team.length, capacityKg: Math.min(...team.map((c) => c.capacity_kg)), maxDayMinutes: Math.min(...team.map((c) => c.max_day_minutes)) },
      planned,
    );
    unassigned.push(...problem.withoutPoint.map((parcelId) => ({ parcelId, ...NO_POINT })));
    if (problem.points.length === 1) continue;
    const solution = await solveInWorker(problem.build(await distances.matrix(problem.points)), { seed: 1, timeBudgetMs: DAY_SOLVE_BUDGET_MS });
    unassigned.push(...solution.unassigned.map((u) => ({ parcelId: u.stopId, code: u.code, message: u.message })));
    solution.routes.forEach((route, i) =>
      routes.push({
        id: newId(),
        courierAccountId: team[i]!.account_id,
        hubId,
        distanceM: route.distance,
        returnsAt: route.returnsAt,
        stops: route.stopIds.map((parcelId, k) => ({ parcelId, arrivesAt: route.serviceStarts[k]! })),
      }),
    );
  }
  unassigned.push(...parcels.filter((p) => !taken.has(p.id)).map((p) => ({ parcelId: p.id, ...NO_COURIER })));
  await db
    .transaction()
    .execute((tx) => writeDayPlan(tx, { id: planId, carrierId: plan.carrier_id, day: plan.day, solveMs: performance.now() - started, unassigned, routes }));
}

/** The job handler registered when the server's background work is composed; a plan whose last attempt failed is marked so. */
export async function planDayJob(job: ClaimedJob, db: Db): Promise<void> {
  const { planId } = planPayload.parse(job.payload);
  try {
    await runDayPlan(db, planId, job.provinceCode);
  } catch (error) {
    if (job.attempt >= PLAN_ATTEMPTS) await failRoutePlan(db, planId);
    throw error;
  }
}
