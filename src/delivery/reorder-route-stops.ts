import type { Db } from '../platform/database.ts';
import { AppError, conflict, notFound } from '../platform/errors.ts';
import type { PlannedWrite } from '../platform/planned-write.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { checkReorder } from './courier-delivery.rules.ts';
import { findRoute, findRouteStops, rewriteRouteStops, planReplaced } from './courier.repository.ts';
import type { ReorderInput } from './courier.schema.ts';

const routeNotFound = (id: string) => notFound('delivery.route_not_found', { vi: 'Không có tuyến giao này.', en: `There is no route ${id}.` }, 'routeId');

const planReplacedError = () =>
  conflict(
    'route.replaced',
    {
      vi: 'Điều phối đã lập lại tuyến của ngày; thứ tự sắp tay trên tuyến cũ không còn dùng. Hãy tải tuyến mới.',
      en: 'The dispatcher planned the day again; a hand order of the old route no longer applies. Load the new route.',
    },
    'routeId',
  );

/**
 * The courier's own order of its stops (it knows the road is washed out, or a villager is at the
 * market till noon): the same stops, each once, on the courier's route of the newest plan.
 */
export async function planRouteReorder(db: Db, caller: Actor | null, input: ReorderInput): Promise<PlannedWrite<{ id: string }>> {
  const route = await findRoute(db, input.routeId);
  if (!route) throw routeNotFound(input.routeId);
  const unit = { code: route.code, path: route.path, province_code: route.province_code, carrierId: route.carrier_id };
  const actor = await authorize(db, caller, 'delivery:deliver', unit, { entity: 'courier_route', entityId: route.id });
  if (route.courier_account_id !== actor.id) {
    await recordAudit(db, actor, 'delivery:deliver', 'courier_route', { entityId: route.id, unit, outcome: 'denied' });
    throw new AppError(403, 'delivery.not_your_route', { vi: 'Đây không phải tuyến giao của bạn.', en: 'This is not your route.' }, 'routeId');
  }
  const check = async (tx: Db) => {
    if (await planReplaced(tx, route.plan_id)) throw planReplacedError();
    const stops = await findRouteStops(tx, route.id);
    const problem = checkReorder(
      stops.map((s) => s.parcel_id),
      input.parcelIds,
    );
    if (problem) throw problem;
    return stops;
  };
  await check(db);
  return {
    provinceCode: route.province_code,
    villageCode: route.code,
    async apply(tx) {
      const stops = await check(tx);
      const arrives = new Map(stops.map((s) => [s.parcel_id, s.arrives_at]));
      await rewriteRouteStops(
        tx,
        route.id,
        input.parcelIds.map((parcelId) => ({ parcelId, arrivesAt: arrives.get(parcelId)! })),
      );
      await recordAudit(tx, actor, 'route:reorder', 'courier_route', {
        entityId: route.id,
        unit,
        before: { parcelIds: stops.map((s) => s.parcel_id) },
        after: { parcelIds: input.parcelIds },
      });
      return { id: route.id };
    },
  };
}
