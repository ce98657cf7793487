import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrderCode } from '../orders/index.ts';
import { composeBackgroundWork } from '../background-work.ts';
import { testEngines } from '../../testing/test-database.ts';
import { startDeliveryWorld, type DeliveryWorld } from '../../testing/delivery-test-kit.ts';
import { CARRIER_COD_ACCOUNT, deliverMutation, planCourierDay, pullDay, push } from '../../testing/courier-test-kit.ts';
import { openShop, type ShopFixture } from '../../testing/market-test-kit.ts';
import type { TestSession } from '../../testing/test-app.ts';

describe.each(testEngines())('a COD parcel paid by VietQR at the door on %s', (engine) => {
  let w: DeliveryWorld;
  let shop: ShopFixture;
  let orderCode: string;
  const feeds = new Map<string, { id: string; secret: string; account: string }>();

  const dispatch = async () => {
    const work = composeBackgroundWork('20');
    while ((await work.outbox.dispatchDueEvents(w.t.handle.db)) > 0);
  };
  const openFeed = async (session: TestSession, payee: string, account: string) => {
    const res = await w.t.as(session, 'POST', `/api/payments/payees/${payee}/feeds`, { provider: 'sepay', accountNumber: account });
    expect(res.statusCode, res.body).toBe(201);
    feeds.set(payee, { id: res.json().feed.id, secret: res.json().secret, account });
  };
  /** The bank's signed notification, as SePay sends it. */
  const notify = (payee: string, id: number, content: string, amount: number) => {
    const feed = feeds.get(payee)!;
    return w.t.app.inject({
      method: 'POST',
      url: `/api/payments/webhooks/sepay/${feed.id}`,
      headers: { authorization: `Apikey ${feed.secret}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        id,
        gateway: 'Vietcombank',
        transactionDate: '2026-12-05 10:14:51',
        accountNumber: feed.account,
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
  };
  const transferState = (id: number) =>
    w.t.handle.db
      .selectFrom('bank_transfer')
      .select(['state', 'matched_reference', 'unmatched_reason'])
      .where('provider_transaction_id', '=', String(id))
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    w = await startDeliveryWorld(engine);
    const officer = await w.t.signIn({ username: 'canbo.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    shop = await openShop(w.t, officer, {
      villageCode: w.villages.hinDam,
      name: 'Mật ong Hin Đăm',
      sellerUsername: 'ban.matong',
      products: [{ name: 'Mật ong rừng', unit: 'chai', price: 230_000, stock: 50 }],
    });
    // A market order brought by a courier, paid on delivery: its parcel goes to Best Express.
    const placed = await w.t.app.inject({
      method: 'POST',
      url: '/api/orders',
      payload: {
        shopId: shop.shopId,
        buyerName: 'Lý Thị Mai',
        phone: '0987 654 321',
        villageCode: w.villages.khuoPhuc,
        lines: [{ productId: shop.products[0]!.id, quantity: 1 }],
        delivery: { kind: 'courier' },
        paymentMethod: 'cash',
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    orderCode = placed.json().code;
    await dispatch();
    await planCourierDay(w, 6);
    await openFeed(w.admin, `carrier/${w.best}`, CARRIER_COD_ACCOUNT.accountNumber);
    await openFeed(shop.seller, `shop/${shop.shopId}`, '1234567890123');
  }, 180_000);
  afterAll(() => w?.t.close());

  it('turns a manifest parcel paid by itself when the carrier’s bank tells of the transfer, however the bank mangled the code', async () => {
    const day = await pullDay(w, w.courier);
    const stop = day.route!.stops.find((s) => s.codAmount > 0 && s.trackingCode.startsWith('BE'))!;
    expect(stop.transfer).toMatchObject({
      accountNumber: CARRIER_COD_ACCOUNT.accountNumber,
      holderName: CARRIER_COD_ACCOUNT.holderName,
      amount: stop.codAmount,
    });
    expect((await push(w, w.courier, [deliverMutation(stop, { payment: 'transfer' })]))[0]).toMatchObject({ status: 'applied' });
    const code = stop.transfer!.content;
    const mangled = `MBVCB.3278907687.${code.slice(0, 5).toLowerCase()}-${code.slice(5)}.CT tu 0912 nguoi nhan`;
    expect((await notify(`carrier/${w.best}`, 9001, mangled, stop.codAmount)).json()).toMatchObject({ outcome: 'credited' });
    expect((await notify(`carrier/${w.best}`, 9001, mangled, stop.codAmount)).json()).toMatchObject({ outcome: 'duplicate' });
    await dispatch();
    await dispatch();
    const after = await pullDay(w, w.courier);
    expect(after.route!.stops.find((s) => s.parcelId === stop.parcelId)).toMatchObject({ paid: true, state: 'delivered' });
    expect(await transferState(9001)).toMatchObject({ state: 'matched', matched_reference: code });
    const recorded = await w.t.handle.db.selectFrom('cod_transfer').select(['parcel_id', 'amount']).execute();
    expect(recorded.map((r) => [r.parcel_id, Number(r.amount)])).toEqual([[stop.parcelId, stop.codAmount]]);
    const event = await w.t.handle.db
      .selectFrom('delivery_event')
      .select(['payment', 'cod_collected'])
      .where('parcel_id', '=', stop.parcelId)
      .where('kind', '=', 'delivered')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ payment: 'transfer' });
    expect(Number(event.cod_collected)).toBe(0);
  });

  it('shows a market order’s QR for the seller’s account with the order’s code, and turns its parcel paid when the seller’s bank tells', async () => {
    const day = await pullDay(w, w.courier);
    const stop = day.route!.stops.find((s) => s.trackingCode === orderCode)!;
    expect(stop.codAmount).toBe(230_000);
    expect(stop.transfer).toMatchObject({ accountNumber: '1234567890123', holderName: 'NGUYEN THI TAN', content: orderCode, amount: 230_000 });
    expect(stop.paid).toBe(false);
    await notify(`shop/${shop.shopId}`, 9101, `${orderCode} thanh toan mat ong`, 230_000);
    await dispatch();
    const after = await pullDay(w, w.courier);
    expect(after.route!.stops.find((s) => s.parcelId === stop.parcelId)!.paid).toBe(true);
  });

  it('leaves a carrier’s transfer with no code or an unknown code unmatched, with the reason, and pays no parcel', async () => {
    const paidBefore = await w.t.handle.db.selectFrom('cod_payment').select('parcel_id').where('paid_at', 'is not', null).execute();
    await notify(`carrier/${w.best}`, 9002, 'chuyen tien hang', 150_000);
    await notify(`carrier/${w.best}`, 9003, `${newOrderCode()} tien hang`, 150_000);
    await dispatch();
    expect(await transferState(9002)).toMatchObject({ state: 'unmatched', unmatched_reason: 'no_code' });
    expect(await transferState(9003)).toMatchObject({ state: 'unmatched', unmatched_reason: 'unknown_code' });
    const paidAfter = await w.t.handle.db.selectFrom('cod_payment').select('parcel_id').where('paid_at', 'is not', null).execute();
    expect(paidAfter).toEqual(paidBefore);
  });

  it('lets the carrier’s dispatcher match a transfer with no code to its parcel by hand, once, and turns the parcel paid', async () => {
    const day = await pullDay(w, w.courier);
    const stop = day.route!.stops.find((s) => s.codAmount > 0 && s.trackingCode.startsWith('BE') && !s.paid && s.state !== 'delivered')!;
    expect((await push(w, w.courier, [deliverMutation(stop, { payment: 'transfer' })]))[0]).toMatchObject({ status: 'applied' });
    await notify(`carrier/${w.best}`, 9004, 'CT nguoi nhan tien hang', stop.codAmount);
    await dispatch();
    expect(await transferState(9004)).toMatchObject({ state: 'unmatched', unmatched_reason: 'no_code' });
    const transferId = (await w.t.handle.db.selectFrom('bank_transfer').select('id').where('provider_transaction_id', '=', '9004').executeTakeFirstOrThrow())
      .id;
    const match = (session: TestSession, trackingCode: string, id = transferId) =>
      w.t.as(session, 'POST', `/api/delivery/carriers/${w.best}/transfers/${id}/match`, { trackingCode });

    expect((await match(w.courier, stop.trackingCode)).statusCode).toBe(403);
    const unknown = await match(w.dispatcher, 'BE-NO-SUCH');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message.vi).toContain('BE-NO-SUCH');
    const first = await match(w.dispatcher, stop.trackingCode);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ parcel: { id: stop.parcelId, trackingCode: stop.trackingCode, paid: true }, transfer: { state: 'matched' } });
    // Sent again (a lost answer): nothing recorded twice.
    expect((await match(w.dispatcher, stop.trackingCode)).statusCode).toBe(200);
    const recorded = await w.t.handle.db.selectFrom('cod_transfer').select('amount').where('parcel_id', '=', stop.parcelId).execute();
    expect(recorded.map((r) => Number(r.amount))).toEqual([stop.codAmount]);
    expect(await transferState(9004)).toMatchObject({ state: 'matched', matched_reference: stop.transfer!.content });
    const other = day.route!.stops.find((s) => s.codAmount > 0 && s.trackingCode.startsWith('BE') && s.parcelId !== stop.parcelId)!;
    expect((await match(w.dispatcher, other.trackingCode)).statusCode).toBe(409);
    const audit = await w.t.handle.db
      .selectFrom('audit_entry')
      .select(['actor_name', 'action'])
      .where('entity_id', '=', stop.parcelId)
      .where('action', '=', 'parcel:cod-transfer')
      .execute();
    expect(audit).toEqual([{ actor_name: 'dieuphoi.best', action: 'parcel:cod-transfer' }]);
    const after = await pullDay(w, w.courier);
    expect(after.route!.stops.find((s) => s.parcelId === stop.parcelId)).toMatchObject({ paid: true });
  });
});
