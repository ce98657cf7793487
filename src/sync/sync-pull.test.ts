import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines, testServerUrl } from '../../testing/test-database.ts';
import { newId } from '../platform/ids.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { insertHousehold } from '../households/index.ts';
import { addMember, saveTeam } from '../teams/index.ts';
import { encodeCursor, START } from './sync-cursor.rules.ts';
import {
  actorOf,
  addHouseholds,
  baseSurvey,
  closeTestApp,
  daysAgo,
  pull,
  pullAll,
  pushOk,
  trainingMutation,
  visitMutation,
  waitUntilSettled,
} from '../../testing/sync-test-kit.ts';

const lastYearStart = `${Number(todayInVietnam().slice(0, 4)) - 1}-01-01`;
const threeYearsAgo = `${Number(todayInVietnam().slice(0, 4)) - 2}-06-01`;

describe.each(testEngines())('sync pull on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let langDong: string;
  let member: TestSession;
  let officer: TestSession;
  let households: string[];
  const recent: string[] = [];
  const old: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    const nhatHoa = await t.signIn({ username: 'member.ld', displayName: 'Tổ viên Lăng Đồng', role: 'team_member', orgUnitCode: langDong });
    households = await addHouseholds(t, member, hinDam, ['Hộ 001', 'Hộ 002', 'Hộ 003'], baseSurvey({ surveyedOn: threeYearsAgo }));
    const [elsewhere] = await addHouseholds(t, nhatHoa, langDong, ['Hộ 101']);
    const visits = [
      visitMutation(households[0]!),
      visitMutation(households[1]!, { visitedOn: lastYearStart }),
      visitMutation(households[2]!, { visitedOn: threeYearsAgo }),
    ];
    const trainings = [trainingMutation(hinDam), trainingMutation(hinDam, { heldOn: threeYearsAgo })];
    const results = await pushOk(t, member, [...visits, ...trainings]);
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    recent.push(...[visits[0]!, visits[1]!, trainings[0]!].map((m) => (m.payload as { id: string }).id));
    old.push(...[visits[2]!, trainings[1]!].map((m) => (m.payload as { id: string }).id));
    await pushOk(t, nhatHoa, [visitMutation(elsewhere!), trainingMutation(langDong)]);
    const officerActor = await actorOf(t, officer);
    await saveTeam(t.handle.db, officerActor, hinDam, { name: 'Tổ công nghệ số cộng đồng thôn Hin Đăm', contactPhone: '0912345678' });
    await addMember(t.handle.db, officerActor, hinDam, { displayName: 'Lộc Văn Hòa', sex: 'male', isLeader: true, joinedOn: daysAgo(400), trainedOn: null });
    await addMember(t.handle.db, officerActor, hinDam, {
      displayName: 'Hoàng Thị Mai',
      sex: 'female',
      isLeader: false,
      joinedOn: daysAgo(300),
      trainedOn: null,
    });
  });
  afterAll(() => closeTestApp(t));

  it("gives a member their own village on a first pull: households with latest survey and needs, the team, this and last year's work", async () => {
    const first = await pullAll(t, member, {}, (p) => p.households.length === 3 && p.teamMembers.length === 2);
    expect(first.pages[0]!.village).toEqual({ code: hinDam, name: 'Hin Đăm' });
    expect(first.households.map((h) => h.id).sort()).toEqual([...households].sort());
    const visited = first.households.find((h) => h.id === households[0])!;
    // The recent VNeID visit added one user to the survey of three years ago (1 → 2 of 4 phones).
    expect(visited.latest).toMatchObject({ vneidUsers: 2, smartphoneOwners: 4, surveyedOn: daysAgo(2) });
    expect(visited.needs).toContainEqual({ need: 'vneid', people: 2 });
    expect(visited.needs).toContainEqual({ need: 'fibre', people: 0 });
    expect(first.visits.map((v) => v.id).sort()).toEqual(recent.slice(0, 2).sort());
    expect(first.visits.find((v) => v.householdId === households[0])).toMatchObject({ activities: [{ code: 'vneid_level1', people: 1 }], residentsGuided: 1 });
    expect(first.trainings.map((r) => r.id)).toEqual([recent[2]]);
    expect(first.trainings[0]!.attendees).toMatchObject({ total: 10, female: 6, byAge: { from30to59: 5 } });
    for (const id of old) expect([...first.visits, ...first.trainings].map((r) => r.id)).not.toContain(id);
    expect(first.team).toMatchObject({ name: 'Tổ công nghệ số cộng đồng thôn Hin Đăm', contactPhone: '0912345678' });
    expect(first.teamMembers.map((m) => [m.displayName, m.isLeader]).sort()).toEqual([
      ['Hoàng Thị Mai', false],
      ['Lộc Văn Hòa', true],
    ]);
    expect(first.pages.at(-1)!.attention).toEqual([]);
  });

  it('pages through the same rows with a small limit, each once, full pages saying there is more', async () => {
    await waitUntilSettled(t);
    const whole = await pullAll(t, member, {}, (p) => p.households.length === 3);
    const paged = await pullAll(t, member, { limit: 2 }, (p) => p.households.length === 3);
    const ids = (p: typeof whole) => [...p.households, ...p.visits, ...p.trainings, ...p.teamMembers].map((r) => r.id).concat(p.team ? [p.team.id] : []);
    expect(new Set(ids(paged)).size).toBe(ids(paged).length);
    expect(ids(paged).sort()).toEqual(ids(whole).sort());
    expect(paged.pages.length).toBeGreaterThan(3);
    for (const page of paged.pages.filter((p) => p.more)) {
      expect(page.households.length + page.visits.length + page.trainings.length + page.teamMembers.length + (page.team ? 1 : 0)).toBe(2);
    }
  });

  it('hands out only what changed since the cursor', async () => {
    await waitUntilSettled(t);
    const first = await pullAll(t, member, {}, (p) => p.households.length === 3);
    const nothing = await pull(t, member, { cursor: first.cursor });
    expect([nothing.households, nothing.visits, nothing.trainings, nothing.teamMembers]).toEqual([[], [], [], []]);
    const visit = visitMutation(households[2]!, { activities: [{ code: 'banking_app', people: 2 }] });
    await pushOk(t, member, [visit]);
    await waitUntilSettled(t);
    const next = await pullAll(t, member, { cursor: first.cursor }, (p) => p.visits.length === 1);
    expect(next.visits.map((v) => v.id)).toEqual([(visit.payload as { id: string }).id]);
    expect(next.households.map((h) => [h.id, h.latest?.bankingUsers])).toEqual([[households[2], 2]]);
    expect(next.trainings).toEqual([]);
  });

  it('refuses a cursor it did not make, one of another village, or one from beyond its horizon', async () => {
    const admin = await t.signIn({ username: 'admin.ls', displayName: 'Quản trị', role: 'province_admin', orgUnitCode: '20' });
    const langDongCursor = (await pull(t, admin, { village: langDong })).cursor;
    const future = encodeCursor({ village: hinDam, after: { ...START, txid: '9223372036854775000' }, since: lastYearStart });
    const tampered = Buffer.from(`c1|${hinDam}|12|9|${newId()}|${lastYearStart}`).toString('base64url');
    for (const cursor of ['not a cursor!', 'Zm9vYmFy', tampered, langDongCursor, future]) {
      const res = await t.as(admin, 'GET', `/api/sync/pull?village=${hinDam}&cursor=${encodeURIComponent(cursor)}`);
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'sync.bad_cursor', field: 'cursor' });
    }
  });

  it('makes an officer name the village, within their commune; a refusal is audited', async () => {
    const unnamed = await t.as(officer, 'GET', '/api/sync/pull');
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().error.code).toBe('sync.village_required');
    expect((await pull(t, officer, { village: hinDam })).village.code).toBe(hinDam);
    const outside = await t.as(officer, 'GET', `/api/sync/pull?village=${langDong}`);
    expect(outside.statusCode).toBe(403);
    const denied = await t.handle.db.selectFrom('audit_entry').selectAll().where('actor_name', '=', 'officer.km').where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => [d.action, d.org_unit_code])).toEqual([['fieldwork:read', langDong]]);
    expect((await t.as(member, 'GET', `/api/sync/pull?village=${langDong}`)).statusCode).toBe(403);
  });

  it("lists the account's unresolved refusals on any of its phones, and records a pulling phone", async () => {
    const refused = visitMutation(households[0]!, { activities: [] });
    await pushOk(t, member, [refused], newId());
    const secondPhone = newId();
    const page = await pull(t, member, { deviceId: secondPhone, appVersion: '1.2.0' });
    expect(page.attention.map((a) => [a.id, a.status, a.error?.code, a.account.username])).toEqual([
      [refused.id, 'rejected', 'visit.no_activity', 'member.hd'],
    ]);
    expect(page.attention[0]!.payload).toEqual(refused.payload);
    expect((await pull(t, officer, { village: hinDam })).attention).toEqual([]);
    const device = await t.handle.db.selectFrom('sync_device').selectAll().where('id', '=', secondPhone).executeTakeFirstOrThrow();
    expect([device.village_code, device.app_version]).toEqual([hinDam, '1.2.0']);
  });
});

// PGlite is one connection: two transactions cannot be open at once, so a late commit cannot be
// staged there. The property is the server's.
describe.runIf(testServerUrl())('sync pull on postgresql: a transaction that commits late, out of order, still reaches a phone', () => {
  let t: TestApp;
  let village: string;
  let member: TestSession;

  beforeAll(async () => {
    t = await startTestApp('postgresql');
    village = await t.addVillage('06625', 2, 'Bản Muồng');
    member = await t.signIn({ username: 'member.bm', displayName: 'Tổ viên', role: 'team_member', orgUnitCode: village });
  });
  afterAll(() => closeTestApp(t));

  it('hands out a row committed after an older transaction still open without moving the cursor past it, and the older one once it commits', async () => {
    const start = await pullAll(t, member);
    const unit = { provinceCode: '20', villageCode: village };
    // A: writes first (so it has the older transaction id) and stays open.
    const a = await t.handle.db.startTransaction().execute();
    try {
      const rowA = (await insertHousehold(a, { ...unit, label: 'Hộ A' }))!;
      // B: writes after A and commits first.
      const rowB = await t.handle.db.transaction().execute(async (b) => (await insertHousehold(b, { ...unit, label: 'Hộ B' }))!);
      expect(BigInt(rowA.change_txid)).toBeLessThan(BigInt(rowB.change_txid));

      // B is committed, but A is older and running: B rides along as a recent row, yet the cursor
      // stays below A. Moving it past B would move it past A's id, and A would never arrive.
      const during = await pull(t, member, { cursor: start.cursor });
      expect(during.households.map((h) => h.label)).toEqual(['Hộ B']);
      expect(during.more).toBe(false);
      const again = await pull(t, member, { cursor: during.cursor });
      expect(again.households.map((h) => h.label)).toEqual(['Hộ B']);

      await a.commit().execute();
      const after = await pullAll(t, member, { cursor: during.cursor }, (p) => p.households.some((h) => h.id === rowA.id));
      expect(after.households.map((h) => h.label)).toContain('Hộ A');
      expect(new Set(after.households.map((h) => h.id))).toEqual(new Set([rowA.id, rowB.id]));
    } finally {
      // An open transaction would keep its connection, and closing the pool would wait for ever.
      if (!a.isCommitted && !a.isRolledBack) await a.rollback().execute();
    }
  });
});
