import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../platform/ids.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { createRandom } from '../platform/seeded-random.ts';
import { findOrderCodes } from '../orders/index.ts';
import { parseVietQr } from '../payments/index.ts';
import { testEngines } from '../../testing/test-database.ts';
import { countRows, startDeliveryWorld, type DeliveryWorld } from '../../testing/delivery-test-kit.ts';
import { CARRIER_COD_ACCOUNT, deliverMutation, failMutation, planCourierDay, pullDay, push } from '../../testing/courier-test-kit.ts';
import { postPush, startFaultyProxy } from '../../testing/faulty-proxy.ts';
import { csvFile } from '../../testing/test-files.ts';
import type { CourierStop } from './courier.schema.ts';
type MutationResult = Awaited<ReturnType<typeof push>>[number];

describe.each(testEngines())('the courier app’s sync on %s', (engine) => {
  let w: DeliveryWorld;
  let stops: CourierStop[];
  let routeId: string;
  /** Stops not yet used by a test: each test takes its own. */
  let fresh: CourierStop[];
  const take = (cod: boolean) => {
    const at = fresh.findIndex((s) => s.codAmount > 0 === cod);
    return fresh.splice(at, 1)[0]!;
  };
  const events = (parcelId: string) =>
    w.t.handle.db.selectFrom('delivery_event').selectAll().where('parcel_id', '=', parcelId).orderBy('occurred_at').orderBy('kind', 'desc').execute();
  const parcel = (id: string) => w.t.handle.db.selectFrom('parcel').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const filedUnder = async (mutationId: string) =>
    (await w.t.handle.db.selectFrom('sync_mutation').select('village_code').where('id', '=', mutationId).executeTakeFirstOrThrow()).village_code;

  beforeAll(async () => {
    w = await startDeliveryWorld(engine);
    await planCourierDay(w, 24);
    const day = await pullDay(w, w.courier);
    stops = day.route!.stops;
    routeId = day.route!.id;
    fresh = [...stops];
    await w.t.app.listen({ port: 0, host: '127.0.0.1' });
  }, 180_000);
  afterAll(() => w?.t.close());

  it('pulls the day’s stops in order with what the door needs offline, and answers `unchanged` to a current cursor', async () => {
    const day = await pullDay(w, w.courier);
    expect(day.route!.stops).toHaveLength(24);
    expect(day.route!.stops.map((s) => s.position)).toEqual(stops.map((_, i) => i));
    const cod = day.route!.stops.find((s) => s.codAmount > 0)!;
    expect(cod.phone).toMatch(/^\+84\d{9}$/);
    expect(cod.villageName).toBeTruthy();
    expect(cod.location).not.toBeNull();
    // The QR pays the carrier's COD account the exact amount, with a code the banks cannot spoil.
    const qr = parseVietQr(cod.transfer!.payload);
    expect(qr).toMatchObject({ bankBin: CARRIER_COD_ACCOUNT.bankBin, consumer: CARRIER_COD_ACCOUNT.accountNumber, amount: cod.codAmount });
    expect(findOrderCodes(`IBFT ${qr.purpose!.toLowerCase()} chuyen tien`).codes).toEqual([cod.transfer!.content]);
    expect(day.route!.stops.filter((s) => s.codAmount === 0).every((s) => s.transfer === null)).toBe(true);
    // The same QR on every pull; the phone's copy is current.
    const again = await pullDay(w, w.courier, day.cursor);
    expect(again).toMatchObject({ unchanged: true, route: null, cursor: day.cursor });
    expect((await pullDay(w, w.otherCourier)).route).toBeNull();
  });

  it('records a cash delivery once: its events, the cash, the proof; the same push again is a duplicate and writes nothing', async () => {
    const stop = take(true);
    const mutation = deliverMutation(stop);
    const [first] = await push(w, w.courier, [mutation]);
    expect(first).toMatchObject({ status: 'applied', record: { id: (mutation.payload as { eventId: string }).eventId } });
    const before = await countRows(w.t, 'delivery_event');
    const [second] = await push(w, w.courier, [mutation]);
    expect(second).toMatchObject({ status: 'duplicate', originalStatus: 'applied' });
    expect(await countRows(w.t, 'delivery_event')).toBe(before);
    expect((await parcel(stop.parcelId)).state).toBe('delivered');
    const history = await events(stop.parcelId);
    expect(history.map((e) => [e.kind, e.payment, Number(e.cod_collected)])).toEqual([
      ['out_for_delivery', null, 0],
      ['delivered', 'cash', stop.codAmount],
    ]);
    expect(history[1]!.courier_account_id).toBe(w.courierId);
    const proof = await w.t.handle.db.selectFrom('delivery_proof').selectAll().where('event_id', '=', history[1]!.id).executeTakeFirst();
    expect(proof).toMatchObject({ kind: 'code', photo_id: null });
    // The village's delivery indicators of the year moved in the same transaction.
    const { village_code: village } = await parcel(stop.parcelId);
    const values = await w.t.handle.db
      .selectFrom('data_value')
      .select(['data_element', 'value'])
      .where('org_unit_code', '=', village!)
      .where('period', '=', todayInVietnam().slice(0, 4))
      .where('data_element', 'in', ['PARCELS_DELIVERED', 'COD_DELIVERED_VALUE', 'COD_CASHLESS_VALUE'])
      .orderBy('data_element')
      .execute();
    expect(values.map((v) => [v.data_element, Number(v.value)])).toEqual([
      ['COD_CASHLESS_VALUE', 0],
      ['COD_DELIVERED_VALUE', stop.codAmount],
      ['PARCELS_DELIVERED', 1],
    ]);
  });

  it('answers a COD amount changed on the phone with a conflict carrying the server’s amount, and writes nothing', async () => {
    const stop = take(true);
    const [result] = await push(w, w.courier, [deliverMutation(stop, { codAmount: stop.codAmount - 50_000 })]);
    expect(result).toMatchObject({ status: 'conflict', error: { code: 'parcel.cod_changed' }, serverParcel: { codAmount: stop.codAmount, state: 'planned' } });
    expect(await events(stop.parcelId)).toEqual([]);
    // Filed under the parcel's village, which the courier may see, as a household's conflict is.
    expect(await filedUnder(result!.id)).toBe((await parcel(stop.parcelId)).village_code);
    // Collected as the server says, under a new id that supersedes the conflict: applied.
    const fixed = { ...deliverMutation(stop), supersedes: result!.id };
    expect((await push(w, w.courier, [fixed]))[0]).toMatchObject({ status: 'applied' });
  });

  it('fails a parcel with its reason; a delivered parcel marked failed later is a conflict', async () => {
    const stop = take(false);
    expect((await push(w, w.courier, [failMutation(stop, 'refused')]))[0]).toMatchObject({ status: 'applied' });
    expect(await parcel(stop.parcelId)).toMatchObject({ state: 'failed', failure_reason: 'refused', attempts: 1 });

    const done = take(false);
    const [delivered, failedLater] = await push(w, w.courier, [deliverMutation(done), failMutation(done)]);
    expect(delivered).toMatchObject({ status: 'applied' });
    expect(failedLater).toMatchObject({ status: 'conflict', error: { code: 'parcel.already_settled' }, serverParcel: { state: 'delivered' } });
    expect((await parcel(done.parcelId)).state).toBe('delivered');
  });

  it('delivers a parcel that failed earlier the same day at a second attempt, keeping the failure; refuses only after delivery', async () => {
    const again = take(true);
    const first = fresh.find((s) => s.villageName === again.villageName)!;
    fresh.splice(fresh.indexOf(first), 1);
    const { village_code: village } = await parcel(again.parcelId);
    const delivery = async () => {
      const rows = await w.t.handle.db
        .selectFrom('data_value')
        .select(['data_element', 'value'])
        .where('org_unit_code', '=', village!)
        .where('period', '=', todayInVietnam().slice(0, 4))
        .where('data_element', 'in', ['PARCELS_DELIVERED', 'PARCELS_FIRST_ATTEMPT'])
        .execute();
      const of = (element: string) => Number(rows.find((r) => r.data_element === element)?.value ?? 0);
      return { delivered: of('PARCELS_DELIVERED'), firstAttempt: of('PARCELS_FIRST_ATTEMPT') };
    };
    const stopOf = async (id: string) => (await pullDay(w, w.courier)).route!.stops.find((s) => s.parcelId === id)!;

    expect((await push(w, w.courier, [failMutation(again, 'not_home')]))[0]).toMatchObject({ status: 'applied' });
    expect(await stopOf(again.parcelId)).toMatchObject({ state: 'failed', failureReason: 'not_home' });
    const before = await delivery();
    // Back at the door in the afternoon: the recipient is home now.
    const [second] = await push(w, w.courier, [deliverMutation(again)]);
    expect(second).toMatchObject({ status: 'applied' });
    expect(await parcel(again.parcelId)).toMatchObject({ state: 'delivered', failure_reason: null, attempts: 2 });
    expect((await events(again.parcelId)).map((e) => [e.kind, e.failure_reason])).toEqual([
      ['out_for_delivery', null],
      ['failed', 'not_home'],
      ['out_for_delivery', null],
      ['delivered', null],
    ]);
    expect(await stopOf(again.parcelId)).toMatchObject({ state: 'delivered', failureReason: null });
    // Delivered, but not at the first attempt; a parcel delivered at its first attempt still counts as one.
    expect(await delivery()).toEqual({ delivered: before.delivered + 1, firstAttempt: before.firstAttempt });
    expect((await push(w, w.courier, [deliverMutation(first)]))[0]).toMatchObject({ status: 'applied' });
    expect(await delivery()).toEqual({ delivered: before.delivered + 2, firstAttempt: before.firstAttempt + 1 });
    expect(await parcel(first.parcelId)).toMatchObject({ attempts: 1 });

    const [afterDelivery] = await push(w, w.courier, [failMutation(again, 'unreachable')]);
    expect(afterDelivery).toMatchObject({ status: 'conflict', error: { code: 'parcel.already_settled' }, serverParcel: { state: 'delivered' } });
    expect(await events(again.parcelId)).toHaveLength(4);
  });

  it('refuses, and audits, a parcel of another carrier or outside the courier’s communes', async () => {
    const stop = take(false);
    const [other] = await push(w, w.otherCourier, [deliverMutation(stop)]);
    expect(other).toMatchObject({ status: 'rejected', error: { code: 'auth.forbidden' } });
    // A Best Express parcel in a commune the courier does not cover.
    const away = await w.t.addVillage('06376', 1, 'Lăng Đồng');
    const csv = csvFile(
      [
        ['Mã vận đơn', 'Người nhận', 'Số điện thoại', 'Mã thôn/bản', 'Tiền thu hộ', 'Khối lượng (gam)'],
        ['BE-AWAY', 'Lục Văn Xa', '0912999000', away, '0', '500'],
      ],
      'utf-8',
    );
    await w.t.app.inject({
      method: 'POST',
      url: `/api/delivery/manifests?carrier=${w.best}`,
      headers: { cookie: w.dispatcher.cookie, 'x-csrf-token': w.dispatcher.csrfToken, 'content-type': 'text/csv' },
      payload: csv,
    });
    const awayParcel = await w.t.handle.db
      .selectFrom('parcel')
      .select(['id', 'tracking_code', 'cod_amount'])
      .where('tracking_code', '=', 'BE-AWAY')
      .executeTakeFirstOrThrow();
    const [outside] = await push(w, w.courier, [deliverMutation({ ...stop, parcelId: awayParcel.id, trackingCode: 'BE-AWAY', codAmount: 0 })]);
    expect(outside).toMatchObject({ status: 'rejected', error: { code: 'auth.forbidden' } });
    const denied = await w.t.handle.db
      .selectFrom('audit_entry')
      .select(['entity_id', 'actor_id'])
      .where('entity', '=', 'parcel')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.entity_id).sort()).toEqual([stop.parcelId, awayParcel.id].sort());
    expect(await events(stop.parcelId)).toEqual([]);
    expect(await events(awayParcel.id)).toEqual([]);
    // As the field app's: the attempt is the courier's own commune's business (its first), and
    // shows nothing of it to the other carrier's or commune's side; the audit names what was tried.
    const home = (courier: keyof typeof w.actors) => w.actors[courier].roles.find((g) => g.role === 'courier')!.orgUnitCode;
    expect(await filedUnder(other!.id)).toBe(home('otherCourier'));
    expect(await filedUnder(outside!.id)).toBe(home('courier'));
    const awayAudit = await w.t.handle.db
      .selectFrom('audit_entry')
      .select('org_unit_code')
      .where('entity_id', '=', awayParcel.id)
      .where('outcome', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect(awayAudit.org_unit_code).toBe(away);
    const officer = await w.t.signIn({ username: 'canbo.home', displayName: 'Cán bộ xã', role: 'commune_officer', orgUnitCode: home('courier') });
    const awayOfficer = await w.t.signIn({ username: 'canbo.langdong', displayName: 'Cán bộ Lăng Đồng', role: 'commune_officer', orgUnitCode: '06376' });
    const attention = async (session: typeof officer, unit: string) =>
      ((await w.t.as(session, 'GET', `/api/sync/needs-attention?orgUnit=${unit}`)).json() as { items: { id: string }[] }).items.map((i) => i.id);
    expect(await attention(officer, home('courier'))).toContain(outside!.id);
    expect(await attention(awayOfficer, '06376')).not.toContain(outside!.id);
  });

  it('shows a carrier’s dispatcher its own couriers’ refusals by parcel, to settle, and no other carrier’s', async () => {
    // Stops earlier tests used: the last test needs every fresh one.
    const used = stops.filter((s) => !fresh.includes(s));
    const [conflicting, foreign] = [used.find((s) => s.codAmount > 0)!, used.find((s) => s.codAmount === 0)!];
    const [conflict] = await push(w, w.courier, [deliverMutation(conflicting, { codAmount: conflicting.codAmount + 10_000 })]);
    const [refused] = await push(w, w.otherCourier, [deliverMutation(foreign)]);
    const viettelDispatcher = await w.t.signIn({
      username: 'dieuphoi.viettel',
      displayName: 'Điều phối Viettel',
      role: 'dispatcher',
      orgUnitCode: '20',
      carrierId: w.viettel,
    });
    type Listed = { items: { id: string; kind: string; parcelLabel: string | null; account: { username: string }; error: { code: string } | null }[] };
    const refusals = async (session: typeof viettelDispatcher, carrier: string) => {
      const res = await w.t.as(session, 'GET', `/api/sync/needs-attention/couriers?carrier=${carrier}`);
      return res.statusCode === 200 ? res.json<Listed>().items : res.statusCode;
    };
    const best = await refusals(w.dispatcher, w.best);
    expect(best).toContainEqual(
      expect.objectContaining({
        id: conflict!.id,
        kind: 'parcel.deliver',
        parcelLabel: `${conflicting.trackingCode} · ${conflicting.recipientName}`,
        account: expect.objectContaining({ username: 'giao.best1' }),
        error: expect.objectContaining({ code: expect.stringMatching(/^parcel\.(cod_changed|already_settled)$/) }),
      }),
    );
    expect(typeof best === 'number' ? [] : best.map((i) => i.id)).not.toContain(refused!.id);
    const viettel = await refusals(viettelDispatcher, w.viettel);
    expect(typeof viettel === 'number' ? [] : viettel.map((i) => i.id)).toEqual(expect.arrayContaining([refused!.id]));
    expect(typeof viettel === 'number' ? [] : viettel.map((i) => i.id)).not.toContain(conflict!.id);
    // Another carrier's list, or a courier asking: refused.
    expect(await refusals(w.dispatcher, w.viettel)).toBe(403);
    expect(await refusals(w.courier, w.best)).toBe(403);

    // Settled by Best's dispatcher (the server's amount stands); Viettel's courier's is not Best's to settle.
    const settle = (session: typeof viettelDispatcher, id: string) =>
      w.t.as(session, 'POST', `/api/sync/mutations/${id}/resolve`, { resolution: 'kept_server' });
    expect((await settle(w.dispatcher, refused!.id)).statusCode).toBe(403);
    const settled = await settle(w.dispatcher, conflict!.id);
    expect(settled.statusCode, settled.body).toBe(200);
    const after = await refusals(w.dispatcher, w.best);
    expect(typeof after === 'number' ? after : after.map((i) => i.id)).not.toContain(conflict!.id);
    const audit = await w.t.handle.db
      .selectFrom('audit_entry')
      .select(['actor_name', 'outcome'])
      .where('entity_id', '=', conflict!.id)
      .where('action', '=', 'sync:resolve')
      .execute();
    expect(audit).toEqual([{ actor_name: 'dieuphoi.best', outcome: 'ok' }]);
  });

  it('keeps a photo (≤ 150 KB) through the media module and a signature as strokes; refuses a larger photo', async () => {
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 120, b: 80 } } })
      .jpeg({ quality: 60 })
      .toBuffer();
    const photoStop = take(false);
    const [photo] = await push(w, w.courier, [deliverMutation(photoStop, { proof: { kind: 'photo', jpeg: jpeg.toString('base64') } })]);
    expect(photo).toMatchObject({ status: 'applied' });
    const signStop = take(false);
    const strokes = [
      [
        [10, 200],
        [120, 150],
        [300, 220],
      ],
      [
        [400, 100],
        [420, 300],
      ],
    ];
    expect((await push(w, w.courier, [deliverMutation(signStop, { proof: { kind: 'signature', strokes } })]))[0]).toMatchObject({ status: 'applied' });
    const proofs = await w.t.handle.db.selectFrom('delivery_proof').selectAll().where('kind', 'in', ['photo', 'signature']).orderBy('kind').execute();
    expect(proofs[0]!.photo_id).toMatch(/\w{16,}/);
    expect(proofs[1]!.signature).toEqual(strokes);

    const big = take(false);
    const huge = Buffer.alloc(160 * 1024, 7).toString('base64');
    const [tooBig] = await push(w, w.courier, [deliverMutation(big, { proof: { kind: 'photo', jpeg: huge } })]);
    expect(tooBig).toMatchObject({ status: 'rejected', error: { code: 'sync.invalid_payload', field: 'payload.proof.jpeg' } });
    const offPad = [[[10, 5000]]];
    const [badSignature] = await push(w, w.courier, [deliverMutation(big, { proof: { kind: 'signature', strokes: offPad } })]);
    expect(badSignature).toMatchObject({ status: 'rejected', error: { code: 'sync.invalid_payload' } });
    expect(await events(big.parcelId)).toEqual([]);
  });

  it('takes a hand reorder of the whole route, and refuses one that misses a stop', async () => {
    const day = await pullDay(w, w.courier);
    const ids = day.route!.stops.map((s) => s.parcelId).reverse();
    expect((await push(w, w.courier, [{ id: newId(), kind: 'route.reorder', payload: { routeId, parcelIds: ids } }]))[0]).toMatchObject({ status: 'applied' });
    const after = await pullDay(w, w.courier, day.cursor);
    expect(after.unchanged).toBe(false);
    expect(after.route!.stops.map((s) => s.parcelId)).toEqual(ids);
    const [short] = await push(w, w.courier, [{ id: newId(), kind: 'route.reorder', payload: { routeId, parcelIds: ids.slice(1) } }]);
    expect(short).toMatchObject({ status: 'conflict', error: { code: 'route.stops_changed' } });
    const [foreign] = await push(w, w.otherCourier, [{ id: newId(), kind: 'route.reorder', payload: { routeId, parcelIds: ids } }]);
    expect(foreign).toMatchObject({ status: 'rejected', error: { code: 'auth.forbidden' } });
  });

  it('records each event exactly once when pushes are cut mid-way and the phone retries until answered', async () => {
    const draws = createRandom(20_261_205, 'courier-faults');
    const proxy = await startFaultyProxy((w.t.app.server.address() as AddressInfo).port, () => draws.next());
    const mutations = fresh.splice(0).map((s, i) => (i % 3 === 2 ? failMutation(s, 'unreachable') : deliverMutation(s)));
    const answers = new Map<string, MutationResult>();
    const device = newId();
    let attempts = 0;
    try {
      for (let start = 0; start < mutations.length; start += 3) {
        const batch = mutations.slice(start, start + 3);
        for (;;) {
          attempts++;
          expect(attempts, 'the phone gave up').toBeLessThan(300);
          const res = await postPush(proxy.port, w.courier, { deviceId: device, mutations: batch }).catch(() => null);
          if (!res) continue;
          expect(res.status, JSON.stringify(res.json)).toBe(200);
          for (const result of (res.json as { results: MutationResult[] }).results) answers.set(result.id, result);
          break;
        }
      }
    } finally {
      await proxy.close();
    }
    expect(attempts).toBeGreaterThan(mutations.length / 3);
    expect([...answers.values()].filter((r) => r.status !== 'applied' && r.status !== 'duplicate')).toEqual([]);
    expect(answers.size).toBe(mutations.length);
    const eventIds = mutations.map((m) => (m.payload as { eventId: string }).eventId);
    const recorded = await w.t.handle.db.selectFrom('delivery_event').select('id').where('id', 'in', eventIds).execute();
    expect(recorded).toHaveLength(mutations.length);
    const perParcel = await w.t.handle.db
      .selectFrom('delivery_event')
      .select(['parcel_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('kind', 'in', ['delivered', 'failed'])
      .where(
        'parcel_id',
        'in',
        mutations.map((m) => (m.payload as { parcelId: string }).parcelId),
      )
      .groupBy('parcel_id')
      .execute();
    expect(perParcel.every((p) => Number(p.n) === 1)).toBe(true);
    expect(perParcel).toHaveLength(mutations.length);
  });
});
