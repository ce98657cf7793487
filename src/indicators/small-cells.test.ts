import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import type { Survey } from '../households/index.ts';
import { newId } from '../platform/ids.ts';

const survey: Survey = {
  surveyedOn: '2025-06-30',
  members: 4,
  adults: 3,
  smartphoneOwners: 2,
  epayAdults: 1,
  homeFtth: true,
  vneidUsers: 1,
  ehealthUsers: 0,
  bankingUsers: 1,
};

/** Decision 0017: public answers leave out cells made from fewer than 5 households, and a sibling so totals do not give them away. */
describe.each(testEngines())('small-cell suppression on %s', (engine) => {
  let t: TestApp;
  let lonely: string;
  let big: string;
  let bigger: string;
  let officer: TestSession;
  let stranger: TestSession;

  beforeAll(async () => {
    t = await startTestApp(engine, { minCellSize: 5 });
    const codes = await t.addVillages('06625', 1, ['Khuổi Slẻ', 'Pác Cáp', 'Nà Lừa']);
    [lonely, big, bigger] = [codes[0]!, codes[1]!, codes[2]!];
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    stranger = await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    const add = async (village: string, n: number) => {
      for (let i = 1; i <= n; i++)
        expect(
          (await t.as(officer, 'POST', `/api/villages/${village}/households`, { label: `Hộ ${i}`, survey: { ...survey, homeFtth: i % 2 === 0 } })).statusCode,
        ).toBe(201);
    };
    await add(lonely, 1);
    await add(big, 6);
    await add(bigger, 9);
  });
  afterAll(() => t?.close());

  const villagesOf = (url: string, session?: TestSession) => (session ? t.as(session, 'GET', url) : t.app.inject({ method: 'GET', url }));

  it('hides the lonely village’s survey publicly, and the smallest other village, so the commune total minus the others reveals nothing', async () => {
    const res = await villagesOf('/api/indicator-values?indicator=HH_FIBER&orgUnit=06625&level=3&period=2025');
    expect(res.statusCode).toBe(200);
    const byVillage = Object.fromEntries(res.json().cells.map((c: { orgUnit: string }) => [c.orgUnit, c]));
    expect(byVillage[lonely]).toMatchObject({ value: null, numerator: null, denominator: null, reason: 'suppressed' });
    expect(byVillage[big]).toMatchObject({ value: null, numerator: null, reason: 'suppressed' });
    expect(byVillage[bigger]).toMatchObject({ numerator: 4, denominator: 9 });
    expect(res.json().suppression).toMatchObject({
      minHouseholds: 5,
      note: { vi: expect.stringContaining('5 hộ'), en: expect.stringContaining('5 households') },
    });
    // The commune's own cell (16 households) is public; minus the one village shown, 7 households stay hidden together.
    const commune = (await villagesOf('/api/indicator-values?indicator=HH_FIBER&orgUnit=06625&period=2025')).json().cells[0];
    expect(commune).toMatchObject({ denominator: 16 });
  });

  it('hides the same cells in the DHIS2 and ADX exports, and says so', async () => {
    const dhis2 = (await villagesOf('/api/exports/dhis2/data-value-sets?orgUnit=06625&level=3&period=2025')).json();
    const shown = dhis2.dataValues
      .filter((v: { dataElement: string }) => v.dataElement === 'HOUSEHOLDS')
      .map((v: { orgUnit: string; value: string }) => [v.orgUnit, v.value]);
    expect(shown).toEqual([[bigger, '9']]);
    expect(
      dhis2.dataValues.some(
        (v: { orgUnit: string; dataElement: string }) => v.orgUnit === lonely && ['RESIDENTS', 'HOUSEHOLDS_WITH_FTTH'].includes(v.dataElement),
      ),
    ).toBe(false);
    expect(dhis2.suppression.minHouseholds).toBe(5);
    const adx = (await villagesOf('/api/exports/adx?orgUnit=06625&level=3&period=2025')).body;
    expect(adx).toContain('<!-- ');
    expect(adx).not.toContain(`orgUnit="${lonely}" period="2025-01-01/P1Y" dataSet="BANSO">\n    <dataValue dataElement="BANKING_USERS"`);
    expect(adx.match(new RegExp(`orgUnit="${lonely}"[^]*?</group>`))?.[0] ?? '').not.toContain('RESIDENTS');
  });

  it('hides them in the CSV with a note naming the threshold', async () => {
    const csv = (await villagesOf('/api/indicator-values?indicator=HH_FIBER&orgUnit=06625&level=3&period=2025&format=csv')).body;
    const line = csv.split('\n').find((l) => l.includes(lonely))!;
    expect(line).toContain('5 households');
    expect(line.startsWith(`HH_FIBER,${lonely},Khuổi Slẻ,2025,,,,`)).toBe(true);
  });

  it('shows exact values to the commune’s officer, and hides them from another commune’s', async () => {
    const url = `/api/indicator-values?indicator=HH_FIBER&orgUnit=${lonely}&period=2025`;
    expect((await villagesOf(url, officer)).json().cells[0]).toMatchObject({ numerator: 0, denominator: 1, reason: null });
    expect((await villagesOf(url, stranger)).json().cells[0]).toMatchObject({ reason: 'suppressed', denominator: null });
    const dhis2 = (await villagesOf(`/api/exports/dhis2/data-value-sets?orgUnit=${lonely}&period=2025`, officer)).json();
    expect(dhis2.dataValues.find((v: { dataElement: string }) => v.dataElement === 'HOUSEHOLDS')?.value).toBe('1');
  });

  it('hides a village’s visits in every period of the year when one month was small, so the year minus the other months gives nothing back', async () => {
    const households = (await t.as(officer, 'GET', `/api/villages/${bigger}/households?limit=20`)).json().items as { id: string }[];
    const visit = async (household: { id: string }, visitedOn: string) => {
      const res = await t.as(officer, 'POST', `/api/households/${household.id}/visits`, {
        id: newId(),
        visitedOn,
        activities: [{ code: 'vneid_level2', people: 1 }],
        residentsGuided: 0,
        note: '',
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    // Two households in July, eight in August: August alone would be public, and the year too.
    for (const household of households.slice(0, 2)) await visit(household, '2025-07-15');
    for (const household of households.slice(0, 8)) await visit(household, '2025-08-15');
    const visits = async (query: string, session?: TestSession) =>
      (
        (await villagesOf(`/api/exports/dhis2/data-value-sets?${query}`, session)).json().dataValues as {
          dataElement: string;
          orgUnit: string;
          period: string;
          value: string;
        }[]
      )
        .filter((v) => v.dataElement === 'VISITS')
        .map((v) => [v.orgUnit, v.period, v.value]);
    expect(await visits(`orgUnit=${bigger}&period=2025,202507,202508,2025Q3`, officer)).toEqual(
      expect.arrayContaining([
        [bigger, '2025', '10'],
        [bigger, '202507', '2'],
        [bigger, '202508', '8'],
        [bigger, '2025Q3', '10'],
      ]),
    );
    for (const period of ['2025', '2025Q3', '202507', '202508', '202509']) {
      expect(await visits(`orgUnit=06625&level=3&period=${period}`)).toEqual([]);
      // The commune's July is the same two households: it is hidden at its own level.
      expect(await visits(`orgUnit=06625&period=${period}`)).toEqual([]);
    }
  });
  it('hides a village of the partner commune too, so its public villages do not add up to the commune hidden beside the small one', async () => {
    // Kiên Mộc's July is two households (above): hidden, with the smallest other commune visited in July as its partner.
    const [na, pa] = await t.addVillages('06376', 1, ['Nà Cà', 'Pá Ló']);
    for (const village of [na!, pa!]) {
      for (let i = 1; i <= 6; i++) {
        const added = await t.as(stranger, 'POST', `/api/villages/${village}/households`, { label: `Hộ ${i}`, survey });
        expect(added.statusCode, added.body).toBe(201);
        const visited = await t.as(stranger, 'POST', `/api/households/${added.json().id}/visits`, {
          id: newId(),
          visitedOn: '2025-07-20',
          activities: [{ code: 'vneid_level2', people: 1 }],
          residentsGuided: 0,
          note: '',
        });
        expect(visited.statusCode, visited.body).toBe(201);
      }
    }
    const visited = async (query: string) =>
      ((await villagesOf(`/api/exports/dhis2/data-value-sets?${query}`)).json().dataValues as { dataElement: string; orgUnit: string }[])
        .filter((v) => v.dataElement === 'HOUSEHOLDS_VISITED')
        .map((v) => v.orgUnit);
    // Nhất Hòa is the partner: hidden at its level…
    expect(await visited('orgUnit=20&level=2&period=202507')).toEqual([]);
    // …and one of its villages with it, in every answer, so its villages' sum is not Nhất Hòa's.
    expect(await visited('orgUnit=06376&level=3&period=202507')).toEqual([pa]);
    expect(await visited(`orgUnit=${pa}&period=202507`)).toEqual([pa]);
    expect(await visited(`orgUnit=${na}&period=202507`)).toEqual([]);
    // Its officer sees her villages exactly.
    const exact = (await t.as(stranger, 'GET', '/api/exports/dhis2/data-value-sets?orgUnit=06376&level=3&period=202507')).json().dataValues as {
      dataElement: string;
      orgUnit: string;
      value: string;
    }[];
    expect(exact.filter((v) => v.dataElement === 'HOUSEHOLDS_VISITED').map((v) => [v.orgUnit, v.value])).toEqual([
      [na, '6'],
      [pa, '6'],
    ]);
  });
});
