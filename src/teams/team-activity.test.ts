import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../platform/ids.ts';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import type { Survey } from '../households/index.ts';
import { householdNeeds, NEEDS } from './fieldwork.rules.ts';
import { countsByWeek, isoWeek, weekStart, weeksUntil } from './team-activity.rules.ts';
import type { FieldworkOverview, UnitActivity } from './team-activity.schema.ts';
import { readSpreadsheet } from '../platform/spreadsheet.ts';

describe('ISO weeks', () => {
  it('start on Monday and take the year of their Thursday', () => {
    expect(weekStart('2025-06-29')).toBe('2025-06-23');
    expect(weekStart('2025-06-30')).toBe('2025-06-30');
    expect(isoWeek('2025-06-30')).toBe('2025-W27');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
  });

  it('end with the week of the last day, which stops on that day', () => {
    expect(weeksUntil('2025-07-02', 3)).toEqual([
      { week: '2025-W25', start: '2025-06-16', end: '2025-06-22' },
      { week: '2025-W26', start: '2025-06-23', end: '2025-06-29' },
      { week: '2025-W27', start: '2025-06-30', end: '2025-07-02' },
    ]);
    const weeks = weeksUntil('2025-07-02', 3);
    expect(
      countsByWeek(weeks, [
        { weekStart: '2025-06-23', count: 2 },
        { weekStart: '2025-06-23', count: 1 },
        { weekStart: '2020-01-06', count: 9 },
      ]),
    ).toEqual([0, 3, 0]);
  });
});

const UNTIL = '2025-06-29';
// Weeks starting 2025-06-02, 06-09, 06-16 and 06-23.
const WEEKS = 4;

const base: Omit<Survey, 'surveyedOn'> = {
  members: 5,
  adults: 4,
  smartphoneOwners: 3,
  epayAdults: 2,
  homeFtth: true,
  vneidUsers: 3,
  ehealthUsers: 1,
  bankingUsers: 3,
};

describe.each(testEngines())('field-work overview on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let secondVillage: string;
  let langDong: string;
  let officer: TestSession;
  let admin: TestSession;
  let member: TestSession;
  let memberAccount: string;
  /** Every latest survey inserted, by village: what the "lacking" figures must count. */
  const latestByVillage = new Map<string, Survey[]>();

  const get = (session: TestSession, query: string) => t.as(session, 'GET', `/api/fieldwork/overview?${query}`);
  const db = () => t.handle.db;

  async function addHousehold(village: string, label: string, surveys: Survey[], archived = false): Promise<string> {
    const id = newId();
    await db()
      .insertInto('household')
      .values({ id, province_code: '20', village_code: village, label, archived_at: archived ? new Date() : null })
      .execute();
    await db()
      .insertInto('household_survey')
      .values(
        surveys.map((s) => ({
          id: newId(),
          province_code: '20',
          household_id: id,
          village_code: village,
          surveyed_on: s.surveyedOn,
          members: s.members,
          adults: s.adults,
          smartphone_owners: s.smartphoneOwners,
          epay_adults: s.epayAdults,
          home_ftth: s.homeFtth,
          vneid_users: s.vneidUsers,
          ehealth_users: s.ehealthUsers,
          banking_users: s.bankingUsers,
        })),
      )
      .execute();
    if (!archived) latestByVillage.set(village, [...(latestByVillage.get(village) ?? []), surveys.at(-1) as Survey]);
    return id;
  }

  async function addVisit(village: string, household: string, visitedOn: string): Promise<void> {
    await db()
      .insertInto('support_visit')
      .values({ id: newId(), province_code: '20', village_code: village, household_id: household, visited_on: visitedOn, vneid_level2: 1, residents_guided: 1 })
      .execute();
  }

  async function addTraining(village: string, heldOn: string): Promise<void> {
    await db()
      .insertInto('training')
      .values({
        id: newId(),
        province_code: '20',
        village_code: village,
        held_on: heldOn,
        topic: 'vneid',
        place: 'Nhà văn hóa',
        trainer: 'Công an xã',
        attendees: 10,
        attendees_female: 6,
        attendees_male: 4,
        attendees_under_15: 0,
        attendees_15_to_29: 3,
        attendees_30_to_59: 5,
        attendees_60_plus: 2,
      })
      .execute();
  }

  async function addMutation(village: string | null, status: 'applied' | 'rejected' | 'conflict', resolved = false): Promise<void> {
    await db()
      .insertInto('sync_mutation')
      .values({
        id: newId(),
        account_id: memberAccount,
        province_code: '20',
        village_code: village,
        kind: 'visit.record',
        payload: JSON.stringify({}),
        status,
        resolved_at: resolved ? new Date() : null,
      })
      .execute();
  }

  async function addDevice(village: string, daysAgo: number): Promise<void> {
    await db()
      .insertInto('sync_device')
      .values({ id: newId(), account_id: memberAccount, province_code: '20', village_code: village, last_sync_at: new Date(Date.now() - daysAgo * 86_400_000) })
      .execute();
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    [hinDam, secondVillage] = (await t.addVillages('06625', 1, ['Hin Đăm', 'Khuổi Slam'])) as [string, string];
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    admin = await t.signIn({ username: 'admin.ls', displayName: 'Quản trị tỉnh', role: 'province_admin', orgUnitCode: '20' });
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    memberAccount = (await db().selectFrom('account').select('id').where('username', '=', 'member.hd').executeTakeFirstOrThrow()).id;

    // Hin Đăm: a household whose latest survey (2025) no longer lacks VNeID, one without a smartphone, one archived.
    const h1 = await addHousehold(hinDam, 'Hộ 001', [
      { ...base, surveyedOn: '2024-06-30', vneidUsers: 0, homeFtth: false },
      { ...base, surveyedOn: '2025-06-30' },
    ]);
    const h2 = await addHousehold(hinDam, 'Hộ 002', [
      { ...base, surveyedOn: '2025-06-30', smartphoneOwners: 0, vneidUsers: 0, ehealthUsers: 0, bankingUsers: 0, epayAdults: 4, homeFtth: false },
    ]);
    await addHousehold(hinDam, 'Hộ 003', [{ ...base, surveyedOn: '2025-06-30', smartphoneOwners: 0, vneidUsers: 0, ehealthUsers: 0, bankingUsers: 0 }], true);
    const h4 = await addHousehold(secondVillage, 'Hộ 001', [{ ...base, surveyedOn: '2025-06-30', bankingUsers: 1, ehealthUsers: 3 }]);
    const h5 = await addHousehold(langDong, 'Hộ 001', [{ ...base, surveyedOn: '2025-06-30' }]);

    // Visits: two in the week of 2 June and one in the week of 23 June in Hin Đăm; one before the window.
    await addVisit(hinDam, h1, '2025-06-02');
    await addVisit(hinDam, h2, '2025-06-08');
    await addVisit(hinDam, h1, '2025-06-29');
    await addVisit(hinDam, h2, '2025-05-31');
    await addVisit(secondVillage, h4, '2025-06-18');
    await addVisit(langDong, h5, '2025-06-18');
    await addTraining(hinDam, '2025-06-10');
    await addTraining(secondVillage, '2025-06-23');
    await addTraining(secondVillage, '2025-06-30');
    await addTraining(langDong, '2025-06-11');

    const team = newId();
    await db().insertInto('team').values({ id: team, province_code: '20', village_code: hinDam, name: 'Tổ công nghệ số cộng đồng Bản Hin Đăm' }).execute();
    const members = [
      { display_name: 'Triệu Văn Phin', is_leader: true, trained_on: '2022-05-01', left_on: null },
      { display_name: 'Bàn Thị Mẩy', is_leader: false, trained_on: null, left_on: null },
      { display_name: 'Lý Văn Tòn', is_leader: false, trained_on: '2022-05-01', left_on: '2023-01-01' },
    ];
    await db()
      .insertInto('team_member')
      .values(
        members.map((m) => ({ ...m, id: newId(), team_id: team, province_code: '20', village_code: hinDam, sex: 'male' as const, joined_on: '2022-03-01' })),
      )
      .execute();

    await addMutation(hinDam, 'rejected');
    await addMutation(hinDam, 'conflict');
    await addMutation(hinDam, 'conflict', true);
    await addMutation(hinDam, 'applied');
    await addMutation(langDong, 'rejected');
    await addMutation(null, 'rejected');
    await addDevice(hinDam, 10);
    await addDevice(hinDam, 1);
    await addDevice(secondVillage, 40);
  });
  afterAll(() => t?.close());

  /** The lacking counts that householdNeeds gives for the inserted latest surveys of a village. */
  const expectedLacking = (village: string) =>
    Object.fromEntries(NEEDS.map((need) => [need, (latestByVillage.get(village) ?? []).filter((s) => householdNeeds(s).some((n) => n.need === need)).length]));

  const row = (overview: FieldworkOverview, code: string): UnitActivity | undefined => overview.children.find((c) => c.code === code);

  it('gives a commune officer their commune: weekly visits and trainings per village, as inserted', async () => {
    const res = await get(officer, `orgUnit=06625&weeks=${WEEKS}&until=${UNTIL}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<FieldworkOverview>();
    expect(body.weeks.map((w) => w.start)).toEqual(['2025-06-02', '2025-06-09', '2025-06-16', '2025-06-23']);
    expect(body.childLevel).toBe(3);
    expect(body.children.map((c) => c.name)).toEqual(['Hin Đăm', 'Khuổi Slam']);
    expect(row(body, hinDam)).toMatchObject({ visits: [2, 0, 0, 1], trainings: [0, 1, 0, 0] });
    // The training of 30 June is after `until`.
    expect(row(body, secondVillage)).toMatchObject({ visits: [0, 0, 1, 0], trainings: [0, 0, 0, 1] });
    expect(body.unit).toMatchObject({ code: '06625', visits: [2, 0, 1, 1], trainings: [0, 1, 0, 1] });
    // The latest of each, after `until` too: what an empty window points to.
    expect([body.lastVisitOn, body.lastTrainingOn]).toEqual(['2025-06-29', '2025-06-30']);
  });

  it('counts households lacking each service from their latest survey, as householdNeeds does', async () => {
    const body = (await get(officer, `orgUnit=06625&until=${UNTIL}`)).json<FieldworkOverview>();
    expect(row(body, hinDam)?.households).toBe(2);
    expect(row(body, hinDam)?.lacking).toEqual(expectedLacking(hinDam));
    expect(row(body, hinDam)?.lacking).toEqual({ smartphone: 1, epay: 1, vneid: 0, ehealth: 1, banking: 0, fibre: 1 });
    expect(row(body, secondVillage)?.lacking).toEqual(expectedLacking(secondVillage));
    expect(body.unit.households).toBe(3);
    expect(body.unit.lacking.ehealth).toBe(1);
    expect(body.unit.lacking.banking).toBe(1);
  });

  it('counts current team members, unresolved phone changes and phones silent for staleDays', async () => {
    const body = (await get(officer, `orgUnit=06625&until=${UNTIL}`)).json<FieldworkOverview>();
    expect(row(body, hinDam)).toMatchObject({ teamMembers: 2, membersTrained: 1, needsAttention: 2, staleDevices: 1 });
    expect(row(body, secondVillage)).toMatchObject({ teamMembers: 0, needsAttention: 0, staleDevices: 1 });
    const lenient = (await get(officer, `orgUnit=06625&staleDays=30&until=${UNTIL}`)).json<FieldworkOverview>();
    expect(lenient.unit.staleDevices).toBe(1);
    expect(lenient.staleDays).toBe(30);
  });

  it('refuses an officer another commune’s overview and the province’s, and audits both', async () => {
    expect((await get(officer, `orgUnit=06376&until=${UNTIL}`)).statusCode).toBe(403);
    expect((await get(officer, 'orgUnit=20')).statusCode).toBe(403);
    const denied = await db().selectFrom('audit_entry').selectAll().where('outcome', '=', 'denied').where('actor_name', '=', 'officer.km').execute();
    expect(denied.map((d) => [d.action, d.org_unit_code]).sort()).toEqual([
      ['fieldwork:read', '06376'],
      ['fieldwork:read', '20'],
    ]);
  });

  it('gives the province every commune, each matching that commune’s own overview', async () => {
    const province = (await get(admin, `orgUnit=20&weeks=${WEEKS}&until=${UNTIL}`)).json<FieldworkOverview>();
    expect(province.childLevel).toBe(2);
    expect(province.children).toHaveLength(65);
    const commune = (await get(admin, `orgUnit=06625&weeks=${WEEKS}&until=${UNTIL}`)).json<FieldworkOverview>();
    expect(row(province, '06625')).toEqual({ ...commune.unit });
    expect(row(province, '06376')).toMatchObject({ visits: [0, 0, 1, 0], trainings: [0, 1, 0, 0], households: 1, needsAttention: 1 });
    // A change that names no village is not placed in any commune.
    expect(province.unit.needsAttention).toBe(3);
    expect(province.unit.visits).toEqual([2, 0, 2, 1]);
  });

  it('downloads the table as CSV and .xlsx, weeks added up, the commune’s total last, after the same scope check', async () => {
    const query = `orgUnit=06625&weeks=${WEEKS}&until=${UNTIL}`;
    const overview = (await get(officer, query)).json<FieldworkOverview>();
    const csv = await get(officer, `${query}&format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="to-cong-nghe-so-06625-${UNTIL}.csv"`);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((line) => line !== '');
    expect(lines[0]).toBe(
      'Mã,"Thôn, bản",Lượt hỗ trợ (4 tuần),Tập huấn (4 tuần),Thành viên tổ,Thành viên đã tập huấn,Số hộ,' +
        'Số hộ còn thiếu: Điện thoại thông minh,Số hộ còn thiếu: Tài khoản thanh toán,Số hộ còn thiếu: VNeID,' +
        'Số hộ còn thiếu: Sổ sức khỏe điện tử,Số hộ còn thiếu: Ngân hàng số,Số hộ còn thiếu: Cáp quang,Cần xử lý,Máy chưa đồng bộ (7 ngày),demo',
    );
    expect(lines).toHaveLength(overview.children.length + 2);
    const sum = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);
    const figures = (unit: UnitActivity | undefined) =>
      unit
        ? [
            sum(unit.visits),
            sum(unit.trainings),
            unit.teamMembers,
            unit.membersTrained,
            unit.households,
            ...NEEDS.map((n) => unit.lacking[n]),
            unit.needsAttention,
            unit.staleDevices,
          ]
        : [];
    // Hin Đăm: 3 visits and 1 training in the 4 weeks, 2 members, 1 trained (the fixtures above).
    expect(figures(row(overview, hinDam)).slice(0, 4)).toEqual([3, 1, 2, 1]);
    expect(
      lines
        .find((line) => line.startsWith(`${hinDam},`))
        ?.split(',')
        .slice(2, -1),
    ).toEqual(figures(row(overview, hinDam)).map(String));
    expect(lines.at(-1)?.split(',').slice(2, -1)).toEqual(figures(overview.unit).map(String));
    expect(lines.at(-1)?.split(',')[1]).toBe(`Cả ${overview.unit.name}`);

    const xlsx = await get(officer, `${query}&format=xlsx&lang=en`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="to-cong-nghe-so-06625-${UNTIL}.xlsx"`);
    const sheet = await readSpreadsheet(xlsx.rawPayload);
    expect(sheet.header.slice(0, 3)).toEqual(['Code', 'Village', 'Visits (4 weeks)']);
    expect(sheet.rows.map((r) => r.cells.slice(2, -1).map(Number))).toEqual([...overview.children.map(figures), figures(overview.unit)]);
    expect(sheet.rows.at(-1)?.cells[1]).toBe(`All of ${overview.unit.name}`);

    expect((await get(officer, `orgUnit=06376&until=${UNTIL}&format=csv`)).statusCode).toBe(403);
    expect((await get(officer, `${query}&format=pdf`)).statusCode).toBe(400);
  });

  it('gives a team member their village alone, and refuses them the commune', async () => {
    const village = (await get(member, `orgUnit=${hinDam}&weeks=${WEEKS}&until=${UNTIL}`)).json<FieldworkOverview>();
    expect(village.childLevel).toBeNull();
    expect(village.children).toEqual([]);
    expect(village.unit).toMatchObject({ code: hinDam, visits: [2, 0, 0, 1], households: 2, needsAttention: 2 });
    expect((await get(member, 'orgUnit=06625')).statusCode).toBe(403);
  });

  it('answers anonymous requests with 401, bad parameters with 400 and unknown units with 404', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/fieldwork/overview?orgUnit=06625' })).statusCode).toBe(401);
    const future = await get(officer, 'orgUnit=06625&until=2999-01-01');
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ code: 'fieldwork.until_in_future', field: 'until' });
    expect((await get(officer, 'orgUnit=06625&weeks=0')).statusCode).toBe(400);
    expect((await get(officer, 'orgUnit=06625&weeks=53')).statusCode).toBe(400);
    expect((await get(officer, 'orgUnit=06625&until=2025-02-30')).statusCode).toBe(400);
    expect((await get(admin, 'orgUnit=06999')).statusCode).toBe(404);
  });

  it('defaults to 12 weeks ending with the latest activity when the weeks up to today are empty, and 7 days of silence, and is documented in OpenAPI', async () => {
    const body = (await get(officer, 'orgUnit=06625')).json<FieldworkOverview>();
    expect(body.weeks).toHaveLength(12);
    expect(body.staleDays).toBe(7);
    // The data ends in June 2025, long before today: the page opens on its latest weeks and says so.
    expect(body).toMatchObject({ until: '2025-06-29', untilLatest: true });
    expect(body.weeks.at(-1)?.week).toBe(isoWeek(body.until));
    expect((await get(officer, 'orgUnit=06625&until=2025-06-29')).json<FieldworkOverview>()).toMatchObject({ until: '2025-06-29', untilLatest: false });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/fieldwork/overview'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['orgUnit', 'weeks', 'staleDays', 'until']),
    );
  });
});
