import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { createAccount, ensureFirstAdministrator } from './create-account.ts';

describe.each(testEngines())('accounts and sessions on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t?.close());

  it('creates the first administrator once, scoped to the province', async () => {
    const first = await ensureFirstAdministrator(t.handle.db, '20', undefined);
    expect(first).toMatchObject({ username: 'admin', generated: true });
    expect(first!.password).toMatch(/^[a-km-z2-9]{4}-[a-km-z2-9]{4}-[a-km-z2-9]{4}$/);
    expect(await ensureFirstAdministrator(t.handle.db, '20', undefined)).toBeNull();
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: first!.password } });
    expect(login.statusCode).toBe(200);
    expect(login.json().account).toMatchObject({ username: 'admin', mustChangePassword: true, roles: [{ role: 'province_admin', orgUnitCode: '20' }] });
  });

  it('sets an httpOnly SameSite=Strict cookie holding a token the database stores only as a hash', async () => {
    await createAccount(t.handle.db, {
      username: 'officer.km',
      displayName: 'Cán bộ Kiên Mộc',
      role: 'commune_officer',
      orgUnitCode: '06625',
      password: 'mat-khau-dai-1',
    });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'Officer.KM', password: 'mat-khau-dai-1' } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'banso_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const stored = await t.handle.db.selectFrom('session').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(cookie.value);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `banso_session=${cookie.value}` } });
    expect(me.json().account.roles).toEqual([{ role: 'commune_officer', orgUnitCode: '06625', orgUnitName: 'Kiên Mộc' }]);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'officer.km', password: 'nope-nope-nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody.here', password: 'nope-nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('auth.invalid_credentials');
  });

  it('slows the sixth log-in attempt in a minute down with 429', async () => {
    const attempt = () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'victim', password: 'guess-guess' } });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt()).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes[5]).toBe(429);
    const last = await attempt();
    expect(last.json().error.code).toBe('auth.too_many_attempts');
    expect(last.json().error.message.vi).toMatch(/thử lại/);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const s = await t.signIn({ username: 'csrf.test', displayName: 'CSRF', role: 'province_admin', orgUnitCode: '20' });
    const bare = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().error.code).toBe('auth.csrf');
    const forged = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'forged' } });
    expect(forged.statusCode).toBe(403);
  });

  it('ends the session at log-out', async () => {
    const s = await t.signIn({ username: 'leaving', displayName: 'Leaving', role: 'team_member', orgUnitCode: '06625' });
    expect((await t.as(s, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await t.as(s, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await t.as(s, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('ends an expired session', async () => {
    const s = await t.signIn({ username: 'expired', displayName: 'Expired', role: 'team_member', orgUnitCode: '06625' });
    await t.handle.db
      .updateTable('session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    expect((await t.as(s, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('lets only an administrator read the audit log, and audits the refusal', async () => {
    const admin = await t.signIn({ username: 'auditor', displayName: 'Auditor', role: 'province_admin', orgUnitCode: '20' });
    const officer = await t.signIn({ username: 'curious', displayName: 'Curious', role: 'commune_officer', orgUnitCode: '06625' });
    expect((await t.as(officer, 'GET', '/api/audit')).statusCode).toBe(403);
    const log = await t.as(admin, 'GET', '/api/audit?outcome=denied');
    expect(log.statusCode).toBe(200);
    expect(log.json().items[0]).toMatchObject({ actorName: 'curious', action: 'audit:read', outcome: 'denied' });
  });
});
