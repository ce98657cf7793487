import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';

const ANDROID = 'Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const PASSWORD = 'correct horse battery';

interface SessionRow {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  browser: string | null;
  current: boolean;
}

/** Sessions ended one by one (issue 11): an account's own, or by a manager of its area, never by a token. */
describe.each(testEngines())('ending one session on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let officer: TestSession;
  let stranger: TestSession;
  let memberId: string;

  // Each log-in from its own address: five a minute per address and name is the log-in limit.
  let address = 0;
  const logIn = async (username: string, userAgent: string): Promise<TestSession> => {
    address += 1;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: `10.11.0.${address}`,
      headers: { 'user-agent': userAgent },
      payload: { username, password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: `banso_session=${res.cookies.find((c) => c.name === 'banso_session')!.value}`, csrfToken: res.json().csrfToken as string };
  };
  const sessionsOf = async (session: TestSession, url: string): Promise<SessionRow[]> => {
    const res = await t.as(session, 'GET', url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().sessions as SessionRow[];
  };
  const tokenHashes = async () => (await t.handle.db.selectFrom('session').select('token_hash').execute()).map((s) => s.token_hash);

  beforeAll(async () => {
    t = await startTestApp(engine);
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    stranger = await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    memberId = (await t.handle.db.selectFrom('account').select('id').where('username', '=', 'member.hd').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t?.close());

  it('lists one’s own sessions, the current one marked, each by an opaque id that is neither the token nor its hash', async () => {
    const phone = await logIn('member.hd', ANDROID);
    const desk = await logIn('member.hd', WINDOWS);
    const res = await t.as(desk, 'GET', '/api/auth/sessions');
    expect(res.statusCode, res.body).toBe(200);
    const sessions = res.json().sessions as SessionRow[];
    // The sign-in of the set-up, the phone and the desk.
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current).map((s) => s.browser)).toEqual(['Firefox · Windows']);
    expect(sessions.map((s) => s.browser)).toContain('Chrome · Android');
    for (const s of sessions) expect(Object.keys(s).sort()).toEqual(['browser', 'createdAt', 'current', 'expiresAt', 'id', 'lastSeenAt']);
    const body = res.body;
    for (const hash of await tokenHashes()) expect(body).not.toContain(hash);
    for (const cookie of [phone.cookie, desk.cookie]) expect(body).not.toContain(cookie.split('=')[1]);
    // The phone sees itself as the current one.
    expect((await sessionsOf(phone, '/api/auth/sessions')).find((s) => s.current)?.browser).toBe('Chrome · Android');
  });

  it('ends one of one’s own sessions, leaving the others working, and never another account’s', async () => {
    const phone = await logIn('member.hd', ANDROID);
    const desk = await logIn('member.hd', WINDOWS);
    const phoneSession = (await sessionsOf(phone, '/api/auth/sessions')).find((s) => s.current)!;
    const ended = await t.as(desk, 'DELETE', `/api/auth/sessions/${phoneSession.id}`);
    expect(ended.statusCode, ended.body).toBe(204);
    expect((await t.as(phone, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await t.as(desk, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect(
      (await t.handle.db.selectFrom('audit_entry').select('outcome').where('action', '=', 'auth:end_session').where('entity_id', '=', memberId).execute())
        .length,
    ).toBe(1);
    // Someone else's session id is not one's own to end: the same answer as an unknown one.
    const officerSession = (await sessionsOf(officer, '/api/auth/sessions')).find((s) => s.current)!;
    const foreign = await t.as(desk, 'DELETE', `/api/auth/sessions/${officerSession.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('session.not_found');
    expect((await t.as(officer, 'GET', '/api/auth/me')).statusCode).toBe(200);
    // Ending the current one is logging out.
    const deskSession = (await sessionsOf(desk, '/api/auth/sessions')).find((s) => s.current)!;
    expect((await t.as(desk, 'DELETE', `/api/auth/sessions/${deskSession.id}`)).statusCode).toBe(204);
    expect((await t.as(desk, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('lets the commune’s officer see a member’s sessions and end one, and only that one', async () => {
    const phone = await logIn('member.hd', ANDROID);
    const desk = await logIn('member.hd', WINDOWS);
    const sessions = await sessionsOf(officer, `/api/accounts/${memberId}`);
    expect(sessions.every((s) => !s.current)).toBe(true);
    const phoneSession = sessions.find((s) => s.browser === 'Chrome · Android')!;
    const ended = await t.as(officer, 'DELETE', `/api/accounts/${memberId}/sessions/${phoneSession.id}`);
    expect(ended.statusCode, ended.body).toBe(204);
    expect((await t.as(phone, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await t.as(desk, 'GET', '/api/auth/me')).statusCode).toBe(200);
    const audit = await t.handle.db
      .selectFrom('audit_entry')
      .select(['actor_name', 'outcome'])
      .where('action', '=', 'account:end_session')
      .where('entity_id', '=', memberId)
      .execute();
    expect(audit).toEqual([{ actor_name: 'officer.km', outcome: 'ok' }]);
    // An officer's own session is marked on the account page of their own account.
    const officerId = (await t.handle.db.selectFrom('account').select('id').where('username', '=', 'officer.km').executeTakeFirstOrThrow()).id;
    expect((await sessionsOf(officer, `/api/accounts/${officerId}`)).filter((s) => s.current)).toHaveLength(1);
    // A session id under another account's path ends nothing.
    const deskSession = (await sessionsOf(desk, '/api/auth/sessions')).find((s) => s.current)!;
    expect((await t.as(officer, 'DELETE', `/api/accounts/${officerId}/sessions/${deskSession.id}`)).statusCode).toBe(404);
    expect((await t.as(desk, 'GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('refuses, and audits, another commune’s officer ending a session of Hin Đăm’s member', async () => {
    const desk = await logIn('member.hd', WINDOWS);
    const deskSession = (await sessionsOf(desk, '/api/auth/sessions')).find((s) => s.current)!;
    const refused = await t.as(stranger, 'DELETE', `/api/accounts/${memberId}/sessions/${deskSession.id}`);
    expect(refused.statusCode).toBe(403);
    expect((await t.as(desk, 'GET', '/api/auth/me')).statusCode).toBe(200);
    const denied = await t.handle.db
      .selectFrom('audit_entry')
      .select(['actor_name', 'action'])
      .where('outcome', '=', 'denied')
      .where('entity_id', '=', memberId)
      .execute();
    expect(denied).toEqual([{ actor_name: 'officer.nh', action: 'account:manage' }]);
    // A team member manages no one's sessions.
    expect((await t.as(desk, 'DELETE', `/api/accounts/${memberId}/sessions/${deskSession.id}`)).statusCode).toBe(403);
    // Nor may anyone without a session.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/sessions' })).statusCode).toBe(401);
  });
});
