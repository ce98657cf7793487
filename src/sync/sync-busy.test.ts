import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { newId } from '../platform/ids.ts';

describe.each(testEngines())('a push when the server is full, on %s', (engine) => {
  let t: TestApp;
  let member: TestSession;

  beforeAll(async () => {
    // No room at all: every push is one too many, which is what a storm looks like to the last phone.
    t = await startTestApp(engine, { maxPushesInFlight: 0 });
    const village = await t.addVillage('06625', 1, 'Hin Đăm');
    member = await t.signIn({ username: 'member.busy', displayName: 'Tổ viên', role: 'team_member', orgUnitCode: village });
  });
  afterAll(() => t?.close());

  it('is turned away with 503, a time to come back, a message in both languages, and nothing recorded', async () => {
    const res = await t.as(member, 'POST', '/api/sync/push', { deviceId: newId(), mutations: [{ id: newId(), kind: 'visit.record', payload: {} }] });
    expect(res.statusCode).toBe(503);
    const seconds = Number(res.headers['retry-after']);
    // The gate has no room and no pace yet: the phone's turn is a second away.
    expect(seconds).toBe(1);
    expect(res.json().error).toMatchObject({
      code: 'sync.busy',
      message: { vi: expect.stringContaining('an toàn trên máy'), en: expect.stringContaining('safe on the phone') },
    });
    const stored = await t.handle.db
      .selectFrom('sync_mutation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
  });

  it('is turned away before its session is looked up (on the embedded engine that query would wait behind the pushes at work)', async () => {
    // No such session: had it been looked up, the answer would be 401.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      cookies: { banso_session: 'not-a-session' },
      payload: { deviceId: newId(), mutations: [] },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('sync.busy');
  });

  it('still asks who is pushing first: no session, no answer about the server', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      payload: { deviceId: newId(), mutations: [{ id: newId(), kind: 'visit.record', payload: {} }] },
    });
    expect(res.statusCode).toBe(401);
  });
});
