import type { Db } from '../platform/database.ts';
import { authorize, homeProvince, type Actor } from '../accounts/index.ts';
import type { DayPlan } from './delivery.schema.ts';
import { timeOfDay } from './parcel.rules.ts';
import { findLatestPlan, listPlanStops, type UnassignedParcel } from './route-plan.repository.ts';

/** The newest plan of a carrier's day: each courier's route as an ordered list with its stops' points, and what was left out and why. */
export async function readLatestDayPlan(db: Db, actor: Actor | null, carrierId: string, day: string): Promise<{ plan: DayPlan | null }> {
  const province = await homeProvince(db, actor);
  await authorize(db, actor, 'delivery:plan', { ...province, carrierId }, { entity: 'route_plan' });
  const plan = await findLatestPlan(db, carrierId, day);
  if (!plan) return { plan: null };
  const routes: DayPlan['routes'] = [];
  for (const row of await listPlanStops(db, plan.id)) {
    let route = routes.at(-1);
    if (route?.courier.id !== row.courier_account_id) {
      route = {
        courier: { id: row.courier_account_id, name: row.display_name },
        hub: { latitude: row.hub_latitude, longitude: row.hub_longitude },
        distanceKm: Math.round(row.distance_m / 100) / 10,
        returnsAt: timeOfDay(row.returns_at),
        stops: [],
      };
      routes.push(route);
    }
    route.stops.push({
      parcelId: row.parcel_id,
      trackingCode: row.tracking_code,
      recipientName: row.recipient_name,
      codAmount: Number(row.cod_amount),
      state: row.state,
      villageCode: row.village_code,
      villageName: row.village_name,
      arrivesAt: timeOfDay(row.arrives_at),
      location: row.latitude === null || row.longitude === null ? null : { latitude: Number(row.latitude), longitude: Number(row.longitude) },
    });
  }
  return {
    plan: {
      id: plan.id,
      day: plan.day,
      state: plan.state,
      requestedAt: new Date(plan.requested_at).toISOString(),
      solveMs: plan.solve_ms,
      routes,
      unassigned: plan.unassigned as UnassignedParcel[],
    },
  };
}
