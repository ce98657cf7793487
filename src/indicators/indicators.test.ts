import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import type { Survey } from '../households/index.ts';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import type { Db } from '../platform/database.ts';
import { PGliteDialect } from '../platform/pglite-dialect.ts';
import type { Database } from '../platform/schema.ts';
import { rebuildIndicators } from './refresh-data-values.ts';
import { loadCatalogue, readIndicatorValuesJson } from './read-indicator-values.ts';
import { EXACT_VALUES } from './suppress-small-cells.ts';
import { newId } from '../platform/ids.ts';
import { todayInVietnam } from '../platform/dates.ts';

const survey = (over: Partial<Survey> = {}): Survey => ({
  surveyedOn: '2025-06-30',
  members: 5,
  adults: 4,
  smartphoneOwners: 2,
  epayAdults: 2,
  homeFtth: true,
  vneidUsers: 2,
  ehealthUsers: 2,
  bankingUsers: 2,
  ...over,
});

describe.each(testEngines())('indicator engine on %s', (engine) => {
  let t: TestApp;
  let admin: TestSession;
  let v1: string;
  let v2: string;
  let v3: string;

  const values = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/indicator-values?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().cells as {
      indicator: string;
      orgUnit: string;
      period: string;
      value: number | null;
      numerator: number | null;
      denominator: number | null;
      reason: string | null;
      completeness: { reported: number; expected: number };
      target: { status: string } | null;
    }[];
  };
  const one = async (indicator: string, orgUnit: string, period = '2025') => (await values(`indicator=${indicator}&orgUnit=${orgUnit}&period=${period}`))[0]!;
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

  /** A second query builder over the same database, as another app instance would have; `log` sees its SQL. */
  const anotherInstance = (log?: (sql: string) => void): Db =>
    new Kysely<Database>({
      dialect: t.handle.pglite ? new PGliteDialect(t.handle.pglite) : new PostgresDialect({ pool: t.handle.pool! }),
      ...(log ? { log: (event: LogEvent) => log(event.query.sql) } : {}),
    });

  beforeAll(async () => {
    t = await startTestApp(engine);
    v1 = await t.addVillage('06625', 1, 'Hin Đăm');
    v2 = await t.addVillage('06625', 2, 'Khuổi Phầy');
    v3 = await t.addVillage('06376', 1, 'Lăng Đồng');
    admin = await t.signIn({ username: 'admin.test', displayName: 'Admin', role: 'province_admin', orgUnitCode: '20' });
  });
  afterAll(() => t?.close());

  it('updates every level at the next read after a household write', async () => {
    await t.as(admin, 'POST', `/api/villages/${v1}/households`, { label: 'Hộ 1', survey: survey() });
    await t.as(admin, 'POST', `/api/villages/${v1}/households`, { label: 'Hộ 2', survey: survey({ homeFtth: false, members: 3, adults: 2, epayAdults: 0 }) });
    await t.as(admin, 'POST', `/api/villages/${v3}/households`, { label: 'Hộ 1', survey: survey() });
    expect(await one('HH_FIBER', v1)).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    expect(await one('HH_FIBER', '06625')).toMatchObject({ value: 50, numerator: 1, denominator: 2, completeness: { reported: 1, expected: 2 } });
    expect(await one('HH_FIBER', '20')).toMatchObject({ value: 66.7, numerator: 2, denominator: 3, completeness: { reported: 2, expected: 3 } });
    // Sum of numerators over sum of denominators: (2 + 0 + 2) / (4 + 2 + 4), not an average of percentages.
    expect(await one('ADULT_EPAY', '20')).toMatchObject({ value: 40, numerator: 4, denominator: 10 });
  });

  it('treats a village that has not reported as no value, not zero', async () => {
    expect(await one('HH_FIBER', v2)).toMatchObject({ value: null, reason: 'no_data', completeness: { reported: 0, expected: 1 } });
  });

  it('counts coverage by year, and moves residents covered when coverage changes', async () => {
    const viettel = { operatorCode: 'viettel', technology: '4G' };
    await t.as(admin, 'POST', `/api/villages/${v1}/coverage/mobile`, { ...viettel, quality: 'none', observedOn: '2021-01-01' });
    expect(await one('VIL_NO_MOBILE', '20', '2021')).toMatchObject({ value: 3 });
    await t.as(admin, 'POST', `/api/villages/${v1}/coverage/mobile`, { ...viettel, quality: 'stable', observedOn: '2022-09-15' });
    expect(await one('VIL_NO_MOBILE', '20', '2021')).toMatchObject({ value: 3 });
    expect(await one('VIL_NO_MOBILE', '20', '2022')).toMatchObject({ value: 2 });
    expect(await one('COV_3G_POP', '20')).toMatchObject({ numerator: 8, denominator: 13, value: 61.5 });
    expect(await one('COV_4G_POP', v1)).toMatchObject({ value: 100 });
  });

  it('counts communes with fibre and operators’ subscriber reports', async () => {
    await t.as(admin, 'POST', '/api/communes/06625/fiber', { operatorCode: 'vnpt', hasPointOfPresence: true, observedOn: '2023-03-01' });
    expect(await one('COM_FIBER', '20', '2022')).toMatchObject({ numerator: 0, denominator: 65, value: 0 });
    expect(await one('COM_FIBER', '20', '2025')).toMatchObject({ numerator: 1, denominator: 65, value: 1.5 });
  });

  it('keeps incremental values identical to a full rebuild', async () => {
    await t.as(admin, 'POST', `/api/villages/${v2}/households`, {
      label: 'Hộ 7',
      survey: survey({ surveyedOn: '2023-05-01', smartphoneOwners: 0, vneidUsers: 0, ehealthUsers: 0, bankingUsers: 0 }),
    });
    const { id } = (await t.as(admin, 'GET', `/api/villages/${v1}/households?search=Hộ 2`)).json().items[0];
    await t.as(admin, 'DELETE', `/api/households/${id}?version=1`);
    const incremental = await snapshot();
    await rebuildIndicators(t.handle.db);
    expect(await snapshot()).toEqual(incremental);
  });

  it('summarises the household surveys once per rebuild, though two sources need them', async () => {
    const statements: string[] = [];
    const before = await snapshot();
    await rebuildIndicators(anotherInstance((q) => statements.push(q)));
    expect(statements.filter((q) => /from household_survey/.test(q))).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
  });

  it('repairs values a rebuild finds wrong, missing, stray or under the wrong province, writing only those', async () => {
    const right = await snapshot();
    const db = t.handle.db;
    await sql`update data_value set value = value + 7 where data_element = 'HOUSEHOLDS' and org_unit_code = '20' and period = '2025'`.execute(db);
    await sql`update data_value set leaves = leaves + 1 where data_element = 'RESIDENTS' and org_unit_code = '06625' and period = '2025'`.execute(db);
    await sql`delete from data_value where data_element = 'ADULTS' and org_unit_code = ${v1} and period = '2025'`.execute(db);
    await sql`update data_value set province_code = 'XX' where data_element = 'EPAY_ADULTS' and org_unit_code = ${v3} and period = '2025'`.execute(db);
    await sql`insert into data_value (data_element, period, org_unit_code, province_code, value, leaves) values ('HOUSEHOLDS', '2019', ${v2}, '20', 3, 1), ('RETIRED_ELEMENT', '2025', ${v2}, '20', 1, 1)`.execute(
      db,
    );
    const before = await sql<{ at: string }>`select max(updated_at)::text as at from data_value`.execute(db);
    await rebuildIndicators(db);
    expect(await snapshot()).toEqual(right);
    // Values found right keep their write time: only the four wrong or missing ones were written.
    const written = await sql<{ n: number }>`select count(*)::int as n from data_value where updated_at > ${before.rows[0]!.at}::timestamptz`.execute(db);
    expect(written.rows[0]!.n).toBe(4);
  });

  it('builds into an empty table with the secondary indexes made once at the end, and repairs with them in place', async () => {
    const right = await snapshot();
    const indexes = async () =>
      (
        await sql<{
          indexname: string;
          indexdef: string;
        }>`select indexname, indexdef from pg_indexes where tablename = 'data_value' order by indexname`.execute(t.handle.db)
      ).rows;
    const before = await indexes();
    expect(before.map((i) => i.indexname)).toContain('data_value_unit_idx');
    const statements: string[] = [];
    await sql`delete from data_value`.execute(t.handle.db);
    await rebuildIndicators(anotherInstance((q) => statements.push(q)));
    expect(statements.filter((q) => /^(drop|create) index/i.test(q.trim()))).toHaveLength(2);
    expect(await snapshot()).toEqual(right);
    expect(await indexes()).toEqual(before);
    statements.length = 0;
    await rebuildIndicators(anotherInstance((q) => statements.push(q)));
    expect(statements.filter((q) => /^(drop|create) index/i.test(q.trim()))).toEqual([]);
  });

  it('keeps values exact when household writes commit while a rebuild runs', async () => {
    const households = (await t.as(admin, 'GET', `/api/villages/${v1}/households`)).json().items as { id: string; version: number }[];
    const writes = households.map((h, i) =>
      t.as(admin, 'POST', `/api/households/${h.id}/surveys`, survey({ surveyedOn: '2025-09-0' + (i + 1), members: 6 + i, homeFtth: i % 2 === 0 })),
    );
    const [rebuilt, ...answers] = await Promise.all([rebuildIndicators(anotherInstance()), ...writes]);
    expect(rebuilt.values).toBeGreaterThan(0);
    for (const answer of answers) expect(answer.statusCode, answer.body).toBeLessThan(300);
    const during = await snapshot();
    await rebuildIndicators(t.handle.db);
    expect(await snapshot()).toEqual(during);
  });

  it('archives a household surveyed today, taking it out of this year’s figures', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const v = await t.addVillage('06376', 2, 'Nà Pàn');
    const created = (await t.as(admin, 'POST', `/api/villages/${v}/households`, { label: 'Hộ 1', survey: survey({ surveyedOn: today }) })).json();
    expect(await one('HH_FIBER', v, today.slice(0, 4))).toMatchObject({ denominator: 1 });
    const res = await t.as(admin, 'DELETE', `/api/households/${created.id}?version=1`);
    expect(res.statusCode, res.body).toBe(204);
    // This year is in progress: the village has not reported (yet), which is not "no data".
    expect(await one('HH_FIBER', v, today.slice(0, 4))).toMatchObject({ value: null, reason: 'not_reported_yet' });
    const incremental = await snapshot();
    await rebuildIndicators(t.handle.db);
    expect(await snapshot()).toEqual(incremental);
  });

  it('lists communes of the province with level=2 and answers CSV', async () => {
    const cells = await values('indicator=HH_FIBER&orgUnit=20&period=2025&level=2');
    expect(cells).toHaveLength(65);
    const csv = await t.app.inject({ method: 'GET', url: '/api/indicator-values?indicator=HH_FIBER&orgUnit=20&period=2025&format=csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFFindicator,orgUnit,orgUnitName,period,value,numerator,denominator,reported,expected,target,status,note');
    expect(csv.body).toContain('HH_FIBER,20,Lạng Sơn,2025,');
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/indicator-values?indicator=HH_FIBER&orgUnit=20&period=2025&format=xlsx' });
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('exports aggregates as DHIS2 dataValueSets and as ADX', async () => {
    const dvs = (await t.app.inject({ method: 'GET', url: '/api/exports/dhis2/data-value-sets?orgUnit=20&period=2025' })).json();
    expect(dvs.dataValues).toEqual(
      expect.arrayContaining([{ dataElement: 'HOUSEHOLDS', period: '2025', orgUnit: '20', value: expect.stringMatching(/^\d+$/) }]),
    );
    const adx = await t.app.inject({ method: 'GET', url: '/api/exports/adx?orgUnit=20&level=2&period=2025' });
    expect(adx.headers['content-type']).toMatch(/application\/adx\+xml/);
    expect(adx.body).toContain('<group orgUnit="06625" period="2025-01-01/P1Y" dataSet="BANSO">');
    expect(adx.body).toMatch(/<dataValue dataElement="HOUSEHOLDS" value="\d+"\/>/);
  });

  it('shows the report’s 2025 targets for the province', async () => {
    const cell = await one('HH_FIBER', '20');
    expect(cell.target).toMatchObject({ status: 'behind' });
  });

  it('lets an administrator set a 2030 target, audited, and keeps a commune officer out', async () => {
    const body = { indicatorCode: 'HH_FIBER', orgUnitCode: '20', year: 2030, value: 95 };
    const res = await t.as(admin, 'PUT', '/api/targets', body);
    expect(res.statusCode, res.body).toBe(200);
    const targets = (await t.app.inject({ method: 'GET', url: '/api/targets?orgUnit=20' })).json().items;
    expect(targets).toEqual(expect.arrayContaining([expect.objectContaining({ indicatorCode: 'HH_FIBER', year: 2030, value: 95, baselineYear: 2021 })]));
    const officer = await t.signIn({ username: 'officer.x', displayName: 'Officer', role: 'commune_officer', orgUnitCode: '06625' });
    expect((await t.as(officer, 'PUT', '/api/targets', body)).statusCode).toBe(403);
    const log = (await t.as(admin, 'GET', '/api/audit?entity=target')).json().items;
    expect(log.map((e: { action: string; outcome: string }) => `${e.action} ${e.outcome}`)).toEqual(['indicator:manage denied', 'target:set ok']);
    expect(log[1].after).toMatchObject({ value: 95, year: 2030 });
  });

  it('refuses an indicator formula with an unknown data element or a cycle', async () => {
    const definition = {
      name: { vi: 'Thử', en: 'Test' },
      definition: { vi: 'Thử', en: 'Test' },
      reference: null,
      denominator: null,
      factor: 1,
      decimals: 0,
      higherIsBetter: true,
      timeAggregation: 'stock',
      module: 'test',
    };
    const unknown = await t.as(admin, 'PUT', '/api/indicators/TEST_A', { ...definition, numerator: 'HOUSEHOLDS_WITH_FIBRE' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('indicator.unknown_reference');
    expect((await t.as(admin, 'PUT', '/api/indicators/TEST_A', { ...definition, numerator: 'HOUSEHOLDS + 1' })).statusCode).toBe(200);
    expect((await t.as(admin, 'PUT', '/api/indicators/TEST_B', { ...definition, numerator: 'TEST_A * 2' })).statusCode).toBe(200);
    const cycle = await t.as(admin, 'PUT', '/api/indicators/TEST_A', { ...definition, numerator: 'TEST_B' });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.code).toBe('indicator.cycle');
    expect(await one('TEST_B', '20')).toMatchObject({ value: expect.any(Number) });
  });

  it('sees a catalogue change at the next read, in this instance and in another on the same database', async () => {
    // Another instance: its own query builder, hence its own cached catalogue, over the same database.
    const other = anotherInstance();
    const definition = {
      name: { vi: 'Thử', en: 'Test' },
      definition: { vi: 'Thử', en: 'Test' },
      reference: null,
      denominator: null,
      factor: 1,
      decimals: 0,
      higherIsBetter: true,
      timeAggregation: 'stock',
      module: 'test',
    };
    expect((await t.as(admin, 'PUT', '/api/indicators/TEST_C', { ...definition, numerator: 'HOUSEHOLDS' })).statusCode).toBe(200);
    const households = (await one('TEST_C', '20')).value!;
    expect(households).toBeGreaterThan(0);
    const read = async (db: Db) =>
      JSON.parse((await readIndicatorValuesJson(db, { indicator: ['TEST_C'], orgUnit: '20', period: ['2025'] }, EXACT_VALUES)).toString()).cells[0].value;
    expect(await read(other)).toBe(households);
    expect(await read(other)).toBe(households);
    // Unchanged catalogue: the compiled one is reused, not rebuilt.
    const cached = await loadCatalogue(other);
    expect(await loadCatalogue(other)).toBe(cached);

    expect((await t.as(admin, 'PUT', '/api/indicators/TEST_C', { ...definition, numerator: 'HOUSEHOLDS * 10' })).statusCode).toBe(200);
    expect((await one('TEST_C', '20')).value).toBe(households * 10);
    expect(await read(other)).toBe(households * 10);
    expect(await loadCatalogue(other)).not.toBe(cached);
  });

  it('answers the same question from memory until a write, a target or a unit changes it, in any instance', async () => {
    const other = anotherInstance();
    const question = { indicator: ['HH_FIBER'], orgUnit: '06376', period: ['2025'] };
    const ask = async (db: Db) => JSON.parse((await readIndicatorValuesJson(db, question, EXACT_VALUES)).toString()).cells[0];
    const first = await readIndicatorValuesJson(other, question, EXACT_VALUES);
    // Nothing changed: the very same bytes, not a recomputation.
    expect(await readIndicatorValuesJson(other, question, EXACT_VALUES)).toBe(first);
    // Without a target of its own the commune is measured against the province's share.
    expect((await one('HH_FIBER', '06376')).target).toMatchObject({ setFor: '20' });

    const before = await ask(other);
    await t.as(admin, 'POST', `/api/villages/${v3}/households`, { label: 'Hộ 8', survey: survey({ homeFtth: true }) });
    expect((await ask(other)).denominator).toBe(before.denominator + 1);
    expect((await one('HH_FIBER', '06376')).denominator).toBe(before.denominator + 1);

    expect(
      (await t.as(admin, 'PUT', '/api/targets', { indicatorCode: 'HH_FIBER', orgUnitCode: '06376', year: 2025, value: 1, baselineYear: 2021 })).statusCode,
    ).toBe(200);
    expect((await ask(other)).target).toMatchObject({ year: 2025, value: 1, status: 'achieved', setFor: '06376' });
    expect((await one('HH_FIBER', '06376')).target).toMatchObject({ year: 2025, value: 1, status: 'achieved' });

    await t.handle.db.updateTable('org_unit').set({ name: 'Nhất Hòa (đổi tên)' }).where('code', '=', '06376').execute();
    expect((await ask(other)).orgUnitName).toBe('Nhất Hòa (đổi tên)');
    await t.handle.db.updateTable('org_unit').set({ name: before.orgUnitName }).where('code', '=', '06376').execute();
  });

  it('computes an answer once for requests that miss it together, and again after the next write, for the first to ask', async () => {
    let valueReads = 0;
    const other = anotherInstance((query) => {
      if (query.includes('from "data_value"')) valueReads++;
    });
    // A commune of its own, so the households below change no other test's figures.
    const village = await t.addVillage('06613', 1, 'Bản Thử');
    await t.as(admin, 'POST', `/api/villages/${village}/households`, { label: 'Hộ 1', survey: survey() });
    const question = { indicator: ['HH_FIBER'], orgUnit: '06613', period: ['2025'] };
    const together = () => Promise.all(Array.from({ length: 10 }, () => readIndicatorValuesJson(other, question, EXACT_VALUES)));

    const first = await together();
    expect(new Set(first).size).toBe(1);
    expect(valueReads).toBe(1);

    await t.as(admin, 'POST', `/api/villages/${village}/households`, { label: 'Hộ 2', survey: survey() });
    // The first to ask after the write waits for the new answer; those asking while it is computed
    // get the one before, begun less than a second ago (decision 0051). One computation either way.
    const [fresh, ...meanwhile] = await together();
    expect(valueReads).toBe(2);
    const denominator = (bytes: Buffer) => JSON.parse(bytes.toString()).cells[0].denominator as number;
    expect(denominator(fresh!)).toBe(denominator(first[0]!) + 1);
    for (const answer of meanwhile) expect([denominator(first[0]!), denominator(fresh!)]).toContain(denominator(answer));
    // Whoever asks next gets the new one, from memory.
    expect(denominator(await readIndicatorValuesJson(other, question, EXACT_VALUES))).toBe(denominator(fresh!));
    expect(valueReads).toBe(2);
  });

  it.each([
    ['indicator=NOPE', 404, 'indicator.not_found'],
    ['indicator=HH_FIBER&period=2019', 404, 'period.not_found'],
    ['indicator=HH_FIBER&orgUnit=99999', 404, 'org_unit.not_found'],
    ['indicator=HH_FIBER&orgUnit=06625&level=1', 400, 'indicator_values.bad_level'],
  ] as const)('refuses %s', async (query, status, code) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/indicator-values?${query}` });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('gives the teams’ work by quarter and month, as a rebuild does, months adding up to their quarter and quarters to the year', async () => {
    const householdOf = async (village: string) => (await t.as(admin, 'GET', `/api/villages/${village}/households?search=Hộ 1`)).json().items[0].id as string;
    const visit = async (village: string, visitedOn: string, residentsGuided: number) => {
      const res = await t.as(admin, 'POST', `/api/households/${await householdOf(village)}/visits`, {
        id: newId(),
        visitedOn,
        activities: [{ code: 'vneid_level2', people: 1 }],
        residentsGuided,
        note: '',
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    const training = async (village: string, heldOn: string, total: number) => {
      const attendees = { total, female: total, male: 0, byAge: { under15: 0, from15to29: total, from30to59: 0, from60: 0 }, byEthnicGroup: {} };
      const res = await t.as(admin, 'POST', `/api/villages/${village}/trainings`, {
        id: newId(),
        heldOn,
        topic: 'vneid',
        place: 'Nhà văn hóa',
        trainer: 'Tổ trưởng',
        attendees,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    // Each village has a team (a member since 2024): its work is what makes a village's team active.
    for (const village of [v1, v2, v3]) {
      expect((await t.as(admin, 'PUT', `/api/villages/${village}/team`, { name: 'Tổ công nghệ số' })).statusCode).toBeLessThan(300);
      expect(
        (await t.as(admin, 'POST', `/api/villages/${village}/team/members`, { displayName: 'Tổ viên', sex: 'female', joinedOn: '2024-03-01' })).statusCode,
      ).toBe(201);
    }
    await visit(v1, '2025-07-15', 2);
    await visit(v1, '2025-08-03', 1);
    await visit(v3, '2025-08-20', 3);
    await visit(v3, '2025-10-05', 1);
    await training(v2, '2025-09-02', 10);
    await training(v2, '2025-02-10', 6);

    const stored = async (element: string, period: string) =>
      Number(
        (
          await t.handle.db
            .selectFrom('data_value')
            .select('value')
            .where('data_element', '=', element)
            .where('period', '=', period)
            .where('org_unit_code', '=', '20')
            .executeTakeFirst()
        )?.value ?? 0,
      );
    expect(await stored('VISITS', '2025Q3')).toBe(3);
    expect(await stored('VISITS', '202508')).toBe(2);
    for (const element of ['VISITS', 'TRAININGS', 'RESIDENTS_GUIDED', 'TRAINING_ATTENDEES']) {
      const quarters = await Promise.all([1, 2, 3, 4].map((q) => stored(element, `2025Q${q}`)));
      const months = await Promise.all(Array.from({ length: 12 }, (_, i) => stored(element, `2025${String(i + 1).padStart(2, '0')}`)));
      expect(
        quarters.reduce((a, b) => a + b),
        element,
      ).toBe(await stored(element, '2025'));
      for (let q = 0; q < 4; q++) expect(months[3 * q]! + months[3 * q + 1]! + months[3 * q + 2]!, `${element} Q${q + 1}`).toBe(quarters[q]);
    }
    const incremental = await snapshot();
    await rebuildIndicators(t.handle.db);
    expect(await snapshot()).toEqual(incremental);

    // Residents guided: on the July and August visits, and the September training on VNeID.
    const yearly = await one('RES_GUIDED', '20', '2025');
    expect(await one('RES_GUIDED', '20', '2025Q3')).toMatchObject({
      value: 16,
      target: null,
      completeness: { reported: 3, expected: yearly.completeness.expected },
    });
    expect(await one('RES_GUIDED', '20', '202508')).toMatchObject({ value: 4, completeness: { reported: 2 } });
    expect(await one('TRAININGS_HELD', v2, '2025Q1')).toMatchObject({ value: 1, completeness: { reported: 1, expected: 1 } });
    expect(await one('TRAININGS_HELD', v2, '2025Q2')).toMatchObject({ value: null, reason: 'no_data', completeness: { reported: 0, expected: 1 } });
    const catalogue = (await t.app.inject({ method: 'GET', url: '/api/indicators' })).json().items as { code: string; periodTypes: string[] }[];
    const typesOf = (code: string) => catalogue.find((i) => i.code === code)?.periodTypes;
    // Quarters and months list only the indicators dated by day: the teams' (and the market's and deliveries', which have none here).
    const listed = await values('orgUnit=20&period=2025Q3,202508');
    expect(listed.every((c) => typesOf(c.indicator)?.includes('month'))).toBe(true);
    const teams = listed.filter((c) => c.indicator === 'RES_GUIDED' || c.indicator === 'TRAININGS_HELD');
    expect(teams.map((c) => `${c.indicator} ${c.period}`).sort()).toEqual([
      'RES_GUIDED 202508',
      'RES_GUIDED 2025Q3',
      'TRAININGS_HELD 202508',
      'TRAININGS_HELD 2025Q3',
    ]);
    expect(listed.filter((c) => !teams.includes(c)).every((c) => c.value === null || c.value === 0)).toBe(true);
    expect(typesOf('TRAININGS_HELD')).toEqual(['year', 'quarter', 'month']);
    expect(typesOf('VISITS_PER_HH')).toEqual(['year']);
    expect(typesOf('HH_FIBER')).toEqual(['year']);

    const dvs = (await t.app.inject({ method: 'GET', url: '/api/exports/dhis2/data-value-sets?orgUnit=20&period=2025Q3' })).json();
    expect(dvs.dataValues).toEqual(expect.arrayContaining([{ dataElement: 'VISITS', period: '2025Q3', orgUnit: '20', value: '3' }]));
    expect(dvs.dataValues.some((v: { dataElement: string }) => v.dataElement === 'HOUSEHOLDS')).toBe(false);
    const adx = (await t.app.inject({ method: 'GET', url: '/api/exports/adx?orgUnit=20&period=202508' })).body;
    expect(adx).toContain('<group orgUnit="20" period="2025-08-01/P1M" dataSet="BANSO">');
    expect(adx).toContain('<dataValue dataElement="VISITS" value="2"/>');
  });

  it('refuses quarters and months where the data is not dated by day, and periods that are none or still to come', async () => {
    const [year, month] = todayInVietnam().split('-').map(Number) as [number, number];
    const later = month < 12 ? `${year}${String(month + 1).padStart(2, '0')}` : `${year + 1}01`;
    const cases = [
      ['indicator=HH_FIBER&period=2025Q1', 400, 'indicator_values.period_type_not_available'],
      ['indicator=VISITS_PER_HH&period=202503', 400, 'indicator_values.period_type_not_available'],
      ['indicator=TRAININGS_HELD&period=2025,2025Q5', 400, null],
      ['indicator=TRAININGS_HELD&period=202513', 400, null],
      [`indicator=TRAININGS_HELD&period=${later}`, 404, 'period.not_found'],
      ['indicator=TRAININGS_HELD&period=2020Q4', 404, 'period.not_found'],
    ] as const;
    for (const [query, status, code] of cases) {
      const res = await t.app.inject({ method: 'GET', url: `/api/indicator-values?${query}` });
      expect(res.statusCode, query).toBe(status);
      if (code) expect(res.json().error.code, query).toBe(code);
      if (code === 'indicator_values.period_type_not_available')
        expect(res.json().error.message).toEqual({ vi: expect.stringContaining('theo năm'), en: expect.stringContaining('yearly') });
    }
    const exported = await t.app.inject({ method: 'GET', url: `/api/exports/adx?orgUnit=20&period=${later}` });
    expect(exported.statusCode).toBe(404);
  });

  it('refuses a query for too many cells', async () => {
    await t.addVillages(
      '06625',
      3,
      Array.from({ length: 198 }, (_, i) => `Số ${i + 3}`),
    );
    const res = await t.app.inject({ method: 'GET', url: '/api/indicator-values?orgUnit=20&level=3' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('indicator_values.too_many_cells');
  });

  it('keeps values exact when writes to one village wait for each other’s lock', async () => {
    const village = await t.addVillage('06625', 3, 'Nà Lầy');
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.as(admin, 'POST', `/api/villages/${village}/households`, { label: `Hộ ${i + 1}`, survey: survey({ members: 4 + i }) }),
      ),
    );
    for (const answer of created) expect(answer.statusCode, answer.body).toBe(201);
    // Each refresh reads the village's stored values once it holds the lock, so it adds to the
    // commune, district and province exactly what the one before it left.
    const again = await Promise.all(
      created.map((answer, i) =>
        t.as(admin, 'POST', `/api/households/${answer.json().id}/surveys`, survey({ surveyedOn: '2025-10-01', members: 11 - i, homeFtth: i % 3 === 0 })),
      ),
    );
    for (const answer of again) expect(answer.statusCode, answer.body).toBeLessThan(300);
    expect(await one('HH_FIBER', village)).toMatchObject({ denominator: 8 });
    const incremental = await snapshot();
    await rebuildIndicators(t.handle.db);
    expect(await snapshot()).toEqual(incremental);
  });
});
