import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { createAccount } from '../accounts/index.ts';
import { newId } from '../platform/ids.ts';
import { createSecretBox } from '../platform/secret-box.ts';
import { cassoSignature, hashApiKey } from './bank-webhook.rules.ts';
import { insertBankFeed } from './bank-feed.repository.ts';
import { TRANSFER_RECEIVED } from './index.ts';

/**
 * Bank notifications through the HTTP routes, on both engines: each credited once however often
 * it comes, and every bad input refused in both languages with nothing written.
 */
describe.each(testEngines())('bank webhooks on %s', (engine) => {
  const secretKey = randomBytes(32);
  const box = createSecretBox(secretKey);
  const SEPAY_KEY = 'khoa-sepay-cua-hang-lang-dong-0123456789';
  const CASSO_KEY = 'khoa-casso-cua-hang-lang-dong-9876543210';
  const ACCOUNT = '8888123456789';
  let t: TestApp;
  let sepayFeed: string;
  let cassoFeed: string;
  let closedFeed: string;

  beforeAll(async () => {
    t = await startTestApp(engine, { secretKey });
    const { db } = t.handle;
    const { id: createdBy } = await createAccount(db, {
      username: 'nguoi.ban',
      displayName: 'Người bán',
      role: 'seller',
      orgUnitCode: '06625',
      password: 'mat khau dai du',
    });
    const feed = { payee_kind: 'shop', payee_id: newId(), province_code: '20', account_number: ACCOUNT, created_by: createdBy };
    sepayFeed = (await insertBankFeed(db, { ...feed, id: newId(), provider: 'sepay', secret_hash: hashApiKey(SEPAY_KEY), secret_sealed: null })).id;
    cassoFeed = (await insertBankFeed(db, { ...feed, id: newId(), provider: 'casso', secret_hash: null, secret_sealed: box.seal(CASSO_KEY) })).id;
    closedFeed = (await insertBankFeed(db, { ...feed, id: newId(), provider: 'sepay', secret_hash: hashApiKey(SEPAY_KEY), secret_sealed: null, active: false }))
      .id;
  });
  afterAll(() => t?.close());

  const sepayBody = (id: number, change: Record<string, unknown> = {}) => ({
    id,
    gateway: 'Agribank',
    transactionDate: '2026-03-10 10:14:51',
    accountNumber: ACCOUNT,
    code: null,
    content: 'DH7K2M9Q thanh toan',
    transferType: 'in',
    transferAmount: 150_000,
    accumulated: 0,
    subAccount: null,
    referenceCode: `FT26069${id}`,
    description: '',
    ...change,
  });
  const sepay = (body: unknown, key = SEPAY_KEY, feed = sepayFeed) =>
    t.app.inject({
      method: 'POST',
      url: `/api/payments/webhooks/sepay/${feed}`,
      headers: { authorization: `Apikey ${key}`, 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const cassoBody = (id: number, change: Record<string, unknown> = {}) => ({
    error: 0,
    data: {
      id,
      reference: `MBVCB.${id}`,
      description: 'Thanh toán đơn hàng mật ong',
      amount: 480_000,
      runningBalance: 0,
      transactionDateTime: '2026-03-10 11:00:00',
      accountNumber: ACCOUNT,
      bankName: 'Agribank',
      ...change,
    },
  });
  const casso = (body: unknown, signature = cassoSignature(body, CASSO_KEY, Date.now())) =>
    t.app.inject({
      method: 'POST',
      url: `/api/payments/webhooks/casso/${cassoFeed}`,
      headers: { 'x-casso-signature': signature, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  async function written() {
    const { db } = t.handle;
    const transfers = await db
      .selectFrom('bank_transfer')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const events = await db
      .selectFrom('outbox_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('topic', '=', TRANSFER_RECEIVED)
      .executeTakeFirstOrThrow();
    return { transfers: Number(transfers.n), events: Number(events.n) };
  }

  async function refusedWithNothingWritten(send: () => Promise<LightMyRequestResponse>, status: number, code: string) {
    const before = await written();
    const res = await send();
    expect(res.statusCode, res.body).toBe(status);
    const { error } = res.json();
    expect(error.code).toBe(code);
    expect(error.message.vi.length).toBeGreaterThan(0);
    expect(error.message.en.length).toBeGreaterThan(0);
    expect(await written()).toEqual(before);
  }

  it('SePay: a transfer is credited once with its event; a replay answers success and credits nothing', async () => {
    const before = await written();
    const first = await sepay(sepayBody(1001));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ success: true, outcome: 'credited' });
    const replay = await sepay(sepayBody(1001));
    expect(replay.json()).toEqual({ success: true, outcome: 'duplicate', transferId: first.json().transferId });
    expect(await written()).toEqual({ transfers: before.transfers + 1, events: before.events + 1 });

    const event = await t.handle.db
      .selectFrom('outbox_event')
      .selectAll()
      .where('topic', '=', TRANSFER_RECEIVED)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const feed = await t.handle.db.selectFrom('bank_feed').selectAll().where('id', '=', sepayFeed).executeTakeFirstOrThrow();
    expect(event.payload).toEqual({
      transferId: first.json().transferId,
      payeeKind: 'shop',
      payeeId: feed.payee_id,
      amount: 150_000,
      content: 'DH7K2M9Q thanh toan',
      occurredAt: '2026-03-10T03:14:51.000Z',
      provinceCode: '20',
    });
    expect(event.province_code).toBe('20');
  });

  it('ten copies of one notification at once are credited once', async () => {
    const before = await written();
    const answers = await Promise.all(Array.from({ length: 10 }, () => sepay(sepayBody(2002))));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.json().outcome === 'credited')).toHaveLength(1);
    expect(new Set(answers.map((a) => a.json().transferId)).size).toBe(1);
    expect(await written()).toEqual({ transfers: before.transfers + 1, events: before.events + 1 });
  });

  it('keeps a content with diacritics as sent, and the raw notification', async () => {
    const content = 'Chuyển tiền mua thuốc nam – bà Lăng Đồng';
    const res = await sepay(sepayBody(3003, { content }));
    expect(res.json().outcome).toBe('credited');
    const row = await t.handle.db.selectFrom('bank_transfer').selectAll().where('id', '=', res.json().transferId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      content,
      match_key: '2026-03-10|150000|CHUYENTIENMUATHUOCNAMBALANGDONG',
      state: 'new',
      source: 'webhook',
      provider_transaction_id: '3003',
    });
    expect(row.raw).toMatchObject({ id: 3003, content });
  });

  it('answers money leaving the account with success, and records nothing', async () => {
    const before = await written();
    expect((await sepay(sepayBody(4004, { transferType: 'out' }))).json()).toEqual({ success: true, outcome: 'ignored', transferId: null });
    expect(await written()).toEqual(before);
  });

  it.each([
    ['a wrong key', () => sepay(sepayBody(5001), `${SEPAY_KEY}x`), 401, 'webhook.bad_api_key'],
    [
      'no key',
      () =>
        t.app.inject({
          method: 'POST',
          url: `/api/payments/webhooks/sepay/${sepayFeed}`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(sepayBody(5002)),
        }),
      401,
      'webhook.bad_api_key',
    ],
    ['a body that is not JSON', () => sepay('{"id": 5003, "gateway": '), 400, 'webhook.bad_body'],
    ['a fractional amount', () => sepay(sepayBody(5004, { transferAmount: 150_000.5 })), 400, 'webhook.bad_body'],
    ['an amount in a string', () => sepay(sepayBody(5005, { transferAmount: '150000' })), 400, 'webhook.bad_body'],
    ['a NUL in the content', () => sepay(sepayBody(5006, { content: 'DH\u0000' })), 400, 'webhook.bad_body'],
    ['another account', () => sepay(sepayBody(5007, { accountNumber: '1111222233' })), 422, 'webhook.wrong_account'],
    ['an unknown feed', () => sepay(sepayBody(5008), SEPAY_KEY, newId()), 404, 'webhook.unknown_feed'],
    ['a deactivated feed', () => sepay(sepayBody(5009), SEPAY_KEY, closedFeed), 404, 'webhook.unknown_feed'],
    [
      'a SePay notification at a Casso feed',
      () =>
        t.app.inject({
          method: 'POST',
          url: `/api/payments/webhooks/sepay/${cassoFeed}`,
          headers: { authorization: `Apikey ${SEPAY_KEY}` },
          payload: sepayBody(5010),
        }),
      404,
      'webhook.unknown_feed',
    ],
  ])('SePay: refuses %s and writes nothing', async (_name, send, status, code) => {
    await refusedWithNothingWritten(send, status, code);
  });

  it('Casso: a signed notification is credited once; a replay with a fresh signature credits nothing', async () => {
    const before = await written();
    const first = await casso(cassoBody(7001));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().outcome).toBe('credited');
    const again = await casso(cassoBody(7001));
    expect(again.json()).toEqual({ success: true, outcome: 'duplicate', transferId: first.json().transferId });
    expect(await written()).toEqual({ transfers: before.transfers + 1, events: before.events + 1 });
    const row = await t.handle.db.selectFrom('bank_transfer').selectAll().where('id', '=', first.json().transferId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ content: 'Thanh toán đơn hàng mật ong', amount: 480_000, bank_reference: 'MBVCB.7001', provider: 'casso' });
  });

  it.each([
    ['a forged signature', () => casso(cassoBody(8001), cassoSignature(cassoBody(8001), 'khoa-doan-mo', Date.now())), 401, 'webhook.bad_signature'],
    [
      'a signed body altered on the way',
      () => casso(cassoBody(8002, { amount: 4_800_000 }), cassoSignature(cassoBody(8002), CASSO_KEY, Date.now())),
      401,
      'webhook.bad_signature',
    ],
    ['a timestamp too old', () => casso(cassoBody(8003), cassoSignature(cassoBody(8003), CASSO_KEY, Date.now() - 10 * 60_000)), 401, 'webhook.stale'],
    [
      'no signature',
      () => t.app.inject({ method: 'POST', url: `/api/payments/webhooks/casso/${cassoFeed}`, payload: cassoBody(8004) }),
      401,
      'webhook.bad_signature_header',
    ],
    ['a malformed body, correctly signed', () => casso({ error: 0, data: { id: 8005 } }), 400, 'webhook.bad_body'],
  ])('Casso: refuses %s and writes nothing', async (_name, send, status, code) => {
    await refusedWithNothingWritten(send, status, code);
  });

  it('the same transaction id from the other provider is another transfer', async () => {
    const before = await written();
    expect((await sepay(sepayBody(7001, { referenceCode: 'FT-khac' }))).json().outcome).toBe('credited');
    expect(await written()).toEqual({ transfers: before.transfers + 1, events: before.events + 1 });
  });
});
