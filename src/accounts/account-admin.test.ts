import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';

const ONE_TIME = /^[a-km-z2-9]{4}-[a-km-z2-9]{4}-[a-km-z2-9]{4}$/;

describe.each(testEngines())('account administration on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let khuoiPhay: string;
  let langDong: string;
  let admin: TestSession;
  let officer: TestSession;
  let otherOfficerId: string;

  const logIn = async (
    username: string,
    password: string,
    userAgent = 'Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
  ) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.9.0.1',
      headers: { 'user-agent': userAgent },
      payload: { username, password },
    });
    return {
      res,
      session:
        res.statusCode === 200
          ? { cookie: `banso_session=${res.cookies.find((c) => c.name === 'banso_session')!.value}`, csrfToken: res.json().csrfToken as string }
          : null,
    };
  };
  const accountId = async (username: string) =>
    (await t.handle.db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const audits = (action: string, entityId: string) =>
    t.handle.db.selectFrom('audit_entry').select(['actor_name', 'outcome']).where('action', '=', action).where('entity_id', '=', entityId).execute();

  beforeAll(async () => {
    t = await startTestApp(engine);
    [hinDam, khuoiPhay] = (await t.addVillages('06625', 1, ['Hin Đăm', 'Khuổi Phầy'])) as [string, string];
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    admin = await t.signIn({ username: 'admin.ls', displayName: 'Quản trị tỉnh', role: 'province_admin', orgUnitCode: '20' });
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    otherOfficerId = await accountId('officer.nh');
  });
  afterAll(() => t?.close());

  it('lets a commune officer create a team member in the commune, with a one-time password that must be changed', async () => {
    const res = await t.as(officer, 'POST', '/api/accounts', { username: 'Vi.Thi.Hoa', displayName: 'Vi Thị Hoa', role: 'team_member', orgUnitCode: hinDam });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.oneTimePassword).toMatch(ONE_TIME);
    expect(body.account).toMatchObject({
      username: 'vi.thi.hoa',
      displayName: 'Vi Thị Hoa',
      active: true,
      mustChangePassword: true,
      lastLoginAt: null,
      roles: [{ role: 'team_member', orgUnitCode: hinDam, orgUnitName: 'Hin Đăm' }],
    });
    expect(await audits('account:create', body.account.id)).toEqual([{ actor_name: 'officer.km', outcome: 'ok' }]);
    const { res: login } = await logIn('vi.thi.hoa', body.oneTimePassword);
    expect(login.json().account.mustChangePassword).toBe(true);
  });

  it('never lets a commune officer create or grant a role above their own, nor reach another commune', async () => {
    const above = await t.as(officer, 'POST', '/api/accounts', {
      username: 'sneaky.admin',
      displayName: 'Sneaky',
      role: 'province_admin',
      orgUnitCode: '06625',
    });
    expect(above.statusCode).toBe(403);
    expect(above.json().error).toMatchObject({
      code: 'account.role_not_grantable',
      message: { vi: expect.stringContaining('quản trị cấp tỉnh'), en: expect.stringContaining('province administrator') },
    });
    expect(
      (await t.as(officer, 'POST', '/api/accounts', { username: 'elsewhere', displayName: 'Elsewhere', role: 'team_member', orgUnitCode: langDong }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.as(officer, 'POST', '/api/accounts', { username: 'province.wide', displayName: 'Province', role: 'team_member', orgUnitCode: '20' })).statusCode,
    ).toBe(403);
    const other = await t.as(officer, 'GET', `/api/accounts/${otherOfficerId}`);
    expect(other.statusCode).toBe(403);
    expect((await t.as(officer, 'POST', `/api/accounts/${otherOfficerId}/password-reset`)).statusCode).toBe(403);
    expect((await t.as(officer, 'POST', `/api/accounts/${await accountId('admin.ls')}/password-reset`)).statusCode).toBe(403);
    const hoa = await accountId('vi.thi.hoa');
    expect((await t.as(officer, 'POST', `/api/accounts/${hoa}/roles`, { role: 'province_admin', orgUnitCode: '06625' })).statusCode).toBe(403);
    expect((await t.as(officer, 'POST', `/api/accounts/${hoa}/roles`, { role: 'team_member', orgUnitCode: langDong })).statusCode).toBe(403);
    const denied = await t.handle.db
      .selectFrom('audit_entry')
      .select('action')
      .where('actor_name', '=', 'officer.km')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(5);
    // A team member manages no accounts at all.
    const member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên', role: 'team_member', orgUnitCode: hinDam });
    expect((await t.as(member, 'GET', '/api/accounts')).statusCode).toBe(403);
  });

  it('lists and searches only the accounts of the officer’s commune', async () => {
    const list = await t.as(officer, 'GET', '/api/accounts');
    expect(list.statusCode, list.body).toBe(200);
    const names = list.json().items.map((a: { username: string }) => a.username);
    expect(names).toEqual(expect.arrayContaining(['officer.km', 'vi.thi.hoa', 'member.hd']));
    expect(names).not.toContain('officer.nh');
    expect(names).not.toContain('admin.ls');
    const officerRow = list.json().items.find((a: { username: string }) => a.username === 'officer.km');
    expect(officerRow.lastLoginAt).not.toBeNull();
    const search = await t.as(officer, 'GET', '/api/accounts?search=HOA');
    expect(search.json().items.map((a: { username: string }) => a.username)).toEqual(['vi.thi.hoa']);
    expect((await t.as(officer, 'GET', `/api/accounts?orgUnit=${langDong}`)).statusCode).toBe(403);
    const all = await t.as(admin, 'GET', '/api/accounts?limit=100');
    expect(all.json().items.map((a: { username: string }) => a.username)).toEqual(expect.arrayContaining(['officer.nh', 'admin.ls', 'vi.thi.hoa']));
  });

  it('creates team-member accounts from a village team’s roster, each with its own one-time password', async () => {
    expect((await t.as(officer, 'PUT', `/api/villages/${hinDam}/team`, { name: 'Tổ công nghệ số cộng đồng thôn Hin Đăm' })).statusCode).toBeLessThan(300);
    const ids: string[] = [];
    for (const displayName of ['Hà Thị Lan', 'Lộc Văn Lan', 'Hoàng Văn Tú']) {
      const res = await t.as(officer, 'POST', `/api/villages/${hinDam}/team/members`, { displayName, sex: 'female', joinedOn: '2025-03-01' });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const res = await t.as(officer, 'POST', `/api/villages/${hinDam}/team/accounts`, { memberIds: ids });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ villageCode: hinDam, villageName: 'Hin Đăm' });
    expect(body.created.map((c: { account: { username: string } }) => c.account.username)).toEqual(['lan.hindam', 'lan.hindam2', 'tu.hindam']);
    for (const created of body.created) {
      expect(created.oneTimePassword).toMatch(ONE_TIME);
      expect(created.account).toMatchObject({ mustChangePassword: true, roles: [{ role: 'team_member', orgUnitCode: hinDam }] });
    }
    const linked = await t.handle.db.selectFrom('team_member').select(['id', 'account_id']).where('id', 'in', ids).execute();
    expect(linked.every((m) => m.account_id !== null)).toBe(true);
    // Once only: a member who has an account gets no second one, and nothing is half-made.
    const again = await t.as(officer, 'POST', `/api/villages/${hinDam}/team/accounts`, { memberIds: ids });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('account.member_has_account');
    const roster = await t.as(officer, 'GET', `/api/villages/${hinDam}/team/accounts`);
    expect(roster.json().members.filter((m: { accountId: string | null }) => m.accountId !== null)).toHaveLength(3);
    // Another commune's officer reaches nothing of this roster.
    const nh = await logIn('officer.nh', 'correct horse battery');
    expect((await t.as(nh.session!, 'POST', `/api/villages/${hinDam}/team/accounts`, { memberIds: ids })).statusCode).toBe(403);
  });

  it('grants and removes roles within the commune, but never the last one', async () => {
    const hoa = await accountId('vi.thi.hoa');
    const grant = await t.as(officer, 'POST', `/api/accounts/${hoa}/roles`, { role: 'team_member', orgUnitCode: khuoiPhay });
    expect(grant.statusCode, grant.body).toBe(200);
    expect(grant.json().roles.map((r: { orgUnitCode: string }) => r.orgUnitCode)).toEqual([hinDam, khuoiPhay]);
    const removed = await t.as(officer, 'DELETE', `/api/accounts/${hoa}/roles/team_member/${hinDam}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().roles.map((r: { orgUnitCode: string }) => r.orgUnitCode)).toEqual([khuoiPhay]);
    const last = await t.as(officer, 'DELETE', `/api/accounts/${hoa}/roles/team_member/${khuoiPhay}`);
    expect(last.statusCode).toBe(400);
    expect(last.json().error.code).toBe('account.last_role');
    expect((await audits('account:grant_role', hoa)).length).toBe(1);
    expect((await audits('account:remove_role', hoa)).length).toBe(1);
  });

  it('resets a password: a new one-time password, every session ended (defect 1)', async () => {
    const tu = await accountId('tu.hindam');
    const created = await t.handle.db.selectFrom('account').select('must_change_password').where('id', '=', tu).executeTakeFirstOrThrow();
    expect(created.must_change_password).toBe(true);
    const reset = await t.as(officer, 'POST', `/api/accounts/${tu}/password-reset`);
    expect(reset.statusCode, reset.body).toBe(200);
    const { oneTimePassword } = reset.json();
    expect(oneTimePassword).toMatch(ONE_TIME);
    const { session } = await logIn('tu.hindam', oneTimePassword);
    await t.as(session!, 'POST', '/api/auth/password', { currentPassword: oneTimePassword, newPassword: 'tu-hin-dam-2025' });
    const phone = await logIn('tu.hindam', 'tu-hin-dam-2025');
    const detail = await t.as(officer, 'GET', `/api/accounts/${tu}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().sessions).toHaveLength(2);
    expect(detail.json().sessions[0]).toEqual({
      id: expect.any(String),
      current: false,
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
      browser: 'Chrome · Android',
    });
    expect(JSON.stringify(detail.json())).not.toMatch(/10\.9\.0\.1|SM-A155F|token/);

    const again = await t.as(officer, 'POST', `/api/accounts/${tu}/password-reset`);
    expect((await t.as(session!, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await t.as(phone.session!, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await logIn('tu.hindam', 'tu-hin-dam-2025')).res.statusCode).toBe(401);
    const fresh = await logIn('tu.hindam', again.json().oneTimePassword);
    expect(fresh.res.json().account.mustChangePassword).toBe(true);
    expect((await audits('account:reset_password', tu)).length).toBe(2);
  });

  it('deactivates (ending every session) and reactivates an account, and ends its sessions on request', async () => {
    const lan = await accountId('lan.hindam');
    const reset = await t.as(officer, 'POST', `/api/accounts/${lan}/password-reset`);
    const { session } = await logIn('lan.hindam', reset.json().oneTimePassword);
    const off = await t.as(officer, 'PATCH', `/api/accounts/${lan}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    expect((await t.as(session!, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await logIn('lan.hindam', reset.json().oneTimePassword)).res.statusCode).toBe(401);
    // Still listed, as inactive, so it can be brought back.
    const listed = await t.as(officer, 'GET', '/api/accounts?search=lan.hindam');
    expect(listed.json().items.find((a: { username: string }) => a.username === 'lan.hindam').active).toBe(false);
    expect((await t.as(officer, 'PATCH', `/api/accounts/${lan}`, { active: true })).json().active).toBe(true);
    const back = await logIn('lan.hindam', reset.json().oneTimePassword);
    expect(back.res.statusCode).toBe(200);
    const ended = await t.as(officer, 'DELETE', `/api/accounts/${lan}/sessions`);
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toEqual({ ended: 1 });
    expect((await t.as(back.session!, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await audits('account:deactivate', lan)).length).toBe(1);
    expect((await audits('account:end_sessions', lan)).length).toBe(1);
    // Not oneself: an officer cannot lock themselves out.
    const self = await t.as(officer, 'PATCH', `/api/accounts/${await accountId('officer.km')}`, { active: false });
    expect(self.statusCode).toBe(400);
  });

  it('answers a malformed id or an unknown account in the one error shape', async () => {
    expect((await t.as(officer, 'GET', '/api/accounts/not-an-id')).json().error.code).toBe('validation.invalid');
    const unknown = await t.as(officer, 'GET', '/api/accounts/01900000-0000-7000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('account.not_found');
  });
});
