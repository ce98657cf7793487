import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { newId } from '../platform/ids.ts';
import { commit } from '../platform/planned-write.ts';
import type { Actor } from '../accounts/index.ts';
import { planHouseholdRegistration, planSurvey, type Survey } from '../households/index.ts';
import { rebuildIndicators } from '../indicators/index.ts';
import { recordVisit } from './record-visit.ts';
import { recordTraining } from './record-training.ts';

const today = todayInVietnam();
const year = today.slice(0, 4);
const survey: Survey = {
  surveyedOn: today,
  members: 5,
  adults: 4,
  smartphoneOwners: 3,
  epayAdults: 1,
  homeFtth: false,
  vneidUsers: 1,
  ehealthUsers: 0,
  bankingUsers: 0,
};

/** The province's administrator, as a use case sees them (for calls made without HTTP). */
const ADMIN: Actor = {
  id: '0190f3a0-0000-7000-8000-0000000000ad',
  username: 'admin.direct',
  displayName: 'Admin',
  roles: [{ role: 'province_admin', orgUnitCode: '20', scopePath: '20' }],
};

const training = (over: Record<string, unknown> = {}) => ({
  id: newId(),
  heldOn: today,
  topic: 'online_public_services',
  place: 'Nhà văn hóa thôn',
  trainer: 'Tổ trưởng',
  attendees: { total: 12, female: 7, male: 5, byAge: { under15: 0, from15to29: 3, from30to59: 6, from60: 3 }, byEthnicGroup: { Tày: 8, Nùng: 4 } },
  ...over,
});

describe.each(testEngines())('field work on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let langDong: string;
  let member: TestSession;
  let officer: TestSession;
  let admin: TestSession;
  let household: string;
  let otherHousehold: string;

  const visit = (over: Record<string, unknown> = {}) => ({
    id: newId(),
    visitedOn: today,
    activities: [
      { code: 'vneid_level2', people: 1 },
      { code: 'epay_account', people: 2 },
    ],
    residentsGuided: 2,
    note: 'Hướng dẫn nộp hồ sơ trên Cổng dịch vụ công',
    ...over,
  });
  const postVisit = (session: TestSession, householdId: string, body: unknown) => t.as(session, 'POST', `/api/households/${householdId}/visits`, body);
  const cell = async (indicator: string, orgUnit: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/indicator-values?indicator=${indicator}&orgUnit=${orgUnit}&period=${year}` });
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
  const count = async (table: 'support_visit' | 'training') =>
    (
      await t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  beforeAll(async () => {
    t = await startTestApp(engine);
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    admin = await t.signIn({ username: 'admin.fw', displayName: 'Quản trị', role: 'province_admin', orgUnitCode: '20' });
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    officer = await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    household = (await t.as(admin, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ 1', survey })).json().id;
    otherHousehold = (await t.as(admin, 'POST', `/api/villages/${langDong}/households`, { label: 'Hộ 1', survey })).json().id;
  });
  afterAll(() => t?.close());

  it('records a visit, adds what it did to the household, and moves the province’s figures at the next read', async () => {
    const before = { vneid: await cell('APP_VNEID', '20'), epay: await cell('ADULT_EPAY', '20'), visits: await cell('VISITS_PER_HH', '20') };
    const body = visit();
    const res = await postVisit(member, household, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      id: body.id,
      householdId: household,
      householdLabel: 'Hộ 1',
      villageCode: hinDam,
      visitedOn: today,
      residentsGuided: 2,
      note: body.note,
      householdVersion: 2,
    });
    expect(res.json().activities).toEqual(body.activities);

    const after = (await t.as(member, 'GET', `/api/households/${household}`)).json();
    expect(after).toMatchObject({ version: 2, latest: { ...survey, vneidUsers: 2, epayAdults: 3 } });
    expect(await cell('APP_VNEID', '20')).toMatchObject({ numerator: before.vneid.numerator! + 1, denominator: before.vneid.denominator });
    expect(await cell('ADULT_EPAY', '20')).toMatchObject({ numerator: before.epay.numerator! + 2 });
    expect(before.visits.numerator).toBeNull();
    expect(await cell('VISITS_PER_HH', '20')).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(await cell('HH_VISITED', hinDam)).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
    expect(await cell('RES_GUIDED', '06625')).toMatchObject({ value: 2 });

    const incremental = await snapshot();
    await rebuildIndicators(t.handle.db);
    expect(await snapshot()).toEqual(incremental);
  });

  it('answers a replay of the same visit with the visit already recorded, writing nothing twice', async () => {
    const body = visit({ activities: [{ code: 'banking_app', people: 1 }] });
    const first = await postVisit(member, household, body);
    expect(first.statusCode, first.body).toBe(201);
    const visits = await count('support_visit');
    const version = (await t.as(member, 'GET', `/api/households/${household}`)).json().version;
    const again = await postVisit(member, household, body);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ id: body.id, householdVersion: null, activities: body.activities });
    expect(await count('support_visit')).toBe(visits);
    expect((await t.as(member, 'GET', `/api/households/${household}`)).json()).toMatchObject({ version, latest: { bankingUsers: 1 } });
  });

  it('refuses a visit id already used for another household', async () => {
    const body = visit();
    expect((await postVisit(admin, household, body)).statusCode).toBe(201);
    const res = await postVisit(admin, otherHousehold, body);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('visit.id_taken');
  });

  it('lists a village’s visits of a period to those who may read its field work', async () => {
    const list = await t.as(member, 'GET', `/api/villages/${hinDam}/visits`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(3);
    expect(list.json().items.every((v: { householdId: string }) => v.householdId === household)).toBe(true);
    expect((await t.as(member, 'GET', `/api/villages/${hinDam}/visits?from=2021-01-01&to=2021-12-31`)).json()).toEqual({ total: 0, items: [] });
    expect((await t.app.inject({ method: 'GET', url: `/api/villages/${hinDam}/visits` })).statusCode).toBe(401);
    expect((await t.as(officer, 'GET', `/api/villages/${hinDam}/visits`)).statusCode).toBe(403);
    expect((await t.as(member, 'GET', `/api/villages/${hinDam}/visits?from=2025-02-01&to=2025-01-01`)).statusCode).toBe(400);
  });

  it('refuses a Hin Đăm team member a visit to a Lăng Đồng household, and audits the attempt', async () => {
    const visits = await count('support_visit');
    const res = await postVisit(member, otherHousehold, visit());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
    const denied = await t.handle.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('outcome', '=', 'denied')
      .where('actor_name', '=', 'member.hd')
      .where('entity_id', '=', otherHousehold)
      .execute();
    expect(denied.map((d) => [d.action, d.org_unit_code])).toEqual([['fieldwork:write', langDong]]);
    expect(await count('support_visit')).toBe(visits);
  });

  it('answers a visit to a household that does not exist with 404, and a malformed one too', async () => {
    const res = await postVisit(member, '0190f3a0-0000-7000-8000-000000000000', visit());
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('household.not_found');
    expect((await postVisit(member, 'not-a-household', visit())).statusCode).toBe(404);
  });

  it.each([
    ['a day in the future', { visitedOn: '2999-01-01' }, 'visit.visit_in_future', 'visitedOn'],
    ['a day before the programme', { visitedOn: '2019-12-31' }, 'visit.visit_too_old', 'visitedOn'],
    ['an unknown activity', { activities: [{ code: 'teleport', people: 1 }] }, 'visit.unknown_activity', 'activities.0'],
    ['no activity', { activities: [] }, 'visit.no_activity', 'activities'],
    ['more people helped than live there', { activities: [{ code: 'ehealth', people: 6 }] }, 'visit.people_exceed_members', 'activities.0.people'],
    [
      'an activity twice',
      {
        activities: [
          { code: 'ehealth', people: 1 },
          { code: 'ehealth', people: 1 },
        ],
      },
      'visit.activity_repeated',
      'activities.1',
    ],
  ])('rejects a visit with %s (400, specific code) and writes nothing', async (_name, over, code, field) => {
    const visits = await count('support_visit');
    const res = await postVisit(member, household, visit(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, field });
    expect(res.json().error.message.vi.length).toBeGreaterThan(10);
    expect(await count('support_visit')).toBe(visits);
  });

  it.each([
    ['a malformed id', { id: 'visit-1' }, 'id'],
    ['a household id in the body', { householdId: '0190f3a0-0000-7000-8000-000000000001' }, undefined],
    ['a text where people belong', { activities: [{ code: 'ehealth', people: 'một' }] }, 'activities.0.people'],
    ['an impossible date', { visitedOn: '2025-02-30' }, 'visitedOn'],
  ])('rejects a visit body with %s (400, validation)', async (_name, over, field) => {
    const res = await postVisit(member, household, visit(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation.invalid');
    if (field) expect(res.json().error.field).toBe(field);
  });

  it('refuses a visit to an archived household', async () => {
    const created = (await t.as(admin, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ cũ', survey })).json();
    expect((await t.as(admin, 'DELETE', `/api/households/${created.id}?version=1`)).statusCode).toBe(204);
    const res = await postVisit(member, created.id, visit());
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('household.archived');
  });

  it('adds two visits recorded at the same time, whichever lands first', async () => {
    const h = (await t.as(admin, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ 7', survey: { ...survey, vneidUsers: 0 } })).json().id;
    const one = { id: newId(), householdId: h, visitedOn: today, activities: [{ code: 'vneid_level1', people: 1 }], residentsGuided: 0 };
    const two = {
      ...one,
      id: newId(),
      activities: [
        { code: 'vneid_level1', people: 1 },
        { code: 'ehealth', people: 2 },
      ],
    };
    const results = await Promise.all([recordVisit(t.handle.db, ADMIN, one), recordVisit(t.handle.db, ADMIN, two)]);
    expect(results.map((r) => r.householdVersion).sort()).toEqual([2, 3]);
    expect((await t.as(admin, 'GET', `/api/households/${h}`)).json()).toMatchObject({ version: 3, latest: { vneidUsers: 2, ehealthUsers: 2 } });
  });

  it('writes no survey when a visit changes no count: the household keeps its latest survey and its day', async () => {
    const earlier = `${Number(year) - 1}-06-01`;
    const full = { ...survey, surveyedOn: earlier, vneidUsers: 3, epayAdults: 4 };
    const h = (await t.as(admin, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ đủ', survey: full })).json().id;
    const res = await postVisit(member, h, visit({ residentsGuided: 0 }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ householdVersion: null });
    expect((await t.as(member, 'GET', `/api/households/${h}`)).json()).toMatchObject({ version: 1, latest: full });
  });

  it('keeps the people of "other help" and the note of a visit', async () => {
    const body = visit({ activities: [{ code: 'other', people: 2 }], residentsGuided: 0, note: 'Cài Zalo, hướng dẫn gọi video' });
    expect((await postVisit(member, household, body)).statusCode).toBe(201);
    const list = await t.as(member, 'GET', `/api/villages/${hinDam}/visits?limit=500`);
    const stored = list.json().items.find((v: { id: string }) => v.id === body.id);
    expect(stored).toMatchObject({ activities: [{ code: 'other', people: 2 }], note: 'Cài Zalo, hướng dẫn gọi video' });
  });

  it('records a training, counts it at the next read, and answers a replay with the same training', async () => {
    const body = training();
    const res = await t.as(member, 'POST', `/api/villages/${hinDam}/trainings`, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ id: body.id, villageCode: hinDam, topic: 'online_public_services', attendees: body.attendees });
    expect(await cell('TRAININGS_HELD', '20')).toMatchObject({ value: 1 });
    // Guided: 2 on each of the three visits that guided anyone, and the 12 attendees of a training on online public services.
    expect(await cell('RES_GUIDED', hinDam)).toMatchObject({ value: 2 + 2 + 2 + 12 });
    const trainings = await count('training');
    const again = await t.as(member, 'POST', `/api/villages/${hinDam}/trainings`, body);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(body.id);
    expect(await count('training')).toBe(trainings);
    expect(await cell('TRAININGS_HELD', '20')).toMatchObject({ value: 1 });
    const list = (await t.as(member, 'GET', `/api/villages/${hinDam}/trainings`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([body.id]);

    const incremental = await snapshot();
    await rebuildIndicators(t.handle.db);
    expect(await snapshot()).toEqual(incremental);
  });

  it('says how many values a rebuild found wrong, missing and stray, and finds none the second time', async () => {
    const db = t.handle.db;
    await db
      .updateTable('data_value')
      .set({ value: '999' })
      .where('data_element', '=', 'RESIDENTS')
      .where('org_unit_code', '=', hinDam)
      .where('period', '=', year)
      .execute();
    await db.deleteFrom('data_value').where('data_element', '=', 'HOUSEHOLDS').where('org_unit_code', '=', langDong).where('period', '=', year).execute();
    await db
      .insertInto('data_value')
      .values({ data_element: 'TRAININGS', period: '2021', org_unit_code: langDong, province_code: '20', value: '3', leaves: 1 })
      .execute();
    expect(await rebuildIndicators(db)).toMatchObject({ wrong: 1, missing: 1, stray: 1 });
    expect(await rebuildIndicators(db)).toMatchObject({ wrong: 0, missing: 0, stray: 0 });
  });

  it('does not count a village without a team as having an active team when an officer records its only visit', async () => {
    const village = await t.addVillage('06625', 7, 'Nà Pàn');
    const id = (await t.as(admin, 'POST', `/api/villages/${village}/households`, { label: 'Hộ 1', survey })).json().id;
    expect((await postVisit(admin, id, visit())).statusCode).toBe(201);
    const values = async () =>
      Object.fromEntries(
        (
          await t.handle.db
            .selectFrom('data_value')
            .select(['data_element', 'period', 'value'])
            .where('org_unit_code', '=', village)
            .where('data_element', 'in', ['TEAMS', 'TEAMS_ACTIVE', 'VISITS'])
            .execute()
        ).map((r) => [`${r.data_element} ${r.period}`, Number(r.value)]),
      );
    const month = `${year}${today.slice(5, 7)}`;
    const written = await values();
    expect(written).toMatchObject({ [`VISITS ${year}`]: 1, [`VISITS ${month}`]: 1 });
    expect(written[`TEAMS ${year}`] ?? 0).toBe(0);
    expect(written[`TEAMS_ACTIVE ${year}`] ?? 0).toBe(0);
    expect(written[`TEAMS_ACTIVE ${month}`] ?? 0).toBe(0);
    await rebuildIndicators(t.handle.db);
    expect(await values()).toEqual(written);
  });

  it.each([
    [
      'no attendees',
      { total: 0, female: 0, male: 0, byAge: { under15: 0, from15to29: 0, from30to59: 0, from60: 0 } },
      'training.no_attendees',
      'attendees.total',
    ],
    [
      '10,000 attendees',
      { total: 10_000, female: 5_000, male: 5_000, byAge: { under15: 0, from15to29: 10_000, from30to59: 0, from60: 0 } },
      'training.too_many_attendees',
      'attendees.total',
    ],
    [
      'women and men that do not add up',
      { total: 12, female: 7, male: 4, byAge: { under15: 0, from15to29: 3, from30to59: 6, from60: 3 } },
      'training.sexes_do_not_add_up',
      'attendees.female',
    ],
    [
      'age groups that do not add up',
      { total: 12, female: 7, male: 5, byAge: { under15: 0, from15to29: 3, from30to59: 6, from60: 2 } },
      'training.ages_do_not_add_up',
      'attendees.byAge',
    ],
  ])('rejects a training with %s (400, specific code) and writes nothing', async (_name, attendees, code, field) => {
    const trainings = await count('training');
    const res = await t.as(member, 'POST', `/api/villages/${hinDam}/trainings`, training({ attendees }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, field });
    expect(await count('training')).toBe(trainings);
  });

  it('rejects a training on an unknown topic, in the future, in an unknown village, or elsewhere than the account’s village', async () => {
    expect((await t.as(member, 'POST', `/api/villages/${hinDam}/trainings`, training({ topic: 'astrology' }))).json().error.code).toBe(
      'training.unknown_topic',
    );
    expect((await t.as(member, 'POST', `/api/villages/${hinDam}/trainings`, training({ heldOn: '2999-01-01' }))).json().error.code).toBe(
      'training.training_in_future',
    );
    const unknown = await t.as(admin, 'POST', '/api/villages/06625999/trainings', training());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('village.not_found');
    expect((await t.as(admin, 'POST', '/api/villages/06625/trainings', training())).statusCode).toBe(404);
    expect((await t.as(member, 'POST', `/api/villages/${langDong}/trainings`, training())).statusCode).toBe(403);
    expect((await t.as(member, 'POST', `/api/villages/${hinDam}/trainings`, training({ id: '42' }))).statusCode).toBe(400);
  });

  it('answers the same training sent twice at once (a double submit) as one training, written once', async () => {
    const body = { ...training(), villageCode: hinDam };
    const trainings = await count('training');
    const answers = await Promise.all([recordTraining(t.handle.db, ADMIN, body), recordTraining(t.handle.db, ADMIN, body)]);
    expect(answers).toEqual([{ id: body.id }, { id: body.id }]);
    expect(await count('training')).toBe(trainings + 1);
  });

  describe('household plans for the sync', () => {
    it('applies a survey only on the version its author saw, so of two writers from one version one gets 409', async () => {
      const h = (await t.as(admin, 'GET', `/api/households/${otherHousehold}`)).json();
      const plans = await Promise.all([
        planSurvey(t.handle.db, ADMIN, h.id, { ...survey, members: 6 }, h.version),
        planSurvey(t.handle.db, ADMIN, h.id, { ...survey, members: 7 }, h.version),
      ]);
      const outcomes = await Promise.allSettled(plans.map((p) => commit(t.handle.db, p)));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ status: 409, code: 'household.version_conflict' });
      expect((await t.as(admin, 'GET', `/api/households/${h.id}`)).json().version).toBe(h.version + 1);
    });

    it('registers a household under the phone’s id, and answers the same registration again with it', async () => {
      const input = { id: newId(), villageCode: hinDam, label: 'Hộ mới', survey };
      const first = await commit(t.handle.db, await planHouseholdRegistration(t.handle.db, ADMIN, input));
      expect(first).toMatchObject({ id: input.id, label: 'Hộ mới', version: 1 });
      const again = await commit(t.handle.db, await planHouseholdRegistration(t.handle.db, ADMIN, input));
      expect(again).toEqual(first);
      await expect(planHouseholdRegistration(t.handle.db, ADMIN, { ...input, label: 'Hộ khác' })).rejects.toMatchObject({
        status: 409,
        code: 'household.id_taken',
      });
      await expect(planHouseholdRegistration(t.handle.db, ADMIN, { ...input, id: newId() })).rejects.toMatchObject({
        status: 409,
        code: 'household.label_taken',
      });
    });
  });
});
