import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../platform/ids.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { SYSTEM_ACTOR } from '../imports/index.ts';
import { testEngines } from '../../testing/test-database.ts';
import { ROUTE_COMMUNES, startDeliveryWorld, type DeliveryWorld } from '../../testing/delivery-test-kit.ts';
import type { TestSession } from '../../testing/test-app.ts';
import { addCourier, addPickupPoint, insertDeliveryEvents, insertManifests, insertParcels, requestParcelFromOrder } from './index.ts';
import { accountIdOf, openShop, type ShopFixture } from '../../testing/market-test-kit.ts';
import { composeBackgroundWork } from '../background-work.ts';
import { newOrderCode } from '../orders/index.ts';
import type { CashDay } from './cash.schema.ts';
import { claimCodPaymentCode } from './courier.repository.ts';
import type { RemittanceView } from './cod-remittance.schema.ts';

/**
 * Delivery's money and pickup points through the API, on both engines, one app for all: the end of
 * a courier's day (cash to hand over, the VietQR transfers recorded for its parcels, every
 * discrepancy flagged, the hand-over recorded once and audited), the COD remitted to sellers, and
 * parcels of every carrier waiting at a village's point for their recipient's code, the cash taken
 * there counted as the point's; each side seeing only its own.
 */
describe.each(testEngines())('cash, COD and pickup points on %s', (engine) => {
  let w: DeliveryWorld;
  let secondCourier: string;
  let secondSession: TestSession;
  const today = todayInVietnam();
  const parcels: Record<string, string> = {};

  const parcelFor = async (code: string, codAmount: number, shopId = newId()) => {
    const { parcel } = await requestParcelFromOrder(w.t.handle.db, {
      orderId: newId(),
      orderCode: code,
      shopId,
      villageCode: w.villages.hinDam,
      recipientName: 'Triệu Thị Mai',
      phone: '0912 345 678',
      codAmount,
      provinceCode: '20',
    });
    parcels[code] = parcel.id;
    return parcel.id;
  };
  const event = (parcelId: string, courier: string, kind: 'delivered' | 'failed', payment: 'cash' | 'transfer' | null = null, cod = 0) => ({
    id: newId(),
    parcel_id: parcelId,
    courier_account_id: courier,
    kind,
    failure_reason: kind === 'failed' ? ('not_home' as const) : null,
    payment,
    cod_collected: cod,
    village_code: w.villages.hinDam,
    occurred_at: `${today}T10:00:00+07:00`,
  });

  beforeAll(async () => {
    w = await startDeliveryWorld(engine);
    const second = await addCourier(w.t.handle.db, SYSTEM_ACTOR, {
      username: 'giao.best2',
      displayName: 'Vi Văn Sáng',
      hubId: w.hub,
      communeCodes: [ROUTE_COMMUNES.chauSon],
      capacityKg: 120,
      maxDayMinutes: 600,
      password: 'correct horse battery',
    });
    secondCourier = second.accountId;
    const res = await w.t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'giao.best2', password: 'correct horse battery' } });
    secondSession = { cookie: `banso_session=${res.cookies.find((c) => c.name === 'banso_session')!.value}`, csrfToken: res.json().csrfToken };

    // Tú's day: cash right, cash short, paid by VietQR, VietQR never came, prepaid, and one not home.
    const tu = w.courierId;
    await insertDeliveryEvents(w.t.handle.db, [
      event(await parcelFor('BSCASH0001', 250_000), tu, 'delivered', 'cash', 250_000),
      event(await parcelFor('BSCASH0002', 150_000), tu, 'delivered', 'cash', 100_000),
      event(await parcelFor('BSQRPAY003', 480_000), tu, 'delivered', 'transfer', 480_000),
      event(await parcelFor('BSQRLOST04', 300_000), tu, 'delivered', 'transfer', 300_000),
      event(await parcelFor('BSPREPAID5', 0), tu, 'delivered'),
      event(await parcelFor('BSNOTHOME6', 90_000), tu, 'failed'),
      // Sáng's day: one cash parcel.
      event(await parcelFor('BSSANG0007', 120_000), secondCourier, 'delivered', 'cash', 120_000),
    ]);
    // The VietQR codes the courier's phone showed at the door (drawn on its pull).
    const codes: Record<string, string> = {};
    for (const tracking of ['BSCASH0001', 'BSQRPAY003', 'BSNOTHOME6']) {
      codes[tracking] = newOrderCode();
      await claimCodPaymentCode(w.t.handle.db, { parcelId: parcels[tracking]!, payeeKind: 'carrier', payeeId: w.best, code: codes[tracking] });
    }
    // The carrier's account, connected by its dispatcher; the bank tells of five transfers.
    const feed = await w.t.as(w.dispatcher, 'POST', `/api/payments/payees/carrier/${w.best}/feeds`, { provider: 'sepay', accountNumber: '1903555777' });
    expect(feed.statusCode).toBe(201);
    const { feed: created, secret } = feed.json() as { feed: { id: string }; secret: string };
    const sepay = (id: number, amount: number, content: string) =>
      w.t.app.inject({
        method: 'POST',
        url: `/api/payments/webhooks/sepay/${created.id}`,
        headers: { authorization: `Apikey ${secret}`, 'content-type': 'application/json' },
        payload: JSON.stringify({
          id,
          gateway: 'Techcombank',
          transactionDate: `${today} 10:05:00`,
          accountNumber: '1903555777',
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
    for (const [id, amount, content] of [
      [1, 480_000, `MBVCB.3278907687.${codes.BSQRPAY003} chuyen tien`],
      // Paid to the QR by someone at the door of a parcel that was not delivered.
      [2, 90_000, `${codes.BSNOTHOME6!.toLowerCase()} tra truoc`],
      [3, 45_000, 'ung ho'],
      // The tracking code typed by hand, not the QR's code: no parcel is paid by it, it waits for a person.
      [4, 300_000, 'BSQRLOST04 chuyen khoan'],
      // Part of a parcel paid in cash sent to the QR after all.
      [5, 50_000, `${codes.BSCASH0001} con thieu`],
    ] as const)
      expect((await sepay(id, amount, content)).statusCode).toBe(200);
    const work = composeBackgroundWork('20');
    while ((await work.outbox.dispatchDueEvents(w.t.handle.db)) > 0);
  }, 180_000);
  afterAll(() => w?.t.close());

  const day = (session: TestSession, carrier = w.best) => w.t.as(session, 'GET', `/api/delivery/cash?carrier=${carrier}&day=${today}`);

  it('shows the dispatcher each courier’s cash less the transfers recorded for its parcels, and every discrepancy', async () => {
    const res = await day(w.dispatcher);
    expect(res.statusCode).toBe(200);
    const body = res.json() as CashDay;
    const tu = body.couriers.find((c) => c.courier.id === w.courierId)!;
    // Cash: 250,000 less the 50,000 sent to the QR, and 150,000; transfers: 50,000 + 480,000 + 90,000.
    expect(tu).toMatchObject({ delivered: 5, cashToHandOver: 350_000, cashRecorded: 350_000, transfersReceived: 620_000, handover: null });
    expect(tu.matched).toEqual([
      { transferId: expect.any(String), parcelId: parcels.BSCASH0001, trackingCode: 'BSCASH0001', amount: 50_000 },
      { transferId: expect.any(String), parcelId: parcels.BSQRPAY003, trackingCode: 'BSQRPAY003', amount: 480_000 },
    ]);
    expect(tu.discrepancies).toEqual([
      { kind: 'transfer_without_parcel', transferId: expect.any(String), amount: 90_000, content: expect.stringContaining('tra truoc') },
      { kind: 'transfer_differs', parcelId: parcels.BSCASH0001, trackingCode: 'BSCASH0001', expected: 250_000, received: 50_000 },
      { kind: 'cash_differs', parcelId: parcels.BSCASH0002, trackingCode: 'BSCASH0002', expected: 150_000, recorded: 100_000 },
      { kind: 'unpaid', parcelId: parcels.BSQRLOST04, trackingCode: 'BSQRLOST04', expected: 300_000 },
    ]);
    // The same transfers as payments matched them: one source, read once.
    const recorded = await w.t.handle.db.selectFrom('cod_transfer').select(['parcel_id']).execute();
    expect(recorded.map((r) => r.parcel_id).sort()).toEqual([parcels.BSCASH0001, parcels.BSQRPAY003, parcels.BSNOTHOME6].sort());
    expect(body.couriers.find((c) => c.courier.id === secondCourier)).toMatchObject({ cashToHandOver: 120_000, discrepancies: [] });
    expect(body.pickupPoints).toEqual([]);
    expect(body.unattributedTransfers.map((t) => [t.amount, t.content]).sort()).toEqual([
      [300_000, 'BSQRLOST04 chuyen khoan'],
      [45_000, 'ung ho'],
    ]);
  });

  it('shows a courier its own day only, and nothing to another carrier or a stranger', async () => {
    const own = (await day(w.courier)).json() as CashDay;
    expect(own.couriers.map((c) => c.courier.id)).toEqual([w.courierId]);
    expect(own.unattributedTransfers).toEqual([]);
    expect(((await day(secondSession)).json() as CashDay).couriers.map((c) => c.courier.id)).toEqual([secondCourier]);
    expect((await day(w.otherCourier)).statusCode).toBe(403);
    expect((await w.t.app.inject({ method: 'GET', url: `/api/delivery/cash?carrier=${w.best}&day=${today}` })).statusCode).toBe(401);
    expect((await day(w.dispatcher, w.viettel)).statusCode).toBe(403);
    const bad = await w.t.as(w.dispatcher, 'GET', `/api/delivery/cash?carrier=${w.best}&day=2026-02-30`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('day');
  });

  it('records the count once, keeps the difference and audits it', async () => {
    const handover = { carrier: w.best, courier: w.courierId, day: today, counted: 300_000, note: 'Thiếu 50.000 ₫ đơn BSCASH0002' };
    expect((await w.t.as(w.courier, 'POST', '/api/delivery/cash/handovers', handover)).statusCode).toBe(403);
    const res = await w.t.as(w.dispatcher, 'POST', '/api/delivery/cash/handovers', handover);
    expect(res.statusCode).toBe(201);
    expect(res.json().handover).toMatchObject({ counted: 300_000, expected: 350_000, difference: -50_000, note: handover.note });
    // The same count sent again (the answer was lost) answers the one recorded.
    const retried = await w.t.as(w.dispatcher, 'POST', '/api/delivery/cash/handovers', handover);
    expect(retried.statusCode).toBe(201);
    expect(retried.json().handover).toEqual(res.json().handover);
    const again = await w.t.as(w.dispatcher, 'POST', '/api/delivery/cash/handovers', { ...handover, counted: 350_000 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('delivery.handover_already_recorded');
    const audit = await w.t.handle.db
      .selectFrom('audit_entry')
      .select(['action', 'after'])
      .where('entity', '=', 'cash_handover')
      .where('outcome', '=', 'ok')
      .execute();
    expect(audit).toEqual([{ action: 'delivery:cash-handover', after: expect.objectContaining({ expected: 350_000, counted: 300_000, difference: -50_000 }) }]);
    const seen = ((await day(w.courier)).json() as CashDay).couriers[0]!;
    expect(seen.handover).toMatchObject({ difference: -50_000 });
  });

  it('refuses a bad hand-over with the field named, writing nothing', async () => {
    const good = { carrier: w.best, courier: secondCourier, day: today, counted: 120_000 };
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ ...good, counted: -1 }, 'counted'],
      [{ ...good, counted: 1.5 }, 'counted'],
      [{ ...good, counted: 'nhiều' }, 'counted'],
      [{ ...good, day: '2999-01-01' }, 'day', 'delivery.day_in_future'],
      [{ ...good, courier: w.actors.otherCourier.id }, 'courier', 'delivery.not_a_courier_of_carrier'],
      [{ ...good, note: 'x'.repeat(501) }, 'note'],
    ];
    for (const [body, field, code] of cases) {
      const res = await w.t.as(w.dispatcher, 'POST', '/api/delivery/cash/handovers', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.field).toBe(field);
      if (code) expect(res.json().error.code).toBe(code);
      expect(res.json().error.message.en).toBeTruthy();
    }
    const count = await w.t.handle.db
      .selectFrom('cash_handover')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  describe('COD remitted to sellers', () => {
    let herbs: ShopFixture;
    let honey: ShopFixture;
    const month = today.slice(0, 7);
    beforeAll(async () => {
      const shop = (name: string, sellerUsername: string) =>
        openShop(w.t, w.admin, {
          villageCode: w.villages.hinDam,
          name,
          sellerUsername,
          products: [{ name: 'Mật ong', unit: 'chai', price: 200_000, stock: 5 }],
        });
      herbs = await shop('Thuốc nam Hin Đăm', 'ban.hindam');
      honey = await shop('Mật ong Khuổi Phục', 'ban.khuophuc');
      await insertDeliveryEvents(w.t.handle.db, [
        event(await parcelFor('BSHERB0001', 200_000, herbs.shopId), w.courierId, 'delivered', 'cash', 200_000),
        event(await parcelFor('BSHERB0002', 150_000, herbs.shopId), w.courierId, 'delivered', 'transfer', 150_000),
        event(await parcelFor('BSHERB0003', 0, herbs.shopId), w.courierId, 'delivered'),
        event(await parcelFor('BSHERB0004', 99_000, herbs.shopId), w.courierId, 'failed'),
        event(await parcelFor('BSHONEY001', 80_000, honey.shopId), w.courierId, 'delivered', 'cash', 80_000),
      ]);
    }, 120_000);

    const remittances = async (session: TestSession, url: string) => {
      const res = await w.t.as(session, 'GET', url);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: RemittanceView[] }).items;
    };

    it('shows the dispatcher what the carrier collected for each seller, and records a remittance up to what it owes', async () => {
      const before = await remittances(w.dispatcher, `/api/delivery/remittances?carrier=${w.best}&month=${month}`);
      expect(before.find((l) => l.shop.id === herbs.shopId)).toEqual({
        shop: { id: herbs.shopId, name: 'Thuốc nam Hin Đăm' },
        carrier: { id: w.best, name: expect.any(String) },
        month,
        collected: 350_000,
        remitted: 0,
        owed: 350_000,
      });
      const paid = await w.t.as(w.dispatcher, 'POST', '/api/delivery/remittances', {
        carrier: w.best,
        shop: herbs.shopId,
        month,
        amount: 200_000,
        reference: 'FT2612',
      });
      expect(paid.statusCode, paid.body).toBe(201);
      expect(paid.json()).toMatchObject({ collected: 350_000, remitted: 200_000, owed: 150_000 });
      const over = await w.t.as(w.dispatcher, 'POST', '/api/delivery/remittances', { carrier: w.best, shop: herbs.shopId, month, amount: 150_001 });
      expect(over.statusCode).toBe(400);
      expect(over.json().error).toMatchObject({ code: 'delivery.remittance_exceeds_owed', field: 'amount' });
      const audit = await w.t.handle.db
        .selectFrom('audit_entry')
        .select(['action', 'after'])
        .where('entity', '=', 'cod_remittance')
        .where('outcome', '=', 'ok')
        .execute();
      expect(audit).toEqual([{ action: 'delivery:cod-remittance', after: expect.objectContaining({ amount: 200_000, owed: 150_000 }) }]);
    });

    it('shows a seller her own shop’s COD, and no one else’s', async () => {
      expect(await remittances(herbs.seller, `/api/delivery/remittances/shops/${herbs.shopId}`)).toEqual([
        expect.objectContaining({ month, collected: 350_000, remitted: 200_000, owed: 150_000 }),
      ]);
      expect(await remittances(honey.seller, `/api/delivery/remittances/shops/${honey.shopId}`)).toEqual([
        expect.objectContaining({ collected: 80_000, owed: 80_000 }),
      ]);
      expect((await w.t.as(honey.seller, 'GET', `/api/delivery/remittances/shops/${herbs.shopId}`)).statusCode).toBe(403);
      expect((await w.t.as(herbs.seller, 'GET', `/api/delivery/remittances?carrier=${w.best}`)).statusCode).toBe(403);
      expect((await w.t.as(w.courier, 'GET', `/api/delivery/remittances?carrier=${w.best}`)).statusCode).toBe(403);
    });

    it('refuses a bad remittance with the field named, writing nothing', async () => {
      const good = { carrier: w.best, shop: honey.shopId, month, amount: 10_000 };
      const cases: [Record<string, unknown>, string, number][] = [
        [{ ...good, amount: 0 }, 'amount', 400],
        [{ ...good, amount: -5 }, 'amount', 400],
        [{ ...good, amount: 80_001 }, 'amount', 400],
        [{ ...good, month: '2026-13' }, 'month', 400],
        [{ ...good, month: '2999-01' }, 'month', 400],
        [{ ...good, shop: newId() }, 'shop', 404],
        [{ ...good, extra: 1 }, '', 400],
      ];
      for (const [body, field, status] of cases) {
        const res = await w.t.as(w.dispatcher, 'POST', '/api/delivery/remittances', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
        if (field) expect(res.json().error.field).toBe(field);
      }
      expect((await w.t.as(honey.seller, 'POST', '/api/delivery/remittances', good)).statusCode).toBe(403);
      expect(await remittances(honey.seller, `/api/delivery/remittances/shops/${honey.shopId}`)).toEqual([
        expect.objectContaining({ remitted: 0, owed: 80_000 }),
      ]);
    });
  });

  describe('shared pickup points', () => {
    let point: string;
    let keeper: TestSession;
    let stranger: TestSession;
    let best: string;
    let viettel: string;
    let bestCode: string;
    beforeAll(async () => {
      const { db } = w.t.handle;
      point = (await addPickupPoint(db, SYSTEM_ACTOR, { villageCode: w.villages.hinDam, name: 'Nhà văn hoá Hin Đăm', latitude: 21.6512, longitude: 107.2415 }))
        .id;
      keeper = await w.t.signIn({ username: 'giu.hindam', displayName: 'Hoàng Thị Lan', role: 'pickup_keeper', orgUnitCode: w.villages.hinDam });
      stranger = await w.t.signIn({ username: 'giu.khac', displayName: 'Lăng Văn Hùng', role: 'pickup_keeper', orgUnitCode: w.villages.hinDam });
      best = await parcelFor('BSPOINT001', 120_000);
      const manifest = newId();
      await insertManifests(db, [{ id: manifest, carrier_id: w.viettel, parcels: 1, imported_at: new Date().toISOString() }]);
      viettel = newId();
      await insertParcels(db, [
        {
          id: viettel,
          carrier_id: w.viettel,
          tracking_code: 'VTP00000042',
          source: 'manifest',
          manifest_id: manifest,
          recipient_name: 'Lục Văn Páo',
          phone: '+84987654321',
          village_code: w.villages.hinDam,
          path: (await db.selectFrom('org_unit').select('path').where('code', '=', w.villages.hinDam).executeTakeFirstOrThrow()).path,
          province_code: '20',
          cod_amount: 0,
          weight_grams: 800,
          window_start: 420,
          window_end: 1140,
          due_on: today,
        },
      ]);
      await db.updateTable('parcel').set({ state: 'out_for_delivery' }).where('id', 'in', [best, viettel]).execute();
    }, 120_000);

    const drop = (session: TestSession, parcelId: string, pickupPointId = point) =>
      w.t.as(session, 'POST', `/api/delivery/parcels/${parcelId}/pickup-point`, { pickupPointId });
    const collect = (session: TestSession, trackingCode: string, code: string) =>
      w.t.as(session, 'POST', `/api/delivery/pickup-points/${point}/collections`, { trackingCode, code });

    it('binds a keeper who holds the role in the village, and no one else', async () => {
      const keeperId = await accountIdOf(w.t, keeper);
      expect((await w.t.as(w.dispatcher, 'POST', `/api/delivery/pickup-points/${point}/keepers`, { accountId: keeperId })).statusCode).toBe(403);
      const notKeeper = await w.t.as(w.admin, 'POST', `/api/delivery/pickup-points/${point}/keepers`, { accountId: w.courierId });
      expect(notKeeper.statusCode).toBe(400);
      expect(notKeeper.json().error).toMatchObject({ code: 'delivery.not_a_keeper', field: 'accountId' });
      expect((await w.t.as(w.admin, 'POST', `/api/delivery/pickup-points/${point}/keepers`, { accountId: keeperId })).statusCode).toBe(204);
    });

    it('takes every carrier’s parcels from their own couriers, each with a code for its recipient', async () => {
      expect((await drop(w.otherCourier, best)).statusCode).toBe(403);
      const res = await drop(w.courier, best);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ trackingCode: 'BSPOINT001', state: 'at_pickup_point', pickupPointId: point });
      bestCode = res.json().collectionCode;
      expect(bestCode).toMatch(/^\d{6}$/);
      expect((await drop(w.otherCourier, viettel)).statusCode).toBe(200);
      const again = await drop(w.courier, best);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('delivery.cannot_drop');
      expect((await drop(w.courier, await parcelFor('BSNOTOUT01', 0))).statusCode).toBe(409);
      expect((await drop(w.courier, best, newId())).statusCode).toBe(404);
      const events = await w.t.handle.db.selectFrom('delivery_event').select(['kind', 'courier_account_id']).where('parcel_id', '=', best).execute();
      expect(events).toEqual([{ kind: 'dropped_at_point', courier_account_id: w.courierId }]);
    });

    it('lists what waits on the keeper’s page, without the codes, to its keeper only', async () => {
      const res = await w.t.as(keeper, 'GET', '/api/delivery/pickup-points/mine');
      expect(res.statusCode).toBe(200);
      const [mine] = res.json().items;
      expect(mine).toMatchObject({ id: point, name: 'Nhà văn hoá Hin Đăm' });
      expect(mine.waiting.map((p: { trackingCode: string }) => p.trackingCode).sort()).toEqual(['BSPOINT001', 'VTP00000042']);
      expect(mine.waiting.find((p: { trackingCode: string }) => p.trackingCode === 'VTP00000042')).toMatchObject({
        phone: '•••••321',
        codAmount: 0,
        held: false,
      });
      expect(res.body).not.toContain(bestCode);
      expect((await w.t.as(stranger, 'GET', '/api/delivery/pickup-points/mine')).json().items).toEqual([]);
    });

    it('refuses a wrong code, counts and audits it, and hands the parcel over against the right one', async () => {
      const wrong = bestCode === '000000' ? '000001' : '000000';
      const res = await collect(keeper, 'BSPOINT001', wrong);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'delivery.wrong_collection_code', field: 'code' });
      expect((await collect(stranger, 'BSPOINT001', bestCode)).statusCode).toBe(403);
      expect((await collect(w.courier, 'BSPOINT001', bestCode)).statusCode).toBe(403);
      expect((await collect(keeper, 'BSPOINT001', 'mot hai ba')).json().error.field).toBe('code');
      expect((await collect(keeper, 'BSNOSUCH01', bestCode)).statusCode).toBe(404);
      const ok = await collect(keeper, 'bspoint001', `${bestCode.slice(0, 3)} ${bestCode.slice(3)}`);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ trackingCode: 'BSPOINT001', codAmount: 120_000 });
      expect((await collect(keeper, 'BSPOINT001', bestCode)).statusCode).toBe(404);
      const parcel = await w.t.handle.db.selectFrom('parcel').select(['state', 'collection_code_hash']).where('id', '=', best).executeTakeFirstOrThrow();
      expect(parcel).toEqual({ state: 'delivered', collection_code_hash: null });
      const delivered = await w.t.handle.db
        .selectFrom('delivery_event')
        .select(['payment', 'cod_collected'])
        .where('parcel_id', '=', best)
        .where('kind', '=', 'delivered')
        .execute();
      expect(delivered.map((d) => [d.payment, Number(d.cod_collected)])).toEqual([['cash', 120_000]]);
      const denied = await w.t.handle.db
        .selectFrom('audit_entry')
        .select('outcome')
        .where('entity_id', '=', best)
        .where('action', '=', 'pickup:collect')
        .execute();
      expect(denied.map((d) => d.outcome).sort()).toEqual(['denied', 'ok']);
    });

    it('counts the cash the point’s keeper took as owed by the point, and records its hand-over once, audited', async () => {
      const body = (await day(w.dispatcher)).json() as CashDay;
      expect(body.pickupPoints).toEqual([
        {
          point: { id: point, name: 'Nhà văn hoá Hin Đăm', villageCode: w.villages.hinDam },
          keepers: [{ id: await accountIdOf(w.t, keeper), name: 'Hoàng Thị Lan' }],
          delivered: 1,
          cashToHandOver: 120_000,
          cashRecorded: 120_000,
          transfersReceived: 0,
          matched: [],
          discrepancies: [],
          handover: null,
        },
      ]);
      // The courier left it there: it is not the courier's cash (its day, with the sellers' cash parcels, as before).
      expect(body.couriers.find((c) => c.courier.id === w.courierId)!.cashToHandOver).toBe(350_000 + 200_000 + 80_000);
      expect(((await day(w.courier)).json() as CashDay).pickupPoints).toEqual([]);

      const count = { carrier: w.best, pickupPoint: point, day: today, counted: 100_000, note: 'Chị Lan nộp thiếu' };
      const handOver = (session: TestSession, body: Record<string, unknown>) => w.t.as(session, 'POST', '/api/delivery/cash/point-handovers', body);
      expect((await handOver(keeper, count)).statusCode).toBe(403);
      expect((await handOver(w.courier, count)).statusCode).toBe(403);
      expect((await handOver(w.dispatcher, { ...count, carrier: w.viettel })).statusCode).toBe(403);
      const unknown = await handOver(w.dispatcher, { ...count, pickupPoint: newId() });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.field).toBe('pickupPoint');
      expect((await handOver(w.dispatcher, { ...count, counted: -1 })).json().error.field).toBe('counted');
      const res = await handOver(w.dispatcher, count);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ point: { id: point }, cashToHandOver: 120_000 });
      expect(res.json().handover).toMatchObject({ counted: 100_000, expected: 120_000, difference: -20_000, note: count.note });
      const retried = await handOver(w.dispatcher, count);
      expect(retried.statusCode).toBe(201);
      expect(retried.json().handover).toEqual(res.json().handover);
      const other = await handOver(w.dispatcher, { ...count, counted: 120_000 });
      expect(other.statusCode).toBe(409);
      expect(other.json().error.code).toBe('delivery.handover_already_recorded');
      const audit = await w.t.handle.db
        .selectFrom('audit_entry')
        .select(['after'])
        .where('entity', '=', 'cash_handover')
        .where('outcome', '=', 'ok')
        .where(sql<boolean>`"after"->>'pickupPoint' = ${point}`)
        .execute();
      expect(audit).toEqual([{ after: expect.objectContaining({ expected: 120_000, counted: 100_000, difference: -20_000 }) }]);
      expect(((await day(w.dispatcher)).json() as CashDay).pickupPoints[0]!.handover).toMatchObject({ difference: -20_000 });
    });

    it('holds a parcel after five wrong codes', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await collect(keeper, 'VTP00000042', `99999${i}`)).statusCode);
      expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
      expect(statuses.slice(4)).toEqual([409, 409]);
      const [mine] = (await w.t.as(keeper, 'GET', '/api/delivery/pickup-points/mine')).json().items;
      expect(mine.waiting).toEqual([expect.objectContaining({ trackingCode: 'VTP00000042', held: true })]);
    });

    it('lets the parcel’s carrier give its recipient a new code, which releases it; another carrier or the keeper may not', async () => {
      const renew = (session: TestSession, parcelId = viettel) => w.t.as(session, 'POST', `/api/delivery/parcels/${parcelId}/collection-code`);
      const viettelDispatcher = await w.t.signIn({
        username: 'dieuphoi.vtp',
        displayName: 'Điều phối Viettel Post',
        role: 'dispatcher',
        orgUnitCode: '20',
        carrierId: w.viettel,
      });
      expect((await renew(w.dispatcher)).statusCode).toBe(403);
      expect((await renew(keeper)).statusCode).toBe(403);
      // The carrier's dispatcher finds it among its parcels at the points, held; another carrier's does not.
      const atPoints = (session: TestSession, carrier: string) => w.t.as(session, 'GET', `/api/delivery/carriers/${carrier}/parcels-at-points`);
      const listed = await atPoints(viettelDispatcher, w.viettel);
      expect(listed.statusCode, listed.body).toBe(200);
      expect(listed.json().items).toContainEqual(
        expect.objectContaining({
          parcelId: viettel,
          trackingCode: 'VTP00000042',
          pointName: expect.any(String),
          held: true,
          phone: expect.stringMatching(/^•*\d{3}$/),
        }),
      );
      expect((await atPoints(w.dispatcher, w.viettel)).statusCode).toBe(403);
      expect((await atPoints(keeper, w.viettel)).statusCode).toBe(403);
      const own = await atPoints(w.dispatcher, w.best);
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json().items.map((p: { parcelId: string }) => p.parcelId)).not.toContain(viettel);
      const given = await renew(viettelDispatcher);
      expect(given.statusCode, given.body).toBe(200);
      const { collectionCode } = given.json<{ collectionCode: string }>();
      expect(collectionCode).toMatch(/^\d{6}$/);
      const audit = await w.t.handle.db
        .selectFrom('audit_entry')
        .select(['action', 'before', 'after'])
        .where('entity_id', '=', viettel)
        .where('action', '=', 'pickup:new-code')
        .execute();
      expect(audit).toEqual([{ action: 'pickup:new-code', before: { wrongCodes: 5 }, after: null }]);
      expect(JSON.stringify(audit)).not.toContain(collectionCode);
      expect((await atPoints(viettelDispatcher, w.viettel)).json().items).toContainEqual(expect.objectContaining({ parcelId: viettel, held: false }));
      const handed = await collect(keeper, 'VTP00000042', collectionCode);
      expect(handed.statusCode, handed.body).toBe(200);
      expect((await atPoints(viettelDispatcher, w.viettel)).json().items.map((p: { parcelId: string }) => p.parcelId)).not.toContain(viettel);
      // Collected: no longer waiting, so no new code.
      expect((await renew(viettelDispatcher)).statusCode).toBe(409);
    });
  });
});
