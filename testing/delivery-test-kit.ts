import { sql } from 'kysely';
import type { Actor } from '../src/accounts/index.ts';
import { addCourier, addHub, findCarrierByCode } from '../src/delivery/index.ts';
import { SYSTEM_ACTOR } from '../src/imports/index.ts';
import type { Engine } from '../src/platform/database.ts';
import { actorOf } from './sync-test-kit.ts';
import { startTestApp, type TestApp, type TestSession } from './test-app.ts';

/** The report's route: Đình Lập (with the hub), Châu Sơn and Kiên Mộc. */
export const ROUTE_COMMUNES = { dinhLap: '06613', kienMoc: '06625', chauSon: '06637' } as const;
export const HUB_POINT = { latitude: 21.5466, longitude: 107.0913 };

export interface DeliveryWorld {
  t: TestApp;
  best: string;
  viettel: string;
  hub: string;
  villages: { hinDam: string; khuoPhuc: string; naLang: string; banChu: string };
  admin: TestSession;
  /** Best Express's dispatcher (the province) and its courier of the route. */
  dispatcher: TestSession;
  courier: TestSession;
  courierId: string;
  /** Viettel Post's courier of the same communes. */
  otherCourier: TestSession;
  actors: { admin: Actor; dispatcher: Actor; courier: Actor; otherCourier: Actor };
}

const PASSWORD = 'correct horse battery';

/** The app with the route's villages (with points), Best Express's hub at Đình Lập, a dispatcher and couriers of two carriers. */
export async function startDeliveryWorld(engine: Engine): Promise<DeliveryWorld> {
  const t = await startTestApp(engine);
  const { db } = t.handle;
  const [hinDam, khuoPhuc] = await t.addVillages(ROUTE_COMMUNES.kienMoc, 1, ['Hin Đăm', 'Khuổi Phục']);
  const [naLang] = await t.addVillages(ROUTE_COMMUNES.chauSon, 1, ['Nà Làng']);
  const [banChu] = await t.addVillages(ROUTE_COMMUNES.dinhLap, 1, ['Bản Chu']);
  const points: Record<string, [number, number]> = {
    [hinDam!]: [21.6512, 107.2415],
    [khuoPhuc!]: [21.6201, 107.2101],
    [naLang!]: [21.4602, 107.1688],
    [banChu!]: [21.5702, 107.1003],
  };
  for (const [code, [lat, lon]] of Object.entries(points))
    await db.updateTable('org_unit').set({ latitude: lat, longitude: lon }).where('code', '=', code).execute();
  const best = (await findCarrierByCode(db, 'best_express'))!.id;
  const viettel = (await findCarrierByCode(db, 'viettel_post'))!.id;
  const hub = await addHub(db, SYSTEM_ACTOR, {
    carrierId: best,
    name: 'Bưu cục Đình Lập',
    communeCode: ROUTE_COMMUNES.dinhLap,
    ...HUB_POINT,
    opensAt: 7 * 60,
    closesAt: 18 * 60,
  });
  const viettelHub = await addHub(db, SYSTEM_ACTOR, {
    carrierId: viettel,
    name: 'Viettel Post Đình Lập',
    communeCode: ROUTE_COMMUNES.dinhLap,
    ...HUB_POINT,
    opensAt: 7 * 60,
    closesAt: 18 * 60,
  });
  const communes = Object.values(ROUTE_COMMUNES);
  const courier = await addCourier(db, SYSTEM_ACTOR, {
    username: 'giao.best1',
    displayName: 'Hoàng Văn Tú',
    hubId: hub.id,
    communeCodes: communes,
    capacityKg: 120,
    maxDayMinutes: 600,
    password: PASSWORD,
  });
  await addCourier(db, SYSTEM_ACTOR, {
    username: 'giao.viettel1',
    displayName: 'Lý Thị Hoa',
    hubId: viettelHub.id,
    communeCodes: communes,
    capacityKg: 120,
    maxDayMinutes: 600,
    password: PASSWORD,
  });
  const admin = await t.signIn({ username: 'admin.ls', displayName: 'Quản trị tỉnh', role: 'province_admin', orgUnitCode: '20' });
  const dispatcher = await t.signIn({
    username: 'dieuphoi.best',
    displayName: 'Điều phối Best Express',
    role: 'dispatcher',
    orgUnitCode: '20',
    carrierId: best,
  });
  const logIn = async (username: string): Promise<TestSession> => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'banso_session')!;
    return { cookie: `banso_session=${cookie.value}`, csrfToken: res.json().csrfToken };
  };
  const courierSession = await logIn('giao.best1');
  const otherCourier = await logIn('giao.viettel1');
  return {
    t,
    best,
    viettel,
    hub: hub.id,
    villages: { hinDam: hinDam!, khuoPhuc: khuoPhuc!, naLang: naLang!, banChu: banChu! },
    admin,
    dispatcher,
    courier: courierSession,
    courierId: courier.accountId,
    otherCourier,
    actors: {
      admin: await actorOf(t, admin),
      dispatcher: await actorOf(t, dispatcher),
      courier: await actorOf(t, courierSession),
      otherCourier: await actorOf(t, otherCourier),
    },
  };
}

/** Rows of a table, for tests that check nothing was written. */
export async function countRows(t: TestApp, table: 'parcel' | 'manifest' | 'delivery_event' | 'courier_route' | 'route_plan'): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.handle.db);
  return row.rows[0]!.n;
}
