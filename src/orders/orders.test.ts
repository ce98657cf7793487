import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { openLangDongShops, type ShopFixture } from '../../testing/market-test-kit.ts';
import { parseVietQr } from '../payments/index.ts';
import { expireUnpaidOrders, RESERVATION_MINUTES } from './index.ts';

describe.each(testEngines())('orders on %s', (engine) => {
  let t: TestApp;
  let langDong: string;
  let hinDam: string;
  let officer: TestSession;
  let herbalist: ShopFixture;
  let neighbour: ShopFixture;
  let marketId: string;

  const buyer = (lines: { productId: string; quantity: number }[], extra: Record<string, unknown> = {}) => ({
    shopId: herbalist.shopId,
    buyerName: 'Hoàng Văn Minh',
    phone: '0912 345 678',
    villageCode: hinDam,
    lines,
    delivery: { kind: 'shop' },
    ...extra,
  });
  const order = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/orders', payload: body as object });
  const stockOf = async (productId: string) =>
    (await t.handle.db.selectFrom('product').select('stock').where('id', '=', productId).executeTakeFirstOrThrow()).stock;

  beforeAll(async () => {
    t = await startTestApp(engine);
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    officer = await t.signIn({ username: 'canbo.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    ({ herbalist, honey: neighbour } = await openLangDongShops(t, officer, langDong));
    const market = await t.as(officer, 'POST', '/api/markets', {
      name: 'Chợ phiên Nhất Hòa',
      communeCode: '06376',
      schedule: { rule: { kind: 'lunar_day_digits', digits: [1, 6] } },
      shopIds: [herbalist.shopId],
    });
    marketId = market.json().id;
  });
  afterAll(() => t?.close());

  it('takes a guest’s order for a market day, reserves its stock and shows the VietQR for the exact amount on an unguessable page', async () => {
    const page = (await t.app.inject({ method: 'GET', url: `/api/shop-pages/${herbalist.slug}` })).json();
    const date = page.markets[0].nextDays[1].date;
    const res = await order(buyer([{ productId: herbalist.products[0]!.id, quantity: 3 }], { delivery: { kind: 'market_day', marketId, date } }));
    expect(res.statusCode).toBe(201);
    const placed = res.json();
    expect(placed).toMatchObject({ status: 'awaiting_payment', total: 150_000 });
    expect(placed.code).toMatch(/^BS[2-9A-Z]{7}$/);
    expect(placed.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await stockOf(herbalist.products[0]!.id)).toBe(37);

    const view = (await t.app.inject({ method: 'GET', url: `/api/order-pages/${placed.token}` })).json();
    expect(view).toMatchObject({
      code: placed.code,
      status: 'awaiting_payment',
      total: 150_000,
      delivery: { kind: 'market_day', marketName: 'Chợ phiên Nhất Hòa', date },
    });
    expect(view).not.toHaveProperty('buyerPhone');
    const qr = parseVietQr(view.transfer.payload);
    expect(qr).toMatchObject({ initMethod: '12', bankBin: '970405', consumer: '1234567890123', amount: 150_000, purpose: placed.code });
    expect(view.transfer.svg).toMatch(/^<svg/);
    expect((await t.app.inject({ method: 'GET', url: `/api/order-pages/${'A'.repeat(32)}` })).statusCode).toBe(404);

    const prep = (await t.as(herbalist.seller, 'GET', `/api/shops/${herbalist.shopId}/preparation?date=${date}`)).json();
    expect(prep.products).toEqual([expect.objectContaining({ name: 'Lá tắm người Dao', quantity: 3 })]);
    expect(prep.orders[0]).toMatchObject({ code: placed.code, buyerPhone: '0912 345 678', villageName: 'Hin Đăm' });
  });

  it('refuses a market day the market does not hold, a product of another shop and a bad phone, writing nothing', async () => {
    const events = async () => (await t.handle.db.selectFrom('outbox_event').select('id').execute()).length;
    const before = await events();
    const cases = [
      [
        buyer([{ productId: herbalist.products[0]!.id, quantity: 1 }], { delivery: { kind: 'market_day', marketId, date: '2099-01-01' } }),
        'order.not_a_market_day',
      ],
      [buyer([{ productId: neighbour.products[0]!.id, quantity: 1 }]), 'order.product_not_in_shop'],
      [
        buyer([
          { productId: herbalist.products[0]!.id, quantity: 1 },
          { productId: neighbour.products[0]!.id, quantity: 1 },
        ]),
        'order.product_not_in_shop',
      ],
    ] as const;
    for (const [body, code] of cases) {
      const res = await order(body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message.vi).not.toBe(res.json().error.message.en);
    }
    const badPhone = (await order(buyer([{ productId: herbalist.products[0]!.id, quantity: 1 }], { phone: '12345' }))).json().error;
    expect(badPhone.field ?? badPhone.issues?.[0]?.field).toBe('phone');
    expect(badPhone.issues?.[0]?.message.vi ?? badPhone.message.vi).toContain('0912 345 678');
    expect(await events()).toBe(before);
    expect(await stockOf(neighbour.products[0]!.id)).toBe(10);
  });

  it('keeps a shop’s orders and its buyers’ phones to its own sellers', async () => {
    const mine = (await t.as(herbalist.seller, 'GET', `/api/shops/${herbalist.shopId}/orders`)).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect((await t.as(neighbour.seller, 'GET', `/api/shops/${herbalist.shopId}/orders`)).statusCode).toBe(403);
    expect((await t.as(officer, 'GET', `/api/shops/${herbalist.shopId}/orders`)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/shops/${herbalist.shopId}/orders` })).statusCode).toBe(401);
    const target = `/api/shops/${herbalist.shopId}/orders/${mine[0].id}/events`;
    expect((await t.as(neighbour.seller, 'POST', target, { event: 'cancel' })).statusCode).toBe(403);
    // The neighbour's own shop in the address, the herbalist's order: not hers to find.
    expect((await t.as(neighbour.seller, 'POST', `/api/shops/${neighbour.shopId}/orders/${mine[0].id}/events`, { event: 'cancel' })).statusCode).toBe(404);
    expect((await t.as(neighbour.seller, 'GET', `/api/shops/${herbalist.shopId}/income?month=2026-12`)).statusCode).toBe(403);
  });

  it('refuses to prepare an unpaid transfer order, and walks a cash order to done', async () => {
    const [unpaid] = (await t.as(herbalist.seller, 'GET', `/api/shops/${herbalist.shopId}/orders?status=awaiting_payment`)).json().items;
    const refused = await t.as(herbalist.seller, 'POST', `/api/shops/${herbalist.shopId}/orders/${unpaid.id}/events`, { event: 'mark_ready' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('order.illegal_transition');

    const cash = (await order(buyer([{ productId: herbalist.products[1]!.id, quantity: 1 }], { paymentMethod: 'cash' }))).json();
    expect(cash.status).toBe('placed');
    const id = (await t.as(herbalist.seller, 'GET', `/api/shops/${herbalist.shopId}/orders?status=placed`)).json().items[0].id;
    for (const [event, status] of [
      ['mark_ready', 'ready'],
      ['collect', 'collected'],
      ['complete', 'done'],
    ] as const) {
      const res = await t.as(herbalist.seller, 'POST', `/api/shops/${herbalist.shopId}/orders/${id}/events`, { event });
      expect(res.json().status).toBe(status);
    }
    const month = new Date().toISOString().slice(0, 7);
    const income = (await t.as(herbalist.seller, 'GET', `/api/shops/${herbalist.shopId}/income?month=${month}`)).json();
    expect(income).toMatchObject({ income: 320_000, cashless: 0, orders: 1 });
  });

  it('asks for a courier in the same transaction as a cash order, with the cash to collect', async () => {
    const placed = (
      await order(buyer([{ productId: herbalist.products[0]!.id, quantity: 2 }], { paymentMethod: 'cash', delivery: { kind: 'courier' } }))
    ).json();
    const events = await t.handle.db.selectFrom('outbox_event').select(['topic', 'payload', 'province_code']).orderBy('created_at').execute();
    const requested = events.find((e) => e.topic === 'order.delivery-requested' && (e.payload as { orderCode: string }).orderCode === placed.code);
    expect(requested?.payload).toEqual({
      orderId: expect.any(String),
      orderCode: placed.code,
      shopId: herbalist.shopId,
      villageCode: hinDam,
      recipientName: 'Hoàng Văn Minh',
      phone: '+84912345678',
      codAmount: 100_000,
      provinceCode: '20',
    });
    expect(events.filter((e) => e.topic === 'order.placed').length).toBeGreaterThanOrEqual(3);
  });

  it('releases an unpaid reservation when it runs out (the job), and only then', async () => {
    const product = herbalist.products[1]!;
    const stock = await stockOf(product.id);
    const placed = (await order(buyer([{ productId: product.id, quantity: 2 }]))).json();
    expect(await stockOf(product.id)).toBe(stock - 2);
    expect(await expireUnpaidOrders(t.handle.db, new Date())).toBe(0);
    const later = new Date(Date.now() + (RESERVATION_MINUTES + 1) * 60_000);
    expect(await expireUnpaidOrders(t.handle.db, later)).toBeGreaterThanOrEqual(1);
    expect(await stockOf(product.id)).toBe(stock);
    expect((await t.app.inject({ method: 'GET', url: `/api/order-pages/${placed.token}` })).json()).toMatchObject({ status: 'expired', transfer: null });
    const audited = await t.handle.db.selectFrom('audit_entry').select('action').where('entity', '=', 'order').execute();
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['order:place', 'order:mark_ready', 'order:collect', 'order:complete', 'order:expire']),
    );
  });

  it('gives the last 10 items to exactly 10 of 100 racing buyers and a clear refusal to the 90 others', async () => {
    const last = await t.as(herbalist.seller, 'POST', `/api/shops/${herbalist.shopId}/products`, {
      name: 'Rượu ngâm thuốc',
      unit: 'chai',
      price: 180_000,
      stock: 10,
    });
    const productId = last.json().id;
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => order(buyer([{ productId, quantity: 1 }], { buyerName: `Người mua ${i}` }))));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(90);
    const refusal = answers.find((a) => a.statusCode === 409)!.json().error;
    expect(refusal.code).toBe('order.out_of_stock');
    expect(refusal.message.vi).toContain('Rượu ngâm thuốc');
    expect(refusal.message.en).toContain('not 1 of');
    expect(await stockOf(productId)).toBe(0);
    const lines = await t.handle.db.selectFrom('order_line').select('quantity').where('product_id', '=', productId).execute();
    expect(lines).toHaveLength(10);
  }, 120_000);
});
