import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { registerVillagePayees } from '../../testing/payee-access-kit.ts';
import { cassoSignature } from './bank-webhook.rules.ts';
import { listUnmatchedTransfers, markTransferMatched, markTransferUnmatched } from './index.ts';

/** A payee's feeds and its queue through the API, authorised by a real policy (testing/payee-access-kit.ts). */
registerVillagePayees();

describe.each(testEngines())('bank feeds of a payee on %s', (engine) => {
  const ACCOUNT = '8888123456789';
  let t: TestApp;
  let officer: TestSession;
  let otherOfficer: TestSession;
  let member: TestSession;
  let hinDam: string;

  beforeAll(async () => {
    t = await startTestApp(engine, { secretKey: randomBytes(32) });
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    officer = await t.signIn({ username: 'canbo.kienmoc', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    otherOfficer = await t.signIn({ username: 'canbo.khac', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    member = await t.signIn({ username: 'to.hindam', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
  });
  afterAll(() => t?.close());

  const feedsUrl = () => `/api/payments/payees/village/${hinDam}/feeds`;
  const countFeeds = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('bank_feed')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates a SePay feed: the webhook address and, once, a key that then credits a transfer', async () => {
    const res = await t.as(officer, 'POST', feedsUrl(), { provider: 'sepay', accountNumber: ACCOUNT });
    expect(res.statusCode, res.body).toBe(201);
    const { feed, secret } = res.json();
    expect(secret).toMatch(/^[\w-]{32}$/);
    expect(feed).toMatchObject({ provider: 'sepay', payeeKind: 'village', payeeId: hinDam, accountNumber: ACCOUNT, active: true, deactivatedAt: null });
    expect(feed.webhookUrl).toMatch(new RegExp(`^http://localhost(:80)?/api/payments/webhooks/sepay/${feed.id}$`));

    const stored = await t.handle.db.selectFrom('bank_feed').selectAll().where('id', '=', feed.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret);

    const body = {
      id: 1,
      gateway: 'Agribank',
      transactionDate: '2026-03-10 10:14:51',
      accountNumber: ACCOUNT,
      content: 'HTX Hin Dam',
      transferType: 'in',
      transferAmount: 50_000,
      referenceCode: null,
    };
    const notified = await t.app.inject({
      method: 'POST',
      url: new URL(feed.webhookUrl).pathname,
      headers: { authorization: `Apikey ${secret}` },
      payload: body,
    });
    expect(notified.json()).toMatchObject({ success: true, outcome: 'credited' });
  });

  it('creates a Casso feed with the key Casso gave, sealed at rest, that verifies a signed notification', async () => {
    const checksumKey = 'khoa-casso-do-casso-tao-ra-0123456789';
    const res = await t.as(officer, 'POST', feedsUrl(), { provider: 'casso', accountNumber: ACCOUNT, secret: checksumKey });
    expect(res.statusCode, res.body).toBe(201);
    const { feed } = res.json();
    const stored = await t.handle.db.selectFrom('bank_feed').selectAll().where('id', '=', feed.id).executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(checksumKey);
    expect(stored.secret_hash).toBeNull();

    const body = {
      error: 0,
      data: {
        id: 9,
        reference: 'FT1',
        description: 'HTX Hin Dam',
        amount: 70_000,
        runningBalance: 0,
        transactionDateTime: '2026-03-10 10:20:00',
        accountNumber: ACCOUNT,
      },
    };
    const notified = await t.app.inject({
      method: 'POST',
      url: new URL(feed.webhookUrl).pathname,
      headers: { 'x-casso-signature': cassoSignature(body, checksumKey, Date.now()) },
      payload: body,
    });
    expect(notified.json()).toMatchObject({ success: true, outcome: 'credited' });
  });

  it('lists the feeds without any form of their keys', async () => {
    const res = await t.as(officer, 'GET', feedsUrl());
    expect(res.statusCode).toBe(200);
    const feeds = res.json();
    expect(feeds.map((f: { provider: string }) => f.provider)).toEqual(['sepay', 'casso']);
    for (const feed of feeds)
      expect(Object.keys(feed).sort()).toEqual([
        'accountNumber',
        'active',
        'createdAt',
        'createdBy',
        'deactivatedAt',
        'id',
        'payeeId',
        'payeeKind',
        'provider',
        'webhookUrl',
      ]);
  });

  it('deactivates a feed: its webhook then answers as if it never existed; twice changes nothing', async () => {
    const [sepayFeed] = (await t.as(officer, 'GET', feedsUrl())).json();
    const notify = () => t.app.inject({ method: 'POST', url: new URL(sepayFeed.webhookUrl).pathname, headers: { authorization: 'Apikey x' }, payload: {} });
    // Read once by the webhook (a wrong key): the feed it now remembers must be forgotten when it is stopped.
    expect((await notify()).statusCode).toBe(401);
    const res = await t.as(officer, 'PATCH', `/api/payments/feeds/${sepayFeed.id}`, { active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: false, deactivatedAt: expect.any(String) });
    expect((await t.as(officer, 'PATCH', `/api/payments/feeds/${sepayFeed.id}`, { active: false })).json().deactivatedAt).toBe(res.json().deactivatedAt);
    expect((await notify()).statusCode).toBe(404);
    const audit = await t.handle.db.selectFrom('audit_entry').select(['action', 'outcome']).where('entity', '=', 'bank_feed').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['bank_feed:create', 'bank_feed:create', 'bank_feed:deactivate']);
  });

  it.each([
    ['an officer of another commune', () => otherOfficer, 403, 'auth.forbidden'],
    ['a team member', () => member, 403, 'auth.forbidden'],
  ])('refuses %s, writing no feed', async (_name, who, status, code) => {
    const before = await countFeeds();
    const created = await t.as(who(), 'POST', feedsUrl(), { provider: 'sepay', accountNumber: ACCOUNT });
    expect([created.statusCode, created.json().error.code]).toEqual([status, code]);
    const listed = await t.as(who(), 'GET', feedsUrl());
    expect(listed.statusCode).toBe(status);
    const [feed] = (await t.as(officer, 'GET', feedsUrl())).json();
    expect((await t.as(who(), 'PATCH', `/api/payments/feeds/${feed.id}`, { active: false })).statusCode).toBe(status);
    expect(await countFeeds()).toBe(before);
  });

  it('refuses an anonymous caller, an unknown kind of payee, and a bad account number', async () => {
    expect((await t.app.inject({ method: 'GET', url: feedsUrl() })).statusCode).toBe(401);
    const unknown = await t.as(officer, 'GET', `/api/payments/payees/spaceship/${hinDam}/feeds`);
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'payment.unknown_payee_kind']);
    const bad = await t.as(officer, 'POST', feedsUrl(), { provider: 'sepay', accountNumber: '8888 1234' });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'accountNumber']);
    expect(bad.json().error.issues[0].message.vi).toContain('Số tài khoản');
  });

  it('the consumer marks transfers matched or unmatched; the payee sees the unmatched queue', async () => {
    const { db } = t.handle;
    const created = (await t.as(officer, 'POST', feedsUrl(), { provider: 'sepay', accountNumber: ACCOUNT })).json();
    const notify = async (id: number, content: string) => {
      const body = {
        id,
        gateway: 'Agribank',
        transactionDate: '2026-03-11 09:00:00',
        accountNumber: ACCOUNT,
        content,
        transferType: 'in',
        transferAmount: 120_000,
        referenceCode: null,
      };
      const res = await t.app.inject({
        method: 'POST',
        url: new URL(created.feed.webhookUrl).pathname,
        headers: { authorization: `Apikey ${created.secret}` },
        payload: body,
      });
      return res.json().transferId as string;
    };
    const noCode = await notify(101, 'chuyen tien');
    const withCode = await notify(102, 'DH7K2M9Q');
    const queueUrl = `/api/payments/payees/village/${hinDam}/unmatched-transfers`;
    expect((await t.as(officer, 'GET', queueUrl)).json()).toEqual([]);

    await markTransferUnmatched(db, noCode, 'no_code');
    expect((await markTransferUnmatched(db, noCode, 'no_code')).state).toBe('unmatched');
    expect(await markTransferMatched(db, withCode, 'DH7K2M9Q')).toMatchObject({ state: 'matched', matchedReference: 'DH7K2M9Q', unmatchedReason: null });
    expect((await markTransferMatched(db, withCode, 'DH7K2M9Q')).state).toBe('matched');

    const queue = await t.as(officer, 'GET', queueUrl);
    expect(queue.statusCode).toBe(200);
    expect(queue.json()).toEqual([
      expect.objectContaining({ id: noCode, state: 'unmatched', unmatchedReason: 'no_code', content: 'chuyen tien', amount: 120_000, source: 'webhook' }),
    ]);
    expect(await listUnmatchedTransfers(db, { kind: 'village', id: hinDam })).toEqual(queue.json());
    expect((await t.as(otherOfficer, 'GET', queueUrl)).statusCode).toBe(403);

    // Matched by hand: it leaves the queue. Matching it elsewhere needs an unmatch first (a workflow's undo).
    await markTransferMatched(db, noCode, 'DH0000000');
    expect((await t.as(officer, 'GET', queueUrl)).json()).toEqual([]);
    await expect(markTransferMatched(db, noCode, 'DH1111111')).rejects.toMatchObject({ status: 409, code: 'payment.transfer_already_matched' });
    expect((await markTransferUnmatched(db, noCode, 'undone')).matchedReference).toBeNull();
    await expect(markTransferMatched(db, '019300000000700080000000000000ff', 'DH1')).rejects.toMatchObject({ status: 404, code: 'payment.transfer_not_found' });
    await expect(markTransferUnmatched(db, noCode, ' ')).rejects.toMatchObject({ status: 400, code: 'payment.bad_label' });
  });
});
