import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { linkProvince } from './link-province.ts';

const survey = {
  surveyedOn: '2025-06-30',
  members: 3,
  adults: 2,
  smartphoneOwners: 1,
  epayAdults: 1,
  homeFtth: false,
  vneidUsers: 1,
  ehealthUsers: 0,
  bankingUsers: 0,
};

// The national roles on the national instance: figures of every province, no power over any province's records or accounts.
describe.each(testEngines())('the national roles on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let household: string;
  let nationalAdmin: TestSession;
  let nationalOfficer: TestSession;
  let provinceAdmin: TestSession;
  let provinceAdminId: string;

  const accountId = async (username: string) =>
    (await t.handle.db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const denials = async (actorName: string, action: string) =>
    (
      await t.handle.db
        .selectFrom('audit_entry')
        .select('id')
        .where('actor_name', '=', actorName)
        .where('action', '=', action)
        .where('outcome', '=', 'denied')
        .execute()
    ).length;

  beforeAll(async () => {
    t = await startTestApp(engine);
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    provinceAdmin = await t.signIn({ username: 'admin.ls', displayName: 'Quản trị Lạng Sơn', role: 'province_admin', orgUnitCode: '20' });
    provinceAdminId = await accountId('admin.ls');
    household = (await t.as(provinceAdmin, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ 1', survey })).json().id;
    nationalAdmin = await t.signIn({ username: 'admin.vn', displayName: 'Quản trị quốc gia', role: 'national_admin', orgUnitCode: 'VN' });
    nationalOfficer = await t.signIn({ username: 'canbo.vn', displayName: 'Cán bộ quốc gia', role: 'national_officer', orgUnitCode: 'VN' });
    await linkProvince(t.handle.db, { provinceCode: '20', baseUrl: 'http://127.0.0.1:9', token: 'lang-son-exchange-token-0001' });
  });
  afterAll(() => t?.close());

  it('lets a national officer read every province’s link and freshness, never a token; a province officer reads none', async () => {
    const res = await t.as(nationalOfficer, 'GET', '/api/national/links');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ provinceCode: '20', baseUrl: 'http://127.0.0.1:9', freshness: expect.objectContaining({ status: 'never' }) }),
    ]);
    expect(res.body).not.toContain('lang-son-exchange-token');
    expect((await t.as(provinceAdmin, 'GET', '/api/national/links')).statusCode).toBe(403);
    expect(await denials('admin.ls', 'national:read')).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/national/links' })).statusCode).toBe(401);
  });

  it('refuses a national officer every read and write of a province’s households, teams, shops and accounts, each refusal audited', async () => {
    const attempts = [
      ['GET', `/api/villages/${hinDam}/households`, undefined, 'household:read'],
      ['POST', `/api/villages/${hinDam}/households`, { label: 'Hộ 2', survey }, 'household:write'],
      ['GET', `/api/households/${household}`, undefined, 'household:read'],
      ['PATCH', `/api/households/${household}`, { label: 'Hộ 9', version: 1 }, 'household:write'],
      ['PUT', `/api/villages/${hinDam}/team`, { name: 'Tổ Hin Đăm' }, 'team:manage'],
      ['POST', `/api/villages/${hinDam}/team/members`, { displayName: 'Lan', sex: 'female', joinedOn: '2025-01-01' }, 'team:manage'],
      ['POST', '/api/shops', { name: 'Hợp tác xã Hin Đăm', villageCode: hinDam }, 'shop:manage'],
      ['POST', '/api/accounts', { username: 'tovien.x', displayName: 'X', role: 'team_member', orgUnitCode: hinDam }, 'account:manage'],
    ] as const;
    for (const [session, name] of [
      [nationalOfficer, 'canbo.vn'],
      [nationalAdmin, 'admin.vn'],
    ] as const) {
      for (const [method, url, body, action] of attempts) {
        const before = await denials(name, action);
        const res = await t.as(session, method, url, body);
        expect(res.statusCode, `${name} ${method} ${url}: ${res.body}`).toBe(403);
        expect(await denials(name, action), `${name} ${method} ${url}`).toBe(before + 1);
      }
    }
    const stored = await t.as(provinceAdmin, 'GET', `/api/households/${household}`);
    expect(stored.json().label).toBe('Hộ 1');
  });

  it('gives national roles only through a national administrator, at the nation only', async () => {
    const created = await t.as(nationalAdmin, 'POST', '/api/accounts', {
      username: 'canbo2.vn',
      displayName: 'Cán bộ 2',
      role: 'national_officer',
      orgUnitCode: 'VN',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().account.roles).toEqual([{ role: 'national_officer', orgUnitCode: 'VN', orgUnitName: 'Việt Nam' }]);
    const officerAt = (session: TestSession, username: string, orgUnitCode: string) =>
      t.as(session, 'POST', '/api/accounts', { username, displayName: username, role: 'national_officer', orgUnitCode });
    // A province administrator can give no national role: not at the nation (outside her area), not in her province (above her rank).
    const atNation = await officerAt(provinceAdmin, 'canbo.x', 'VN');
    expect(atNation.statusCode).toBe(403);
    const inProvince = await officerAt(provinceAdmin, 'canbo.y', '20');
    expect(inProvince.statusCode).toBe(400);
    expect(inProvince.json()).toMatchObject({ error: { code: 'account.national_role_at_nation', field: 'orgUnitCode' } });
    expect((await t.as(provinceAdmin, 'POST', `/api/accounts/${provinceAdminId}/roles`, { role: 'national_admin', orgUnitCode: 'VN' })).statusCode).toBe(403);
    // Nor does a national officer; a national administrator gives no province role.
    expect((await officerAt(nationalOfficer, 'canbo.z', 'VN')).statusCode).toBe(403);
    const provinceRole = await t.as(nationalAdmin, 'POST', '/api/accounts', { username: 'qt.x', displayName: 'X', role: 'province_admin', orgUnitCode: 'VN' });
    expect(provinceRole.statusCode).toBe(400);
    expect(provinceRole.json()).toMatchObject({ error: { code: 'account.role_not_at_nation', field: 'orgUnitCode' } });
    expect(
      (await t.as(nationalAdmin, 'POST', '/api/accounts', { username: 'qt.y', displayName: 'Y', role: 'province_admin', orgUnitCode: '20' })).statusCode,
    ).toBe(403);
    expect(
      await t.handle.db.selectFrom('account').select('username').where('username', 'in', ['canbo.x', 'canbo.y', 'canbo.z', 'qt.x', 'qt.y']).execute(),
    ).toEqual([]);
  });

  it('lets a national administrator manage the nation’s accounts and no province’s', async () => {
    const list = await t.as(nationalAdmin, 'GET', '/api/accounts');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((a: { username: string }) => a.username)).toEqual(['admin.vn', 'canbo.vn', 'canbo2.vn']);
    const provinceList = await t.as(provinceAdmin, 'GET', '/api/accounts');
    expect(provinceList.json().items.map((a: { username: string }) => a.username)).toEqual(['admin.ls']);

    expect((await t.as(nationalAdmin, 'GET', `/api/accounts/${provinceAdminId}`)).statusCode).toBe(403);
    expect((await t.as(nationalAdmin, 'POST', `/api/accounts/${provinceAdminId}/password-reset`)).statusCode).toBe(403);
    expect((await t.as(nationalAdmin, 'PATCH', `/api/accounts/${provinceAdminId}`, { active: false })).statusCode).toBe(403);
    expect((await t.as(nationalAdmin, 'GET', `/api/villages/${hinDam}/team/accounts`)).statusCode).toBe(403);

    const officerId = await accountId('canbo.vn');
    expect((await t.as(nationalAdmin, 'POST', `/api/accounts/${officerId}/roles`, { role: 'national_admin', orgUnitCode: 'VN' })).statusCode).toBe(200);
    const twice = await t.as(nationalAdmin, 'POST', `/api/accounts/${officerId}/roles`, { role: 'national_admin', orgUnitCode: 'VN' });
    expect(twice.json().roles).toHaveLength(2);
    const removed = await t.as(nationalAdmin, 'DELETE', `/api/accounts/${officerId}/roles/national_admin/VN`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().roles).toEqual([{ role: 'national_officer', orgUnitCode: 'VN', orgUnitName: 'Việt Nam' }]);
    expect((await t.as(provinceAdmin, 'GET', `/api/accounts/${officerId}`)).statusCode).toBe(403);
  });

  it('lets only a national administrator add or change a link, audited without its token', async () => {
    const link = { baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000, everyMinutes: 30 };
    expect((await t.as(nationalOfficer, 'PUT', '/api/national/links/20', link)).statusCode).toBe(403);
    expect(await denials('canbo.vn', 'national:manage')).toBe(1);
    expect((await t.as(provinceAdmin, 'PUT', '/api/national/links/20', link)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: '/api/national/links/20', payload: link })).statusCode).toBe(401);

    // An edit keeps the token when left out (a new link needs one: federation.test.ts); a unit that is no province of this territory is not found.
    expect((await t.as(nationalAdmin, 'PUT', '/api/national/links/04', { ...link, token: 'x'.repeat(16) })).statusCode).toBe(404);
    const badAddress = await t.as(nationalAdmin, 'PUT', '/api/national/links/20', { ...link, baseUrl: 'ftp://tinh' });
    expect(badAddress.statusCode).toBe(400);
    expect(JSON.stringify(badAddress.json())).toContain('baseUrl');
    expect((await t.as(nationalAdmin, 'PUT', '/api/national/links/06625', { ...link, token: 'x'.repeat(16) })).statusCode).toBe(404);

    const edited = await t.as(nationalAdmin, 'PUT', '/api/national/links/20', link);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ provinceCode: '20', baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000, everyMinutes: 30 });
    const stored = await t.handle.db.selectFrom('national_link').select(['token', 'every_minutes']).where('province_code', '=', '20').executeTakeFirstOrThrow();
    expect(stored).toEqual({ token: 'lang-son-exchange-token-0001', every_minutes: 30 });
    const audit = await t.handle.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('action', '=', 'national:link')
      .where('outcome', '=', 'ok')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_name: 'admin.vn', entity_id: '20' });
    expect(JSON.stringify(audit)).not.toContain('lang-son-exchange-token');
    // Back as it was, for the pulls below.
    expect((await t.as(nationalAdmin, 'PUT', '/api/national/links/20', { baseUrl: 'http://127.0.0.1:9' })).statusCode).toBe(200);
  });

  it('lets only a national administrator pull a province now; an unanswering province is marked, not counted', async () => {
    // Read once before the pull: the scorecard kept in memory must not outlive it.
    const before = (await t.app.inject({ method: 'GET', url: '/api/national/scorecard?period=2025' })).json();
    expect(before.provinces.find((p: { code: string }) => p.code === '20').freshness).toMatchObject({ status: 'never' });
    expect((await t.as(nationalOfficer, 'POST', '/api/national/provinces/20/pull')).statusCode).toBe(403);
    expect((await t.as(provinceAdmin, 'POST', '/api/national/provinces/20/pull')).statusCode).toBe(403);
    const pulled = await t.as(nationalAdmin, 'POST', '/api/national/provinces/20/pull');
    expect(pulled.statusCode, pulled.body).toBe(200);
    expect(pulled.json()).toMatchObject({ status: 'unreachable' });
    expect((await t.as(nationalAdmin, 'POST', '/api/national/provinces/04/pull')).statusCode).toBe(404);
    const card = (await t.app.inject({ method: 'GET', url: '/api/national/scorecard?period=2025' })).json();
    expect(card.nation.provincesCounted).toBe(0);
    expect(card.provinces.find((p: { code: string }) => p.code === '20').freshness).toMatchObject({ status: 'unreachable', stale: true });
  });
});
