import { sql, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import { insertByColumns } from '../platform/bulk-insert.ts';
import { arrayLiteral } from '../platform/sql-arrays.ts';
import type { RoutePlanTable } from './delivery.tables.ts';

export type RoutePlanRow = Selectable<RoutePlanTable>;

export interface UnassignedParcel {
  parcelId: string;
  code: string;
  message: { vi: string; en: string };
}

export async function insertRoutePlan(db: Db, plan: { id: string; carrierId: string; day: string; requestedBy: string }): Promise<void> {
  await db.insertInto('route_plan').values({ id: plan.id, carrier_id: plan.carrierId, day: plan.day, requested_by: plan.requestedBy }).execute();
}

export const findRoutePlan = (db: Db, id: string): Promise<RoutePlanRow | undefined> =>
  db.selectFrom('route_plan').selectAll().where('id', '=', id).executeTakeFirst();

/** The newest plan asked for a carrier's day, whatever its state. */
export const findLatestPlan = (db: Db, carrierId: string, day: string): Promise<RoutePlanRow | undefined> =>
  db
    .selectFrom('route_plan')
    .selectAll()
    .where('carrier_id', '=', carrierId)
    .where('day', '=', day)
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

/** A carrier's active couriers with their hub and the units their assignments cover, by name. */
export async function listCarrierCouriers(db: Db, carrierId: string) {
  const rows = await db
    .selectFrom('courier as c')
    .innerJoin('account as a', 'a.id', 'c.account_id')
    .innerJoin('hub as h', 'h.id', 'c.hub_id')
    .innerJoin('role_assignment as r', (join) => join.onRef('r.account_id', '=', 'c.account_id').on('r.role', '=', 'courier'))
    .select([
      'c.account_id',
      'a.display_name',
      'c.hub_id',
      'c.capacity_kg',
      'c.max_day_minutes',
      'h.name as hub_name',
      'h.latitude',
      'h.longitude',
      'h.org_unit_code as hub_commune',
      'h.opens_at',
      'h.closes_at',
      sql<string[]>`array_agg(r.scope_path::text order by r.scope_path)`.as('scopes'),
    ])
    .where('c.carrier_id', '=', carrierId)
    .where('c.active', '=', true)
    .where('a.disabled_at', 'is', null)
    .groupBy([
      'c.account_id',
      'a.display_name',
      'c.hub_id',
      'c.capacity_kg',
      'c.max_day_minutes',
      'h.name',
      'h.latitude',
      'h.longitude',
      'h.org_unit_code',
      'h.opens_at',
      'h.closes_at',
    ])
    .orderBy('a.display_name')
    .orderBy('c.account_id')
    .execute();
  return rows;
}

/** Pickup points by id, for parcels dropped at one. */
export function findPickupPoints(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('pickup_point')
    .select(['id', 'latitude', 'longitude', 'village_code'])
    .where(sql<boolean>`id = any(${arrayLiteral(ids)}::uuid[])`)
    .execute();
}

export interface SolvedCourierRoute {
  id: string;
  courierAccountId: string;
  hubId: string;
  distanceM: number;
  returnsAt: number;
  stops: { parcelId: string; arrivesAt: number }[];
}

/**
 * A finished plan, in one statement each: its routes and ordered stops, its parcels planned, and
 * the carrier's parcels of the day it left out back to received (a plan replaces the one before).
 */
export async function writeDayPlan(
  db: Db,
  plan: { id: string; carrierId: string; day: string; solveMs: number; unassigned: UnassignedParcel[]; routes: SolvedCourierRoute[] },
): Promise<void> {
  if (plan.routes.length > 0) {
    await db
      .insertInto('courier_route')
      .values(
        plan.routes.map((r) => ({
          id: r.id,
          plan_id: plan.id,
          courier_account_id: r.courierAccountId,
          hub_id: r.hubId,
          distance_m: Math.round(r.distanceM),
          returns_at: Math.round(r.returnsAt),
        })),
      )
      .execute();
  }
  const stops = plan.routes.flatMap((r) =>
    r.stops.map((s, position) => ({ route_id: r.id, position, parcel_id: s.parcelId, arrives_at: Math.round(s.arrivesAt) })),
  );
  await insertByColumns(db, 'route_stop', { route_id: 'uuid', position: 'int2', parcel_id: 'uuid', arrives_at: 'int2' }, stops);
  const planned = stops.map((s) => s.parcel_id);
  await db
    .updateTable('parcel')
    .set({ state: sql`case when id = any(${arrayLiteral(planned)}::uuid[]) then 'planned' else 'received' end`, updated_at: sql<Date>`now()` })
    .where('carrier_id', '=', plan.carrierId)
    .where('due_on', '<=', plan.day)
    .where('state', 'in', ['received', 'planned', 'failed'])
    .where((eb) => eb.or([eb('state', '=', 'planned'), sql<boolean>`id = any(${arrayLiteral(planned)}::uuid[])`]))
    .execute();
  await db
    .updateTable('route_plan')
    .set({ state: 'done', finished_at: sql<Date>`now()`, solve_ms: Math.round(plan.solveMs), unassigned: JSON.stringify(plan.unassigned) })
    .where('id', '=', plan.id)
    .execute();
}

export async function failRoutePlan(db: Db, id: string): Promise<void> {
  await db
    .updateTable('route_plan')
    .set({ state: 'failed', finished_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/**
 * Route stops with their parcels, village and pickup point, and what every list of stops shows
 * (the dispatcher's plan, the courier's day): the base both narrow and add to.
 */
export const routeStopsQuery = (db: Db) =>
  db
    .selectFrom('route_stop as s')
    .innerJoin('parcel as p', 'p.id', 's.parcel_id')
    .leftJoin('org_unit as v', 'v.code', 'p.village_code')
    .leftJoin('pickup_point as k', 'k.id', 'p.pickup_point_id')
    .select(['s.position', 's.arrives_at', 'p.id as parcel_id', 'p.tracking_code', 'p.recipient_name', 'p.cod_amount', 'p.state', 'v.name as village_name']);

/** A plan's routes with their stops in order, and what the map needs of each stop. */
export function listPlanStops(db: Db, planId: string) {
  return routeStopsQuery(db)
    .innerJoin('courier_route as r', 'r.id', 's.route_id')
    .innerJoin('account as a', 'a.id', 'r.courier_account_id')
    .innerJoin('hub as h', 'h.id', 'r.hub_id')
    .select([
      'r.id as route_id',
      'r.courier_account_id',
      'a.display_name',
      'r.distance_m',
      'r.returns_at',
      'h.latitude as hub_latitude',
      'h.longitude as hub_longitude',
      'p.village_code',
      sql<number | null>`coalesce(k.latitude, v.latitude)`.as('latitude'),
      sql<number | null>`coalesce(k.longitude, v.longitude)`.as('longitude'),
    ])
    .where('r.plan_id', '=', planId)
    .orderBy('a.display_name')
    .orderBy('r.id')
    .orderBy('s.position')
    .execute();
}

export interface VillageDeliverySummary {
  org_unit_code: string;
  year: number;
  quarter: number | null;
  month: number | null;
  delivered: number;
  first_attempt: number;
  cod_value: number;
  cashless_value: number;
  metres: number;
}

/**
 * Deliveries per village and year, quarter and month (Vietnam's calendar): parcels delivered,
 * those delivered at the first attempt (no failed attempt before), the COD value delivered and
 * the part of it paid by transfer, and the road metres behind them: each stop's equal share of
 * its route (the parcel's newest route).
 */
export async function summariseDeliveries(db: Db, years: readonly number[], villages: readonly string[] | undefined): Promise<VillageDeliverySummary[]> {
  const first = Math.min(...years);
  const last = Math.max(...years);
  const inVillages = villages ? sql`and e.village_code = any(${[...villages]}::text[])` : sql``;
  const { rows } = await sql<VillageDeliverySummary>`
    with delivered as (
      select e.village_code, (e.occurred_at at time zone 'Asia/Ho_Chi_Minh')::date as day, p.cod_amount, e.payment,
        not exists (select 1 from delivery_event f where f.parcel_id = e.parcel_id and f.kind = 'failed' and f.occurred_at < e.occurred_at) as first_attempt,
        coalesce(k.share, 0) as metres
      from delivery_event e
      join parcel p on p.id = e.parcel_id
      left join lateral (
        select r.distance_m::float8 / (select count(*) from route_stop n where n.route_id = r.id) as share
        from route_stop s join courier_route r on r.id = s.route_id join route_plan pl on pl.id = r.plan_id
        where s.parcel_id = e.parcel_id
        order by pl.requested_at desc limit 1
      ) k on true
      where e.kind = 'delivered' and e.village_code is not null
        and e.occurred_at >= make_date(${first}::int, 1, 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        and e.occurred_at < make_date(${last + 1}::int, 1, 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        ${inVillages}
    ),
    dated as (select *, extract(year from day)::int as y, extract(quarter from day)::int as q, extract(month from day)::int as m from delivered)
    select village_code as org_unit_code, y as year, case when grouping(q) = 0 then q end as quarter, case when grouping(m) = 0 then m end as month,
      count(*)::int as delivered,
      count(*) filter (where first_attempt)::int as first_attempt,
      coalesce(sum(cod_amount), 0)::float8 as cod_value,
      coalesce(sum(cod_amount) filter (where payment = 'transfer'), 0)::float8 as cashless_value,
      coalesce(sum(metres), 0)::float8 as metres
    from dated
    where y = any(${[...years]}::int[])
    group by village_code, y, grouping sets ((), (q), (m))`.execute(db);
  return rows;
}
