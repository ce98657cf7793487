import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import type { Survey } from './household.schema.ts';
import { touchHouseholdsAsSeen } from './index.ts';

const survey: Survey = {
  surveyedOn: '2025-06-30',
  members: 6,
  adults: 4,
  smartphoneOwners: 3,
  epayAdults: 2,
  homeFtth: true,
  vneidUsers: 3,
  ehealthUsers: 2,
  bankingUsers: 2,
};

describe.each(testEngines())('household register on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let langDong: string;
  let member: TestSession;
  let officer: TestSession;

  beforeAll(async () => {
    t = await startTestApp(engine);
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    officer = await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
  });
  afterAll(() => t?.close());

  const count = async (table: 'household' | 'household_survey') =>
    (
      await t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  it('lets a team member add a household to their village and read it back', async () => {
    const res = await t.as(member, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ 001', survey });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ villageCode: hinDam, label: 'Hộ 001', version: 1, archived: false, latest: survey });
    const list = await t.as(member, 'GET', `/api/villages/${hinDam}/households`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: created.id, latest: survey }] });
    const one = await t.as(member, 'GET', `/api/households/${created.id}`);
    expect(one.json().surveys).toEqual([survey]);
  });

  it('keeps household records private: anonymous requests get 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/villages/${hinDam}/households` });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.required');
  });

  it('refuses a member of Hin Đăm in Lăng Đồng, and audits the attempt', async () => {
    const write = await t.as(member, 'POST', `/api/villages/${langDong}/households`, { label: 'Hộ 009', survey });
    expect(write.statusCode).toBe(403);
    const read = await t.as(member, 'GET', `/api/villages/${langDong}/households`);
    expect(read.statusCode).toBe(403);
    const denied = await t.handle.db.selectFrom('audit_entry').selectAll().where('outcome', '=', 'denied').where('actor_name', '=', 'member.hd').execute();
    expect(denied.map((d) => d.org_unit_code)).toEqual([langDong, langDong]);
    expect(await t.handle.db.selectFrom('household').selectAll().where('village_code', '=', langDong).execute()).toEqual([]);
  });

  it('refuses a commune officer a household of another commune, even by id', async () => {
    const list = await t.as(member, 'GET', `/api/villages/${hinDam}/households`);
    const id = list.json().items[0].id;
    expect((await t.as(officer, 'GET', `/api/households/${id}`)).statusCode).toBe(403);
    expect((await t.as(officer, 'POST', `/api/households/${id}/surveys`, survey)).statusCode).toBe(403);
  });

  it.each([
    ['smartphone owners > members', { ...survey, smartphoneOwners: 7 }, 'household.smartphones_exceed_members', 'smartphoneOwners'],
    ['adults > members', { ...survey, adults: 7 }, 'household.adults_exceed_members', 'adults'],
    ['a survey in the future', { ...survey, surveyedOn: '2999-01-01' }, 'household.survey_in_future', 'surveyedOn'],
    ['e-payment adults > adults', { ...survey, epayAdults: 5 }, 'household.epay_exceeds_adults', 'epayAdults'],
  ])('rejects %s with a specific error and writes nothing', async (_name, bad, code, field) => {
    const before = await count('household');
    const res = await t.as(member, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ 050', survey: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, field });
    expect(res.json().error.message.vi.length).toBeGreaterThan(10);
    expect(await count('household')).toBe(before);
  });

  it.each([
    ['an unknown field', { label: 'Hộ 051', survey, citizenId: '001200003456' }],
    ['a text where a number belongs', { label: 'Hộ 051', survey: { ...survey, members: 'sáu' } }],
    ['a negative count', { label: 'Hộ 051', survey: { ...survey, adults: -1 } }],
    ['a huge label', { label: 'x'.repeat(10_000), survey }],
    ['an impossible date', { label: 'Hộ 051', survey: { ...survey, surveyedOn: '2025-02-30' } }],
  ])('rejects a body with %s (400, field named)', async (_name, body) => {
    const res = await t.as(member, 'POST', `/api/villages/${hinDam}/households`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation.invalid');
    expect(res.json().error.issues.length).toBeGreaterThan(0);
  });

  it('stores HTML in a label as plain text', async () => {
    const label = '<script>alert(1)</script>';
    const res = await t.as(member, 'POST', `/api/villages/${hinDam}/households`, { label, survey });
    expect(res.statusCode).toBe(201);
    expect(res.json().label).toBe(label);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });

  it('refuses a second household with the same label', async () => {
    const res = await t.as(member, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ 001', survey });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('household.label_taken');
  });

  it('records surveys by date, the same day replacing, and keeps the history', async () => {
    const { id } = (await t.as(member, 'GET', `/api/villages/${hinDam}/households?search=001`)).json().items[0];
    const older = await t.as(member, 'POST', `/api/households/${id}/surveys`, { ...survey, surveyedOn: '2024-06-30', homeFtth: false });
    // An older survey filled in late is recorded, but the household's latest stays the newer one.
    expect(older.json().latest).toEqual(survey);
    const replaced = await t.as(member, 'POST', `/api/households/${id}/surveys`, { ...survey, members: 7 });
    expect(replaced.statusCode).toBe(201);
    expect(replaced.json().latest).toEqual({ ...survey, members: 7 });
    const one = (await t.as(member, 'GET', `/api/households/${id}`)).json();
    expect(one.surveys.map((s: Survey) => [s.surveyedOn, s.members])).toEqual([
      ['2024-06-30', 6],
      ['2025-06-30', 7],
    ]);
    expect(one.latest.members).toBe(7);
    expect(one.version).toBe(3);
  });

  it('detects a stale edit with the version number (409) and archives with the current one', async () => {
    const { id, version } = (await t.as(member, 'GET', `/api/villages/${hinDam}/households?search=001`)).json().items[0];
    const ok = await t.as(member, 'PATCH', `/api/households/${id}`, { label: 'Hộ 001A', version });
    expect(ok.statusCode).toBe(200);
    const stale = await t.as(member, 'PATCH', `/api/households/${id}`, { label: 'Hộ 001B', version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('household.version_conflict');
    expect((await t.as(member, 'DELETE', `/api/households/${id}?version=${version + 1}`)).statusCode).toBe(204);
    const list = (await t.as(member, 'GET', `/api/villages/${hinDam}/households`)).json();
    expect(list.items.map((h: { id: string }) => h.id)).not.toContain(id);
    const audit = await t.handle.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('entity_id', '=', id)
      .where('action', '=', 'household:rename')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ label: 'Hộ 001' });
    expect(audit.after).toMatchObject({ label: 'Hộ 001A' });
  });

  it.each([
    ['false', false],
    ['0', false],
    ['true', true],
    ['1', true],
  ])('reads ?includeArchived=%s as %s, not as "a non-empty string"', async (value, included) => {
    const archived = await t.handle.db
      .selectFrom('household')
      .select('id')
      .where('village_code', '=', hinDam)
      .where('archived_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const res = await t.as(member, 'GET', `/api/villages/${hinDam}/households?includeArchived=${value}`);
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((h: { id: string }) => h.id)
        .includes(archived.id),
    ).toBe(included);
  });

  it('moves on, in a bulk write planned from what it read, only the households still as read, and names the others', async () => {
    const add = async (label: string) =>
      (await t.as(member, 'POST', `/api/villages/${hinDam}/households`, { label, survey })).json() as { id: string; version: number };
    const [still, surveyed] = [await add('Hộ 091'), await add('Hộ 092')];
    // Surveyed from the field after the plan read it.
    expect((await t.as(member, 'POST', `/api/households/${surveyed.id}/surveys`, { ...survey, members: 7 })).statusCode).toBe(201);
    const changed = await t.handle.db.transaction().execute((tx) =>
      touchHouseholdsAsSeen(tx, [
        { id: still.id, version: still.version },
        { id: surveyed.id, version: surveyed.version },
      ]),
    );
    expect(changed).toEqual([surveyed.id]);
    const versions = await t.handle.db.selectFrom('household').select(['id', 'version']).where('id', 'in', [still.id, surveyed.id]).execute();
    expect(Object.fromEntries(versions.map((h) => [h.id, h.version]))).toEqual({ [still.id]: still.version + 1, [surveyed.id]: surveyed.version + 1 });
  });

  it('refuses ?includeArchived=yes with a 400 naming the field', async () => {
    const res = await t.as(member, 'GET', `/api/villages/${hinDam}/households?includeArchived=yes`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('includeArchived');
  });

  it.each([
    ['NFD', 'Hộ 777'.normalize('NFD')],
    ['a zero-width space', 'Hộ\u200b 777'],
    ['a no-break space', 'Hộ\u00a0777'],
    ['a right-to-left override', '\u202eHộ 777'],
    ['spaces around and doubled', '  Hộ   777 '],
  ])('refuses the label of an existing household written with %s as already taken', async (_name, label) => {
    if ((await t.as(member, 'GET', `/api/villages/${hinDam}/households?search=777`)).json().total === 0) {
      expect((await t.as(member, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ 777', survey })).statusCode).toBe(201);
    }
    const res = await t.as(member, 'POST', `/api/villages/${hinDam}/households`, { label, survey });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('household.label_taken');
    expect(await t.handle.db.selectFrom('household').select('label').where('label', 'like', '%777%').execute()).toEqual([{ label: 'Hộ 777' }]);
  });

  it('refuses a label made only of invisible characters and spaces as empty, in both languages', async () => {
    const before = await count('household');
    const res = await t.as(member, 'POST', `/api/villages/${hinDam}/households`, { label: '\u200b\u200d\u00a0\ufeff', survey });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      field: 'label',
      issues: [{ field: 'label', message: { vi: expect.stringMatching(/trống/), en: expect.stringMatching(/empty/) } }],
    });
    expect(await count('household')).toBe(before);
  });

  it('stores a label typed in NFD in NFC, and a search typed in NFD finds it', async () => {
    const created = await t.as(member, 'POST', `/api/villages/${hinDam}/households`, { label: 'Nhà ông Đặng'.normalize('NFD'), survey });
    expect(created.json().label).toBe('Nhà ông Đặng'.normalize('NFC'));
    for (const search of ['Đặng'.normalize('NFD'), 'Đặng', 'ông\u00a0Đặng']) {
      const found = await t.as(member, 'GET', `/api/villages/${hinDam}/households?search=${encodeURIComponent(search)}`);
      expect(found.json().items.map((h: { id: string }) => h.id)).toEqual([created.json().id]);
    }
  });

  it.each([
    ['POST a label', 'POST', (): string => `/api/villages/${hinDam}/households`, { label: 'x\u0000y', survey }, 'label'],
    [
      'POST a survey date',
      'POST',
      (): string => `/api/villages/${hinDam}/households`,
      { label: 'Hộ 900', survey: { ...survey, surveyedOn: '2025\u0000' } },
      'survey.surveyedOn',
    ],
    ['search households', 'GET', (): string => `/api/villages/${hinDam}/households?search=%00`, undefined, 'search'],
    ['search org units', 'GET', (): string => '/api/org-units?search=ki%00n', undefined, 'search'],
    ['a village code', 'GET', (): string => '/api/villages/0662%00001/households', undefined, 'code'],
  ] as const)('answers a NUL character in %s 400 with the field named, not 500', async (_name, method, url, payload, field) => {
    const before = await count('household');
    const res = await t.as(member, method, url(), payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'text.unstorable',
      field,
      message: { vi: expect.stringContaining(field), en: expect.stringContaining(field) },
    });
    expect(await count('household')).toBe(before);
  });

  it('answers an unknown household with 404', async () => {
    const res = await t.as(member, 'GET', '/api/households/0190f3a0-0000-7000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('household.not_found');
  });
});
