import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { openShop, type ShopFixture } from '../../testing/market-test-kit.ts';
import { expireUnpaidOrders, recordOrderPayment } from './index.ts';

describe.each(testEngines())('a bank transfer for an order on %s', (engine) => {
  let t: TestApp;
  let shop: ShopFixture;
  let other: ShopFixture;
  let hinDam: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    const langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    const officer = await t.signIn({ username: 'canbo.nh', displayName: 'Cán bộ', role: 'commune_officer', orgUnitCode: '06376' });
    shop = await openShop(t, officer, {
      villageCode: langDong,
      name: 'Thuốc nam',
      sellerUsername: 'ban.thuoc',
      products: [{ name: 'Lá tắm', unit: 'bó', price: 50_000, stock: 100 }],
    });
    other = await openShop(t, officer, {
      villageCode: langDong,
      name: 'Mật ong',
      sellerUsername: 'ban.mat',
      products: [{ name: 'Mật ong', unit: 'chai', price: 250_000, stock: 5 }],
    });
  });
  afterAll(() => t?.close());

  const place = async (quantity: number, delivery: object = { kind: 'shop' }) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/orders',
      payload: {
        shopId: shop.shopId,
        buyerName: 'Lý Thị Mai',
        phone: '+84 987 654 321',
        villageCode: hinDam,
        lines: [{ productId: shop.products[0]!.id, quantity }],
        delivery,
      },
    });
    return res.json() as { code: string; token: string; total: number };
  };
  const pay = (orderCode: string, transferId: string, amount: number, shopId = shop.shopId) =>
    recordOrderPayment(t.handle.db, { orderCode, shopId, transferId, amount, receivedAt: new Date() });
  const topics = async (code: string) =>
    (await t.handle.db.selectFrom('outbox_event').select(['topic', 'payload']).execute())
      .filter((e) => (e.payload as { orderCode?: string }).orderCode === code)
      .map((e) => e.topic)
      .sort();

  it('marks an order paid on the exact amount, once however often the transfer is told', async () => {
    const order = await place(2);
    const first = await pay(order.code, 'casso:1001', 100_000);
    expect(first).toMatchObject({ orderStatus: 'paid', paymentStatus: 'paid', paid: 100_000, remaining: 0, excess: 0, duplicate: false });
    const again = await pay(order.code, 'casso:1001', 100_000);
    expect(again).toMatchObject({ orderStatus: 'paid', paid: 100_000, duplicate: true });
    expect(await topics(order.code)).toEqual(['order.paid', 'order.placed']);
    const page = (await t.app.inject({ method: 'GET', url: `/api/order-pages/${order.token}` })).json();
    expect(page).toMatchObject({ status: 'paid', paymentStatus: 'paid', transfer: null });
  });

  it('adds transfers up: short is partly paid and still waiting, with the rest to pay in the QR', async () => {
    const order = await place(3);
    expect(await pay(order.code, 'sepay:77', 100_000)).toMatchObject({ orderStatus: 'awaiting_payment', paymentStatus: 'partly_paid', remaining: 50_000 });
    const page = (await t.app.inject({ method: 'GET', url: `/api/order-pages/${order.token}` })).json();
    expect(page.transfer.amount).toBe(50_000);
    expect(await pay(order.code, 'sepay:78', 50_000)).toMatchObject({ orderStatus: 'paid', paymentStatus: 'paid', paid: 150_000 });
  });

  it('flags an overpayment and asks the courier for nothing to collect', async () => {
    const order = await place(1, { kind: 'courier' });
    expect(await pay(order.code, 'casso:2002', 80_000)).toMatchObject({ orderStatus: 'paid', paymentStatus: 'overpaid', excess: 30_000 });
    const requested = (await t.handle.db.selectFrom('outbox_event').select(['topic', 'payload']).where('topic', '=', 'order.delivery-requested').execute()).map(
      (e) => e.payload as { orderCode: string; codAmount: number },
    );
    expect(requested.find((r) => r.orderCode === order.code)?.codAmount).toBe(0);
  });

  it('refuses an unknown code, another shop’s order, a transfer id reused for another amount, and a bad amount', async () => {
    const order = await place(1);
    await expect(pay('BS2345679', 'casso:3003', 50_000)).rejects.toMatchObject({ status: 404, code: 'order.unknown_code' });
    await expect(pay(order.code, 'casso:3004', 50_000, other.shopId)).rejects.toMatchObject({ status: 404, code: 'order.unknown_code' });
    await pay(order.code, 'casso:3005', 20_000);
    await expect(pay(order.code, 'casso:3005', 30_000)).rejects.toMatchObject({ status: 409, code: 'payment.conflicting_copies' });
    await expect(pay(order.code, 'casso:3006', 0)).rejects.toMatchObject({ status: 400 });
    await expect(pay(order.code, 'casso:3007', 1.5)).rejects.toMatchObject({ status: 400 });
    const rows = await t.handle.db.selectFrom('order_payment').select('transfer_id').where('transfer_id', 'like', 'casso:300%').execute();
    expect(rows.map((r) => r.transfer_id)).toEqual(['casso:3005']);
  });

  it('records money for an expired order without reviving it, for the seller to return', async () => {
    const order = await place(1);
    await expireUnpaidOrders(t.handle.db, new Date(Date.now() + 24 * 3_600_000));
    expect(await pay(order.code, 'sepay:9009', 50_000)).toMatchObject({ orderStatus: 'expired', paymentStatus: 'paid', paid: 50_000 });
  });
});
