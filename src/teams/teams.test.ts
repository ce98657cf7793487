import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { dataElementCodes, rebuildIndicators } from '../indicators/index.ts';
import { registerModules } from '../compose.ts';
import { teamIndicators } from './team.indicators.ts';

const today = todayInVietnam();
const year = Number(today.slice(0, 4));

describe('the teams’ indicators', () => {
  it('never share a code with a data element, which the engine would read as the indicator itself', () => {
    registerModules();
    expect(teamIndicators.filter((i) => dataElementCodes().has(i.code)).map((i) => i.code)).toEqual([]);
  });
});

describe.each(testEngines())('community digital teams on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let khuoiPhay: string;
  let member: TestSession;
  let officer: TestSession;
  let otherOfficer: TestSession;
  const members: Record<string, string> = {};

  const cell = async (indicator: string, orgUnit: string, period = year) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/indicator-values?indicator=${indicator}&orgUnit=${orgUnit}&period=${period}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().cells[0] as {
      value: number | null;
      numerator: number | null;
      denominator: number | null;
      completeness: { reported: number; expected: number };
    };
  };
  const snapshot = async () =>
    (
      await t.handle.db
        .selectFrom('data_value')
        .select(['data_element', 'period', 'org_unit_code', 'value', 'leaves'])
        .orderBy('data_element')
        .orderBy('period')
        .orderBy('org_unit_code')
        .execute()
    ).map((r) => ({ ...r, value: Number(r.value) }));
  const addMember = (body: Record<string, unknown>) =>
    t.as(officer, 'POST', `/api/villages/${hinDam}/team/members`, { sex: 'female', joinedOn: `${year - 1}-03-01`, ...body });

  beforeAll(async () => {
    t = await startTestApp(engine);
    [hinDam, khuoiPhay] = (await t.addVillages('06625', 1, ['Hin Đăm', 'Khuổi Phầy'])) as [string, string];
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    otherOfficer = await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
  });
  afterAll(() => t?.close());

  it('answers a village without a team with no team, and an unknown village with 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/villages/${hinDam}/team` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ villageCode: hinDam, team: null, members: [], detailsVisible: false });
    expect((await t.app.inject({ method: 'GET', url: '/api/villages/06625999/team' })).statusCode).toBe(404);
  });

  it('lets the commune officer create the team and rename it, keeping the phone in its national form', async () => {
    const created = await t.as(officer, 'PUT', `/api/villages/${hinDam}/team`, { name: 'Tổ CNSCĐ Hin Đăm', contactPhone: '+84 91 234 5678' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ villageCode: hinDam, name: 'Tổ CNSCĐ Hin Đăm', contactPhone: '0912345678' });
    const renamed = await t.as(officer, 'PUT', `/api/villages/${hinDam}/team`, { name: 'Tổ công nghệ số cộng đồng thôn Hin Đăm', contactPhone: '0912345678' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id: created.json().id, name: 'Tổ công nghệ số cộng đồng thôn Hin Đăm' });
    const audit = await t.handle.db.selectFrom('audit_entry').select(['action', 'outcome']).where('entity', '=', 'team').orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['team:create', 'team:update']);
  });

  it.each([
    ['a phone that is not ten digits', { name: 'Tổ', contactPhone: '12345' }, 'team.phone_invalid'],
    ['a blank name', { name: '   ' }, 'team.name_missing'],
  ])('refuses a team with %s', async (_name, body, code) => {
    const res = await t.as(officer, 'PUT', `/api/villages/${hinDam}/team`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
  });

  it('keeps a team member and another commune’s officer from managing the team, and audits it', async () => {
    expect((await t.as(member, 'PUT', `/api/villages/${hinDam}/team`, { name: 'Tổ' })).statusCode).toBe(403);
    expect(
      (await t.as(otherOfficer, 'POST', `/api/villages/${hinDam}/team/members`, { displayName: 'A', sex: 'male', joinedOn: '2024-01-01' })).statusCode,
    ).toBe(403);
    const denied = await t.handle.db.selectFrom('audit_entry').select(['actor_name', 'action']).where('outcome', '=', 'denied').orderBy('at').execute();
    expect(denied).toEqual([
      { actor_name: 'member.hd', action: 'team:manage' },
      { actor_name: 'officer.nh', action: 'team:manage' },
    ]);
  });

  it('adds members with a display name and a sex only, one current leader at most', async () => {
    const leader = await addMember({ displayName: 'Hoàng Thị Mai', isLeader: true, trainedOn: `${year - 1}-04-10` });
    expect(leader.statusCode, leader.body).toBe(201);
    expect(leader.json()).toMatchObject({ displayName: 'Hoàng Thị Mai', sex: 'female', isLeader: true, active: true, leftOn: null });
    members.mai = leader.json().id;
    members.tuan = (await addMember({ displayName: 'Lương Văn Tuấn', sex: 'male' })).json().id;
    members.hoa = (await addMember({ displayName: 'Nông Thị Hoa', joinedOn: `${year}-01-01` })).json().id;

    const second = await addMember({ displayName: 'Vi Văn Nam', sex: 'male', isLeader: true });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'team.leader_exists', field: 'isLeader' });
    expect(second.json().error.message.vi).toContain('Hoàng Thị Mai');

    const withId = await addMember({ displayName: 'Vi Văn Nam', citizenId: '020190001234' });
    expect(withId.statusCode).toBe(400);
    expect(withId.json().error.code).toBe('validation.invalid');
    const withBirthDate = await addMember({ displayName: 'Vi Văn Nam', birthDate: '1990-01-01' });
    expect(withBirthDate.statusCode).toBe(400);
  });

  it.each([
    ['joined in the future', { joinedOn: '2999-01-01' }, 'team_member.date_in_future', 'joinedOn'],
    ['trained in the future', { trainedOn: '2999-01-01' }, 'team_member.date_in_future', 'trainedOn'],
    ['no name', { displayName: '  ' }, 'team_member.name_missing', 'displayName'],
  ])('refuses a member who %s', async (_name, body, code, field) => {
    const res = await addMember({ displayName: 'Vi Văn Nam', ...body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, field });
  });

  it('refuses a member for a village without a team', async () => {
    const res = await t.as(officer, 'POST', `/api/villages/${khuoiPhay}/team/members`, { displayName: 'A', sex: 'male', joinedOn: '2024-01-01' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('team.not_found');
  });

  it('shows names and the phone only to accounts that may read the team', async () => {
    const anonymous = (await t.app.inject({ method: 'GET', url: `/api/villages/${hinDam}/team` })).json();
    expect(anonymous).toMatchObject({ detailsVisible: false, team: { contactPhone: null } });
    expect(anonymous.members).toHaveLength(3);
    expect(anonymous.members.every((m: { displayName: string | null }) => m.displayName === null)).toBe(true);
    expect((await t.as(otherOfficer, 'GET', `/api/villages/${hinDam}/team`)).json().detailsVisible).toBe(false);
    const mine = (await t.as(member, 'GET', `/api/villages/${hinDam}/team`)).json();
    expect(mine).toMatchObject({ detailsVisible: true, team: { contactPhone: '0912345678' } });
    expect(mine.members.map((m: { displayName: string }) => m.displayName)).toEqual(['Hoàng Thị Mai', 'Lương Văn Tuấn', 'Nông Thị Hoa']);
  });

  it('counts members at each year’s end and the share trained, as a full rebuild would', async () => {
    expect(await cell('TEAM_MEMBERS', hinDam, year - 1)).toMatchObject({ value: 2 });
    expect(await cell('TEAM_MEMBERS', '20')).toMatchObject({ value: 3 });
    expect(await cell('TEAM_TRAINED', hinDam)).toMatchObject({ numerator: 1, denominator: 3, value: 33.3 });
    expect(await cell('TEAM_MEMBERS', '06625')).toMatchObject({ completeness: { reported: 1, expected: 2 } });
    expect(await cell('TEAM_MEMBERS', khuoiPhay)).toMatchObject({ value: null });
    const incremental = await snapshot();
    await rebuildIndicators(t.handle.db);
    expect(await snapshot()).toEqual(incremental);
  });

  it('records training and leaving; a new leader once the old one has left', async () => {
    const trained = await t.as(officer, 'PATCH', `/api/team-members/${members.tuan}`, { trainedOn: `${year - 1}-12-31` });
    expect(trained.statusCode, trained.body).toBe(200);
    expect(trained.json()).toMatchObject({ trainedOn: `${year - 1}-12-31`, isLeader: false });
    expect(await cell('TEAM_TRAINED', hinDam, year - 1)).toMatchObject({ numerator: 2, denominator: 2, value: 100 });

    const early = await t.as(officer, 'PATCH', `/api/team-members/${members.mai}`, { leftOn: `${year - 1}-01-01` });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.code).toBe('team_member.left_before_joining');

    const tooSoon = await t.as(officer, 'PATCH', `/api/team-members/${members.hoa}`, { isLeader: true });
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json().error.code).toBe('team.leader_exists');

    const left = await t.as(officer, 'PATCH', `/api/team-members/${members.mai}`, { leftOn: `${year - 1}-12-31` });
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json()).toMatchObject({ active: false });
    expect((await t.as(officer, 'PATCH', `/api/team-members/${members.hoa}`, { isLeader: true })).statusCode).toBe(200);
    // Leaving on the year's last day: not on the team at that year's end.
    expect(await cell('TEAM_MEMBERS', hinDam, year - 1)).toMatchObject({ value: 1 });
    expect(await cell('TEAM_MEMBERS', hinDam)).toMatchObject({ value: 2 });

    const back = await t.as(officer, 'PATCH', `/api/team-members/${members.mai}`, { leftOn: null });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('team.leader_exists');

    const incremental = await snapshot();
    await rebuildIndicators(t.handle.db);
    expect(await snapshot()).toEqual(incremental);
  });

  it('hands the leadership over in one change when asked to, and audits both members', async () => {
    // Hoa leads since Mai left; Tuấn takes over, Hoa stays on the team.
    expect((await t.as(officer, 'PATCH', `/api/team-members/${members.tuan}`, { replaceLeader: true })).statusCode).toBe(400);
    const handover = await t.as(officer, 'PATCH', `/api/team-members/${members.tuan}`, { isLeader: true, replaceLeader: true });
    expect(handover.statusCode, handover.body).toBe(200);
    expect(handover.json()).toMatchObject({ isLeader: true });
    const team = (await t.as(officer, 'GET', `/api/villages/${hinDam}/team`)).json() as { members: { id: string; isLeader: boolean; leftOn: string | null }[] };
    expect(team.members.filter((m) => m.isLeader && m.leftOn === null).map((m) => m.id)).toEqual([members.tuan]);
    expect(team.members.find((m) => m.id === members.hoa)).toMatchObject({ isLeader: false, leftOn: null });
    const audit = await t.handle.db
      .selectFrom('audit_entry')
      .select(['entity_id'])
      .where('action', '=', 'team:member_change')
      .orderBy('at', 'desc')
      .limit(2)
      .execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual([members.hoa, members.tuan].sort());
  });

  it('answers a malformed member id with 400, an unknown one with 404, and needs a change', async () => {
    expect((await t.as(officer, 'PATCH', '/api/team-members/42', { trainedOn: today })).statusCode).toBe(400);
    const unknown = await t.as(officer, 'PATCH', '/api/team-members/0190f3a0-0000-7000-8000-000000000000', { trainedOn: today });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('team_member.not_found');
    expect((await t.as(officer, 'PATCH', `/api/team-members/${members.tuan}`, {})).statusCode).toBe(400);
    expect((await t.as(member, 'PATCH', `/api/team-members/${members.tuan}`, { trainedOn: today })).statusCode).toBe(403);
  });

  it('documents the teams’ endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/villages/{code}/team',
      '/api/villages/{code}/team/members',
      '/api/team-members/{id}',
      '/api/villages/{code}/visits',
      '/api/villages/{code}/trainings',
      '/api/households/{id}/visits',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
