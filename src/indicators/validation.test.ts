import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { newId } from '../platform/ids.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Survey } from '../households/index.ts';
import { rebuildIndicators } from './refresh-data-values.ts';
import { readSpreadsheet } from '../platform/spreadsheet.ts';

const today = todayInVietnam();
const year = today.slice(0, 4);
const lastYear = String(Number(year) - 1);
const survey = (surveyedOn: string): Survey => ({
  surveyedOn,
  members: 4,
  adults: 3,
  smartphoneOwners: 2,
  epayAdults: 1,
  homeFtth: false,
  vneidUsers: 1,
  ehealthUsers: 0,
  bankingUsers: 1,
});

interface Listed {
  rule: string;
  orgUnit: string;
  period: string;
  left: number;
  right: number;
  level: number;
  hasRecords: boolean;
  foundAt: string;
}

describe.each(testEngines())('validation rules on %s', (engine) => {
  let t: TestApp;
  let admin: TestSession;
  let officer: TestSession;
  let farOfficer: TestSession;
  let village: string;
  let other: string;
  const households: Record<string, string> = {};

  const list = async (query: string): Promise<Listed[]> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/validation-violations?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const keys = (items: Listed[]) => items.map((v) => [v.rule, v.orgUnit, v.period, v.left, v.right]);
  /** The violations stored, as the next list finds them before it checks what commits left pending. */
  const stored = async () =>
    (await t.handle.db.selectFrom('validation_violation').select(['rule_code', 'org_unit_code']).orderBy('org_unit_code', 'desc').execute()).map((v) => [
      v.rule_code,
      v.org_unit_code,
    ]);
  const addHousehold = async (unit: string, label: string, surveyedOn: string) => {
    const res = await t.as(admin, 'POST', `/api/villages/${unit}/households`, { label, survey: survey(surveyedOn) });
    expect(res.statusCode, res.body).toBe(201);
    households[label] = res.json().id;
  };
  const scamTalk = (label: string) =>
    t.as(officer, 'POST', `/api/households/${households[label]}/visits`, {
      id: newId(),
      visitedOn: today,
      activities: [{ code: 'scam_awareness', people: 2 }],
      residentsGuided: 0,
    });

  beforeAll(async () => {
    t = await startTestApp(engine);
    village = await t.addVillage('06625', 1, 'Hin Đăm');
    other = await t.addVillage('06376', 1, 'Lăng Đồng');
    admin = await t.signIn({ username: 'admin.vr', displayName: 'Quản trị', role: 'province_admin', orgUnitCode: '20' });
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    farOfficer = await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    await addHousehold(village, 'Hộ Hoàng', `${lastYear}-06-30`);
    await addHousehold(village, 'Hộ Lục', `${lastYear}-06-30`);
    await addHousehold(village, 'Hộ Nông', today);
    await addHousehold(other, 'Hộ Vi', today);
  });
  afterAll(() => t?.close());

  it('finds a rule broken by a write at the village and every unit above after its commit, before the next list, and forgets it once mended', async () => {
    expect(await list(`orgUnit=20&period=${year}`)).toEqual([]);
    // Visits that change no adoption count leave the households unsurveyed this year: two
    // households visited, one surveyed.
    const first = await scamTalk('Hộ Hoàng');
    expect(first.statusCode, first.body).toBe(201);
    expect(await list(`orgUnit=20&period=${year}`)).toEqual([]);
    expect((await scamTalk('Hộ Lục')).statusCode).toBe(201);

    // Checked after the commit, the village's as the commune's (decisions 0052, 0053): by the
    // server's loop within a second, or by the next list. The write itself stored none.
    expect(await stored()).toEqual([]);
    const found = await list(`orgUnit=20&period=${year}`);
    // The province also has Lăng Đồng's household surveyed this year: 2 visited of 2, no fault.
    expect(keys(found)).toEqual([
      ['teams.visited_within_households', village, year, 2, 1],
      ['teams.visited_within_households', '06625', year, 2, 1],
    ]);
    expect(found[0]).toMatchObject({ level: 3, hasRecords: true });
    expect(await list(`orgUnit=06376&period=${year}`)).toEqual([]);
    // A quarter: the rule's right side has yearly values only, so it is not checked there.
    expect(await list(`orgUnit=20&period=${year}Q4`)).toEqual([]);
    const firstFound = found[0]!.foundAt;

    // Still broken after another write: the same violation, found when it was first found.
    await addHousehold(village, 'Hộ Triệu', `${lastYear}-03-01`);
    const again = await list(`orgUnit=${village}&period=${year}`);
    expect(again.map((v) => [v.left, v.right, v.foundAt])).toEqual([[2, 1, firstFound]]);

    // Mended by surveying one of them this year.
    const res = await t.as(officer, 'POST', `/api/households/${households['Hộ Lục']}/surveys`, survey(today));
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(await list(`orgUnit=20&period=${year}`)).toEqual([]);
  });

  it('lists the households behind a violation to an account that may read them, and to no one else', async () => {
    await addHousehold(village, 'Hộ Đàm', `${lastYear}-06-30`);
    await addHousehold(village, 'Hộ Chu', `${lastYear}-06-30`);
    await scamTalk('Hộ Đàm');
    await scamTalk('Hộ Chu');
    // Straight after the writes, before any list: the records' lookup checks what they left pending.
    const url = `/api/validation-violations/records?rule=teams.visited_within_households&orgUnit=${village}&period=${year}`;
    const res = await t.as(officer, 'GET', url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((r: { label: string }) => r.label)).toEqual(['Hộ Chu', 'Hộ Đàm', 'Hộ Hoàng']);
    expect(res.json().items[0]).toMatchObject({
      kind: 'household',
      id: households['Hộ Chu'],
      detail: { vi: expect.stringContaining(`chưa có khảo sát năm ${year}`), en: expect.stringContaining(`no survey in ${year}`) },
    });
    // Visited this year: Hoàng, Lục, Đàm, Chu; surveyed this year: Nông, Lục.
    expect(keys(await list(`orgUnit=${village}&period=${year}`))).toEqual([['teams.visited_within_households', village, year, 4, 2]]);

    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await t.as(farOfficer, 'GET', url)).statusCode).toBe(403);
    const denied = await t.handle.db
      .selectFrom('audit_entry')
      .select(['actor_name', 'entity'])
      .where('outcome', '=', 'denied')
      .where('entity', '=', 'validation_violation')
      .execute();
    expect(denied).toEqual([{ actor_name: 'officer.nh', entity: 'validation_violation' }]);
    const none = await t.as(officer, 'GET', `/api/validation-violations/records?rule=teams.visited_within_households&orgUnit=${village}&period=${lastYear}`);
    expect([none.statusCode, none.json().error.code]).toEqual([404, 'validation.violation_not_found']);
  });

  it('sends the whole list as CSV or .xlsx, headers in Vietnamese unless English is asked for', async () => {
    const get = (query: string) => t.app.inject({ method: 'GET', url: `/api/validation-violations?orgUnit=06625&period=${year}${query}` });
    const json = (await get('')).json();
    const [atVillage, atCommune] = json.items;
    expect(atVillage).toMatchObject({ orgUnit: village, level: 3, parentCode: '06625', parentName: expect.stringContaining('Kiên Mộc') });
    const day = todayInVietnam(new Date(atVillage.foundAt)).split('-').reverse().join('/');

    // limit and offset page the JSON; a file holds every row.
    const csv = await get('&format=csv&limit=1&offset=1');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="kiem-tra-du-lieu-${year}-06625.csv"`);
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('\uFEFFĐơn vị,Mã đơn vị,Cấp,"Thuộc xã, phường",Quy tắc,Mã quy tắc,Vế trái,Vế phải,Phát hiện từ');
    expect(lines[1]).toBe(`Hin Đăm,${village},"Thôn, bản",${atVillage.parentName},${atVillage.description.vi},teams.visited_within_households,4,2,${day}`);
    expect(lines[2]).toBe(`Kiên Mộc,06625,"Xã, phường",,${atCommune.description.vi},teams.visited_within_households,4,2,${day}`);
    expect(lines).toHaveLength(json.total + 2);

    const english = await get('&format=csv&lang=en&rule=teams.visited_within_households');
    expect(english.headers['content-disposition']).toBe(`attachment; filename="kiem-tra-du-lieu-${year}-06625-teams.visited_within_households.csv"`);
    expect(english.body.split('\r\n')[0]).toBe('\uFEFFUnit,Code,Level,In commune or ward,Rule,Rule code,Left side,Right side,Found since');
    expect(english.body).toContain(atVillage.description.en);

    const xlsx = await get('&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="kiem-tra-du-lieu-${year}-06625.xlsx"`);
    expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    const sheet = await readSpreadsheet(xlsx.rawPayload);
    expect([sheet.header[0], sheet.rows.length]).toEqual(['Đơn vị', json.total]);

    for (const bad of ['&format=pdf', '&lang=fr']) expect((await get(bad)).statusCode, bad).toBe(400);
  });

  it('follows a rule an administrator defines or changes at once, at months and quarters when its data elements have them', async () => {
    const rule = { leftSide: 'VISITS', operator: '<=', rightSide: '1', description: { vi: 'Tối đa một lần hỗ trợ', en: 'At most one visit' } };
    expect((await t.as(admin, 'PUT', '/api/validation-rules/test.one_visit', rule)).statusCode).toBe(200);
    const month = `${year}${today.slice(5, 7)}`;
    const quarter = `${year}Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
    for (const period of [year, quarter, month]) {
      const items = (await list(`orgUnit=${village}&period=${period}&rule=test.one_visit`)).map((v) => [v.orgUnit, v.left, v.right]);
      expect(items, period).toEqual([[village, 4, 1]]);
    }
    expect((await list(`orgUnit=20&period=${month}&rule=test.one_visit`)).map((v) => v.orgUnit)).toEqual([village, '06625', '20']);

    expect((await t.as(admin, 'PUT', '/api/validation-rules/test.one_visit', { ...rule, rightSide: '100' })).statusCode).toBe(200);
    expect(await list(`orgUnit=20&period=${month}&rule=test.one_visit`)).toEqual([]);
  });

  it('checks again on demand for a territory and period, and after a rebuild', async () => {
    // A value changed behind the engine's back: only a check finds it.
    await t.handle.db
      .updateTable('data_value')
      .set({ value: 99 })
      .where('data_element', '=', 'ADULTS')
      .where('org_unit_code', '=', other)
      .where('period', '=', year)
      .execute();
    expect(await list(`orgUnit=06376&period=${year}`)).toEqual([]);
    const check = (session: TestSession | null, orgUnit: string) =>
      session
        ? t.as(session, 'POST', '/api/validation-violations/check', { orgUnit, period: year })
        : t.app.inject({ method: 'POST', url: '/api/validation-violations/check', payload: { orgUnit, period: year } });
    expect((await check(officer, '06376')).statusCode).toBe(403);
    expect((await check(null, '06376')).statusCode).toBeGreaterThanOrEqual(400);
    const res = await check(farOfficer, '06376');
    expect(res.statusCode, res.body).toBe(200);
    expect(keys(res.json().items)).toEqual([['households.adults_within_residents', other, year, 99, 4]]);

    // A rebuild recomputes the values from the records, and the violations with them.
    await rebuildIndicators(t.handle.db);
    expect(await list(`orgUnit=06376&period=${year}`)).toEqual([]);
    expect(keys(await list(`orgUnit=${village}&period=${year}`))).toEqual([['teams.visited_within_households', village, year, 4, 2]]);
  });

  it.each([
    ['period=2019', 404, 'period.not_found'],
    ['period=2025Q5', 400, 'period.invalid'],
    ['orgUnit=99999&period=2025', 404, 'org_unit.not_found'],
    ['period=2025&limit=100000', 400, undefined],
  ] as const)('refuses %s', async (query, status, code) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/validation-violations?${query}` });
    expect(res.statusCode, res.body).toBe(status);
    if (code) expect(res.json().error.code).toBe(code);
  });
});
