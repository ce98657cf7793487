import type { Db } from '../platform/database.ts';
import { SYSTEM_ACTOR } from '../imports/index.ts';
import { createAccount } from '../accounts/index.ts';
import { addCourier, findCarrierByCode, listHubsOfCarrier, requestDayPlan } from '../delivery/index.ts';
import { todayInVietnam } from '../platform/dates.ts';

/** The report's route: the Best Express courier of Đình Lập, Kiên Mộc and Châu Sơn. */
const ROUTE_COMMUNES = ['06613', '06625', '06637'];

/**
 * The demo's Best Express courier, to try the courier app (/giao-hang/hom-nay) with: based at the
 * carrier's Đình Lập hub, covering the report's three communes; and its dispatcher (/giao-hang),
 * with today's route queued, so the job runner has planned it within seconds of the start. Their
 * one-time passwords are returned to be printed once, like the other demo accounts'. Nothing when
 * the demo has no such hub.
 */
export async function seedDemoCourier(db: Db): Promise<{ username: string; use: string; password: string }[]> {
  const carrier = await findCarrierByCode(db, 'best_express');
  const [hub] = carrier ? await listHubsOfCarrier(db, carrier.id) : [];
  if (!carrier || !hub) return [];
  const courier = await addCourier(db, SYSTEM_ACTOR, {
    username: 'giao.best',
    displayName: 'Hoàng Văn Tú (Best Express)',
    hubId: hub.id,
    communeCodes: ROUTE_COMMUNES,
    capacityKg: 150,
    maxDayMinutes: 660,
  });
  const dispatcher = await createAccount(
    db,
    { username: 'dieuphoi.best', displayName: 'Điều phối Best Express', role: 'dispatcher', orgUnitCode: '20', carrierId: carrier.id },
    'demo',
  );
  await requestDayPlan(db, SYSTEM_ACTOR, carrier.id, todayInVietnam());
  return [
    { username: 'giao.best', use: 'Best Express courier of Đình Lập, Châu Sơn, Kiên Mộc: /giao-hang/hom-nay', password: courier.password },
    { username: 'dieuphoi.best', use: 'Best Express dispatcher: /giao-hang', password: dispatcher.password },
  ];
}
