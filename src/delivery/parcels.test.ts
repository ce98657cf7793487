import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../platform/ids.ts';
import { testEngines } from '../../testing/test-database.ts';
import { countRows, ROUTE_COMMUNES, startDeliveryWorld, type DeliveryWorld } from '../../testing/delivery-test-kit.ts';
import { createAccount } from '../accounts/index.ts';
import { readParcel, requestParcelFromOrder } from './index.ts';
import { insertCourier } from './parcel.repository.ts';

describe.each(testEngines())('parcels and carrier scope on %s', (engine) => {
  let w: DeliveryWorld;
  beforeAll(async () => {
    w = await startDeliveryWorld(engine);
  }, 180_000);
  afterAll(() => w?.t.close());

  const order = (overrides: Record<string, unknown> = {}) => ({
    orderId: newId(),
    orderCode: 'BS7K2M9Q',
    shopId: newId(),
    villageCode: w.villages.hinDam,
    recipientName: 'Triệu Thị Mai',
    phone: '0912 345 678',
    codAmount: 350_000,
    provinceCode: '20',
    ...overrides,
  });

  it('makes one parcel per order however often the event arrives', async () => {
    const request = order();
    const first = await requestParcelFromOrder(w.t.handle.db, request);
    const again = await requestParcelFromOrder(w.t.handle.db, request);
    expect(first.created).toBe(true);
    expect(again).toEqual({ parcel: first.parcel, created: false });
    expect(first.parcel).toMatchObject({
      carrierId: w.best,
      trackingCode: 'BS7K2M9Q',
      phone: '+84912345678',
      codAmount: 350_000,
      state: 'received',
      source: 'order',
      villageCode: w.villages.hinDam,
    });
    const both = await Promise.all([
      requestParcelFromOrder(w.t.handle.db, { ...request, orderId: newId(), orderCode: 'BS7K2M9R' }),
      requestParcelFromOrder(w.t.handle.db, request),
    ]);
    expect(both.map((b) => b.created)).toEqual([true, false]);
    expect(await countRows(w.t, 'parcel')).toBe(2);
  });

  it('refuses a request it cannot deliver, writing nothing', async () => {
    const before = await countRows(w.t, 'parcel');
    await expect(requestParcelFromOrder(w.t.handle.db, order({ codAmount: -1 }))).rejects.toMatchObject({ code: 'delivery.request_invalid' });
    await expect(requestParcelFromOrder(w.t.handle.db, order({ codAmount: 60_000_000 }))).rejects.toMatchObject({ code: 'delivery.request_invalid' });
    await expect(requestParcelFromOrder(w.t.handle.db, order({ phone: '12345' }))).rejects.toMatchObject({ status: 400 });
    await expect(requestParcelFromOrder(w.t.handle.db, order({ villageCode: '06625999' }))).rejects.toMatchObject({ code: 'parcel.unknown_village' });
    // Đông Kinh's villages have no courier of any carrier.
    const far = await w.t.addVillage('05977', 1, 'Khối 1');
    await expect(requestParcelFromOrder(w.t.handle.db, order({ villageCode: far }))).rejects.toMatchObject({ code: 'delivery.no_carrier_serving' });
    expect(await countRows(w.t, 'parcel')).toBe(before);
  });

  it('shows a parcel to its own carrier only, through the one gate', async () => {
    const { parcel } = await requestParcelFromOrder(w.t.handle.db, order({ orderCode: 'BS00SCOPE' }));
    for (const actor of [w.actors.courier, w.actors.dispatcher, w.actors.admin])
      await expect(readParcel(w.t.handle.db, actor, parcel.id)).resolves.toMatchObject({ id: parcel.id });
    await expect(readParcel(w.t.handle.db, w.actors.otherCourier, parcel.id)).rejects.toMatchObject({ status: 403 });
    const denied = await w.t.handle.db.selectFrom('audit_entry').select(['action', 'outcome']).where('entity_id', '=', parcel.id).execute();
    expect(denied).toEqual([{ action: 'delivery:read', outcome: 'denied' }]);
  });
});

describe.each(testEngines())('a carrier’s set-up through the API on %s', (engine) => {
  let w: DeliveryWorld;
  beforeAll(async () => {
    w = await startDeliveryWorld(engine);
  }, 180_000);
  afterAll(() => w?.t.close());

  const hub = (overrides: Record<string, unknown> = {}) => ({
    carrierId: w.best,
    name: 'Bưu cục Châu Sơn',
    communeCode: ROUTE_COMMUNES.chauSon,
    latitude: 21.46,
    longitude: 107.17,
    opensAt: 7 * 60,
    closesAt: 17 * 60 + 30,
    ...overrides,
  });
  const count = async (table: 'hub' | 'courier' | 'pickup_point' | 'account') =>
    Number(
      (
        await w.t.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('adds a hub for the province’s administrator, audited, and shows the carrier’s hubs to its own people only', async () => {
    const res = await w.t.as(w.admin, 'POST', '/api/delivery/hubs', hub());
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<{ id: string }>();
    const listed = await w.t.as(w.dispatcher, 'GET', `/api/delivery/carriers/${w.best}/hubs`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((h: { name: string }) => h.name)).toEqual(['Bưu cục Châu Sơn', 'Bưu cục Đình Lập']);
    expect(listed.json().items[0]).toMatchObject({ id, communeCode: ROUTE_COMMUNES.chauSon, opensAt: 420, closesAt: 1050 });
    expect((await w.t.as(w.otherCourier, 'GET', `/api/delivery/carriers/${w.best}/hubs`)).statusCode).toBe(403);
    const audit = await w.t.handle.db.selectFrom('audit_entry').select(['action', 'actor_name']).where('entity_id', '=', id).execute();
    expect(audit).toEqual([{ action: 'delivery:add-hub', actor_name: 'admin.ls' }]);
  });

  it('refuses a hub with its hours, its place or its commune wrong, or asked for by a dispatcher, writing nothing', async () => {
    const before = await count('hub');
    const refused = async (body: Record<string, unknown>, field: string, session = w.admin, status = 400) => {
      const res = await w.t.as(session, 'POST', '/api/delivery/hubs', body);
      expect(res.statusCode, res.body).toBe(status);
      if (status === 400) expect(res.json().error.field).toBe(field);
      expect(res.json().error.message.vi.length).toBeGreaterThan(0);
    };
    await refused(hub({ opensAt: 18 * 60, closesAt: 7 * 60 }), 'closesAt');
    await refused(hub({ latitude: 107.17, longitude: 21.46 }), 'latitude');
    await refused(hub({ communeCode: '06699' }), 'communeCode');
    await refused(hub({ communeCode: w.villages.hinDam }), 'communeCode');
    await refused(hub(), '', w.dispatcher, 403);
    expect(await count('hub')).toBe(before);
  });

  it('adds a courier with a one-time password, bound to the hub’s carrier, or nothing at all', async () => {
    const body = {
      username: 'giao.best2',
      displayName: 'Nông Văn Sáng',
      hubId: w.hub,
      communeCodes: [ROUTE_COMMUNES.kienMoc, ROUTE_COMMUNES.chauSon],
      capacityKg: 80,
      maxDayMinutes: 540,
    };
    const res = await w.t.as(w.admin, 'POST', '/api/delivery/couriers', body);
    expect(res.statusCode, res.body).toBe(201);
    const { accountId, oneTimePassword } = res.json<{ accountId: string; oneTimePassword: string }>();
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(10);
    const courier = await w.t.handle.db.selectFrom('courier').selectAll().where('account_id', '=', accountId).executeTakeFirstOrThrow();
    expect(courier).toMatchObject({ carrier_id: w.best, hub_id: w.hub, capacity_kg: 80, max_day_minutes: 540 });
    const grants = await w.t.handle.db
      .selectFrom('role_assignment')
      .select(['role', 'org_unit_code', 'carrier_id'])
      .where('account_id', '=', accountId)
      .orderBy('org_unit_code')
      .execute();
    expect(grants).toEqual([
      { role: 'courier', org_unit_code: ROUTE_COMMUNES.kienMoc, carrier_id: w.best },
      { role: 'courier', org_unit_code: ROUTE_COMMUNES.chauSon, carrier_id: w.best },
    ]);

    const [accounts, couriers] = [await count('account'), await count('courier')];
    const taken = await w.t.as(w.admin, 'POST', '/api/delivery/couriers', body);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('account.username_taken');
    const noHub = await w.t.as(w.admin, 'POST', '/api/delivery/couriers', { ...body, username: 'giao.best3', hubId: newId() });
    expect(noHub.statusCode).toBe(404);
    const noCommune = await w.t.as(w.admin, 'POST', '/api/delivery/couriers', { ...body, username: 'giao.best3', communeCodes: [] });
    expect(noCommune.statusCode).toBe(400);
    expect((await w.t.as(w.dispatcher, 'POST', '/api/delivery/couriers', { ...body, username: 'giao.best3' })).statusCode).toBe(403);
    // The courier's own record fails after the account is written: the account goes too.
    await expect(
      createAccount(w.t.handle.db, {
        username: 'giao.best4',
        displayName: 'Nửa chừng',
        role: 'courier',
        orgUnitCode: ROUTE_COMMUNES.kienMoc,
        carrierId: w.best,
        alsoWrite: (tx, id) => insertCourier(tx, { accountId: id, carrierId: w.best, hubId: newId(), capacityKg: 80, maxDayMinutes: 540 }),
      }),
    ).rejects.toThrow();
    expect([await count('account'), await count('courier')]).toEqual([accounts, couriers]);
  });

  it('adds a village’s shared pickup point, and refuses one outside a village or asked for by a dispatcher', async () => {
    const point = { villageCode: w.villages.naLang, name: 'Tạp hoá bà Lành', latitude: 21.4603, longitude: 107.1689 };
    const res = await w.t.as(w.admin, 'POST', '/api/delivery/pickup-points', point);
    expect(res.statusCode, res.body).toBe(201);
    const stored = await w.t.handle.db.selectFrom('pickup_point').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ village_code: w.villages.naLang, name: 'Tạp hoá bà Lành', province_code: '20' });
    const before = await count('pickup_point');
    expect((await w.t.as(w.admin, 'POST', '/api/delivery/pickup-points', { ...point, villageCode: ROUTE_COMMUNES.chauSon })).statusCode).toBe(400);
    expect((await w.t.as(w.admin, 'POST', '/api/delivery/pickup-points', { ...point, villageCode: '06637999' })).json().error.code).toBe(
      'delivery.unknown_unit',
    );
    expect((await w.t.as(w.admin, 'POST', '/api/delivery/pickup-points', { ...point, name: '  ' })).statusCode).toBe(400);
    expect((await w.t.as(w.dispatcher, 'POST', '/api/delivery/pickup-points', point)).statusCode).toBe(403);
    expect(await count('pickup_point')).toBe(before);
  });
});
