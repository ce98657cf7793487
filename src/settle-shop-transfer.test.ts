import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { testEngines } from '../testing/test-database.ts';
import { openShop, type ShopFixture } from '../testing/market-test-kit.ts';
import { composeBackgroundWork } from './background-work.ts';
import { newOrderCode } from './orders/index.ts';

describe.each(testEngines())('a shop’s bank notification settling its order on %s', (engine) => {
  let t: TestApp;
  let shop: ShopFixture;
  let hinDam: string;
  let feed: { id: string; secret: string };
  const ACCOUNT = '1234567890123';

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
    const created = await t.as(shop.seller, 'POST', `/api/payments/payees/shop/${shop.shopId}/feeds`, { provider: 'sepay', accountNumber: ACCOUNT });
    expect(created.statusCode).toBe(201);
    feed = { id: created.json().feed.id, secret: created.json().secret };
  });
  afterAll(() => t?.close());

  const place = async (quantity: number) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/orders',
        payload: {
          shopId: shop.shopId,
          buyerName: 'Lý Thị Mai',
          phone: '+84 987 654 321',
          villageCode: hinDam,
          lines: [{ productId: shop.products[0]!.id, quantity }],
          delivery: { kind: 'shop' },
        },
      })
    ).json() as { code: string; token: string };
  const notify = (id: number, content: string, amount: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/payments/webhooks/sepay/${feed.id}`,
      headers: { authorization: `Apikey ${feed.secret}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        id,
        gateway: 'Agribank',
        transactionDate: '2026-12-05 10:14:51',
        accountNumber: ACCOUNT,
        code: null,
        content,
        transferType: 'in',
        transferAmount: amount,
        accumulated: 0,
        subAccount: null,
        referenceCode: `FT${id}`,
        description: '',
      }),
    });
  const dispatch = async () => {
    const work = composeBackgroundWork('20');
    while ((await work.outbox.dispatchDueEvents(t.handle.db)) > 0);
  };
  const orderPage = async (token: string) => (await t.app.inject({ method: 'GET', url: `/api/order-pages/${token}` })).json();

  it('turns the order paid once, however often the bank tells it, with the code as a bank mangles it', async () => {
    const order = await place(2);
    expect((await orderPage(order.token)).status).toBe('awaiting_payment');
    // Banks add their own prefix, split the content and lower its case.
    const content = `MBVCB.123456.${order.code.slice(0, 4).toLowerCase()} ${order.code.slice(4)}.CT tu 0123 LY THI MAI`;
    expect((await notify(7001, content, 100_000)).json()).toMatchObject({ outcome: 'credited' });
    expect((await notify(7001, content, 100_000)).json()).toMatchObject({ outcome: 'duplicate' });
    await dispatch();
    await dispatch();
    expect(await orderPage(order.token)).toMatchObject({ status: 'paid', paymentStatus: 'paid' });
    const payments = await t.handle.db.selectFrom('order_payment').select('amount').execute();
    expect(payments.map((p) => p.amount)).toEqual([100_000]);
    const transfer = await t.handle.db
      .selectFrom('bank_transfer')
      .select(['state', 'matched_reference'])
      .where('provider_transaction_id', '=', '7001')
      .executeTakeFirstOrThrow();
    expect(transfer).toEqual({ state: 'matched', matched_reference: order.code });
  });

  it('puts a transfer with no order code, or a code of no order, in the seller’s queue with the reason', async () => {
    await notify(7002, 'chuyen tien mua la tam', 50_000);
    // A well-made code (its check character right) that no order of the shop has.
    await notify(7003, `${newOrderCode()} thanh toan`, 50_000);
    await dispatch();
    const queue = await t.as(shop.seller, 'GET', `/api/payments/payees/shop/${shop.shopId}/unmatched-transfers`);
    expect(queue.statusCode).toBe(200);
    expect(
      queue
        .json()
        .map((q: { amount: number; unmatchedReason: string }) => q.unmatchedReason)
        .sort(),
    ).toEqual(['no_code', 'unknown_code']);
  });

  it('lets the seller match a queued transfer to an order awaiting payment, once, and no one else', async () => {
    const order = await place(1);
    const other = await place(1);
    await notify(7004, 'Chuyen khoan mua la tam', 50_000);
    await dispatch();
    const queue = (await t.as(shop.seller, 'GET', `/api/payments/payees/shop/${shop.shopId}/unmatched-transfers`)).json() as { id: string; content: string }[];
    const transfer = queue.find((q) => q.content === 'Chuyen khoan mua la tam')!;
    const matchUrl = `/api/shops/${shop.shopId}/transfers/${transfer.id}/match`;

    const stranger = await openShop(t, await t.signIn({ username: 'canbo.hd', displayName: 'Cán bộ', role: 'commune_officer', orgUnitCode: '06625' }), {
      villageCode: hinDam,
      name: 'Mật ong',
      sellerUsername: 'ban.matong',
      products: [{ name: 'Mật ong', unit: 'chai', price: 200_000, stock: 5 }],
    });
    expect((await t.as(stranger.seller, 'POST', matchUrl, { orderCode: order.code })).statusCode).toBe(403);
    // Through her own shop's address, another shop's transfer is not found.
    expect(
      (await t.as(stranger.seller, 'POST', `/api/shops/${stranger.shopId}/transfers/${transfer.id}/match`, { orderCode: order.code })).json().error.code,
    ).toBe('payment.transfer_not_found');
    expect((await t.as(shop.seller, 'POST', matchUrl, { orderCode: 'NOPE12345' })).json().error.code).toBe('order.bad_code');
    expect((await t.as(shop.seller, 'POST', matchUrl, { orderCode: newOrderCode() })).json().error.code).toBe('order.unknown_code');

    // Typed by hand, in lower case with a space, the code is still hers.
    const matched = await t.as(shop.seller, 'POST', matchUrl, { orderCode: `${order.code.slice(0, 4).toLowerCase()} ${order.code.slice(4)}` });
    expect(matched.statusCode).toBe(200);
    expect(matched.json()).toMatchObject({
      transfer: { state: 'matched', matchedReference: order.code },
      order: { code: order.code, orderStatus: 'paid', paymentStatus: 'paid', remaining: 0, duplicate: false },
    });
    expect(await orderPage(order.token)).toMatchObject({ status: 'paid' });
    // A second tap answers the same and credits nothing; the same transfer for another order is refused.
    expect((await t.as(shop.seller, 'POST', matchUrl, { orderCode: order.code })).json()).toMatchObject({ order: { duplicate: true, paid: 50_000 } });
    expect((await t.as(shop.seller, 'POST', matchUrl, { orderCode: other.code })).statusCode).toBe(409);
    const paid = await t.handle.db.selectFrom('order_payment').select('amount').where('transfer_id', '=', `sepay:${transfer.id}`).execute();
    expect(paid).toEqual([{ amount: 50_000 }]);
    const audit = await t.handle.db
      .selectFrom('audit_entry')
      .select('actor_name')
      .where('action', '=', 'order:payment')
      .where('entity_id', '=', matched.json().order.orderId)
      .executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('ban.thuoc');
  });

  it('refuses to match a transfer to an order no longer awaiting payment, and lets the seller set a transfer aside', async () => {
    const order = await place(1);
    await t.as(shop.seller, 'POST', `/api/shops/${shop.shopId}/orders/${(await orderPage(order.token)).id}/events`, { event: 'cancel' });
    await notify(7005, 'tien me gui', 70_000);
    await dispatch();
    const queue = (await t.as(shop.seller, 'GET', `/api/payments/payees/shop/${shop.shopId}/unmatched-transfers`)).json() as { id: string; content: string }[];
    const transfer = queue.find((q) => q.content === 'tien me gui')!;
    const refused = await t.as(shop.seller, 'POST', `/api/shops/${shop.shopId}/transfers/${transfer.id}/match`, { orderCode: order.code });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'order.not_awaiting_payment', message: { vi: expect.stringContaining(order.code) } });
    expect(await t.handle.db.selectFrom('order_payment').select('amount').where('transfer_id', '=', `sepay:${transfer.id}`).execute()).toEqual([]);

    const aside = await t.as(shop.seller, 'PATCH', `/api/payments/transfers/${transfer.id}`, { state: 'set_aside' });
    expect(aside.json()).toMatchObject({ state: 'set_aside' });
    expect((await t.as(shop.seller, 'PATCH', `/api/payments/transfers/${transfer.id}`, { state: 'set_aside' })).statusCode).toBe(200);
    const left = (await t.as(shop.seller, 'GET', `/api/payments/payees/shop/${shop.shopId}/unmatched-transfers`)).json() as { id: string }[];
    expect(left.map((q) => q.id)).not.toContain(transfer.id);
    // Set aside, it cannot be matched; a matched transfer cannot be set aside.
    expect((await t.as(shop.seller, 'POST', `/api/shops/${shop.shopId}/transfers/${transfer.id}/match`, { orderCode: order.code })).json().error.code).toBe(
      'payment.transfer_not_waiting',
    );
    const matched = await t.handle.db.selectFrom('bank_transfer').select('id').where('state', '=', 'matched').executeTakeFirstOrThrow();
    expect((await t.as(shop.seller, 'PATCH', `/api/payments/transfers/${matched.id}`, { state: 'set_aside' })).json().error.code).toBe(
      'payment.transfer_not_waiting',
    );
  });
});
