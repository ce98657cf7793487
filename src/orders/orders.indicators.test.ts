import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { openLangDongShops, type ShopFixture } from '../../testing/market-test-kit.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { recordOrderPayment } from './index.ts';

/** The market's and the orders' indicators, refreshed by the writes themselves: no rebuild in between. */
describe.each(testEngines())('market indicators on %s', (engine) => {
  let t: TestApp;
  let officer: TestSession;
  let langDong: string;
  let hinDam: string;
  let herbalist: ShopFixture;
  let honey: ShopFixture;
  const today = todayInVietnam();
  const month = today.slice(0, 4) + today.slice(5, 7);
  const year = today.slice(0, 4);

  const values = async (indicators: string, orgUnit: string, period: string, level?: number) => {
    const res = await t.as(
      officer,
      'GET',
      `/api/indicator-values?indicator=${indicators}&orgUnit=${orgUnit}&period=${period}${level ? `&level=${level}` : ''}`,
    );
    expect(res.statusCode).toBe(200);
    return Object.fromEntries(
      res.json().cells.map((c: { indicator: string; orgUnit: string; value: number | null }) => [level ? `${c.indicator} ${c.orgUnit}` : c.indicator, c.value]),
    );
  };
  const place = async (shop: ShopFixture, productIndex: number, quantity: number, paymentMethod: 'transfer' | 'cash') => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/orders',
      payload: {
        shopId: shop.shopId,
        buyerName: 'Hoàng Văn Minh',
        phone: '0912 345 678',
        villageCode: hinDam,
        lines: [{ productId: shop.products[productIndex]!.id, quantity }],
        delivery: { kind: 'shop' },
        paymentMethod,
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { code: string; token: string; total: number };
  };
  const orderId = async (code: string) => (await t.handle.db.selectFrom('shop_order').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const move = async (shop: ShopFixture, code: string, event: string) =>
    expect((await t.as(shop.seller, 'POST', `/api/shops/${shop.shopId}/orders/${await orderId(code)}/events`, { event })).statusCode).toBe(200);

  beforeAll(async () => {
    t = await startTestApp(engine);
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    officer = await t.signIn({ username: 'canbo.tinh', displayName: 'Cán bộ tỉnh', role: 'province_admin', orgUnitCode: '20' });
    ({ herbalist, honey } = await openLangDongShops(t, officer, langDong));
  });
  afterAll(() => t?.close());

  it('counts the shops open and their sellers at the shop’s village from the moment a shop opens, and drops a suspended one', async () => {
    expect(await values('MKT_SHOPS,SELLER_ONLINE', langDong, month)).toEqual({ MKT_SHOPS: 2, SELLER_ONLINE: 2 });
    expect(await values('MKT_SHOPS', '20', year)).toEqual({ MKT_SHOPS: 2 });
    expect(await values('MKT_SHOPS', hinDam, month)).toEqual({ MKT_SHOPS: null });

    const suspended = await t.as(officer, 'PUT', `/api/shops/${honey.shopId}/status`, { status: 'suspended' });
    expect(suspended.statusCode).toBe(200);
    expect(await values('MKT_SHOPS,SELLER_ONLINE', '06376', month)).toEqual({ MKT_SHOPS: 1, SELLER_ONLINE: 1 });
    expect((await t.as(officer, 'PUT', `/api/shops/${honey.shopId}/status`, { status: 'active' })).statusCode).toBe(200);
    expect(await values('MKT_SHOPS', '06376', month)).toEqual({ MKT_SHOPS: 2 });
  });

  it('counts orders and their value at the buyer’s village, the cashless share of what was paid, and the sellers’ monthly income at the shop’s', async () => {
    const transfer = await place(herbalist, 0, 3, 'transfer'); // 150,000, paid below
    const cash = await place(herbalist, 1, 1, 'cash'); // 320,000, collected below
    await place(herbalist, 0, 2, 'transfer'); // 100,000, never paid
    const cancelled = await place(herbalist, 0, 1, 'transfer'); // 50,000, cancelled
    const honeyOrder = await place(honey, 0, 1, 'transfer'); // 250,000, paid below

    // Five orders placed, none paid yet.
    expect(await values('MKT_ORDERS,MKT_GMV,MKT_CASHLESS,MKT_SELLER_INCOME', hinDam, month)).toEqual({
      MKT_ORDERS: 5,
      MKT_GMV: 870_000,
      MKT_CASHLESS: null,
      MKT_SELLER_INCOME: null,
    });

    await move(herbalist, cancelled.code, 'cancel');
    await recordOrderPayment(t.handle.db, {
      orderCode: transfer.code,
      shopId: herbalist.shopId,
      transferId: 'sepay:1',
      amount: 100_000,
      receivedAt: new Date(),
    });
    // Partly paid counts nothing paid yet.
    expect(await values('MKT_ORDERS,MKT_GMV,MKT_CASHLESS', hinDam, month)).toEqual({ MKT_ORDERS: 4, MKT_GMV: 820_000, MKT_CASHLESS: null });
    await recordOrderPayment(t.handle.db, {
      orderCode: transfer.code,
      shopId: herbalist.shopId,
      transferId: 'sepay:2',
      amount: 50_000,
      receivedAt: new Date(),
    });
    await recordOrderPayment(t.handle.db, { orderCode: honeyOrder.code, shopId: honey.shopId, transferId: 'sepay:3', amount: 250_000, receivedAt: new Date() });
    await move(herbalist, cash.code, 'mark_ready');
    await move(herbalist, cash.code, 'collect');

    // Paid: 150,000 + 250,000 by transfer, 320,000 in cash; income 470,000 and 250,000 over two shop-months.
    expect(await values('MKT_ORDERS,MKT_GMV,MKT_CASHLESS,MKT_SELLER_INCOME', hinDam, month)).toEqual({
      MKT_ORDERS: 4,
      MKT_GMV: 820_000,
      MKT_CASHLESS: 55.6,
      MKT_SELLER_INCOME: null,
    });
    expect(await values('MKT_ORDERS,MKT_SELLER_INCOME', langDong, month)).toEqual({ MKT_ORDERS: null, MKT_SELLER_INCOME: 360_000 });
    expect(await values('MKT_ORDERS,MKT_GMV,MKT_CASHLESS,MKT_SELLER_INCOME', '20', year)).toEqual({
      MKT_ORDERS: 4,
      MKT_GMV: 820_000,
      MKT_CASHLESS: 55.6,
      MKT_SELLER_INCOME: 360_000,
    });
    expect(await values('MKT_GMV,MKT_SELLER_INCOME', '20', month, 2)).toMatchObject({
      'MKT_GMV 06625': 820_000,
      'MKT_GMV 06376': null,
      'MKT_SELLER_INCOME 06376': 360_000,
      'MKT_SELLER_INCOME 06625': null,
    });

    // A refund takes the order's money out of the paid value and the seller's income.
    await move(honey, honeyOrder.code, 'refund');
    expect(await values('MKT_CASHLESS,MKT_SELLER_INCOME', '20', month)).toEqual({ MKT_CASHLESS: 31.9, MKT_SELLER_INCOME: 470_000 });
  });
});
