import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../platform/ids.ts';
import { testEngines } from '../../testing/test-database.ts';
import { countRows, startDeliveryWorld, type DeliveryWorld } from '../../testing/delivery-test-kit.ts';
import { readParcel, requestParcelFromOrder } from './index.ts';

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
