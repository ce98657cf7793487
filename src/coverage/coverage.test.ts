import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { readSpreadsheet } from '../platform/spreadsheet.ts';

describe.each(testEngines())('coverage history on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let langDong: string;
  let viettel: TestSession;
  let member: TestSession;

  beforeAll(async () => {
    t = await startTestApp(engine);
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    viettel = await t.signIn({ username: 'viettel.km', displayName: 'Viettel Kiên Mộc', role: 'telecom_operator', orgUnitCode: '06625' });
    member = await t.signIn({ username: 'member.km', displayName: 'Tổ viên', role: 'team_member', orgUnitCode: hinDam });
  });
  afterAll(() => t?.close());

  it('keeps Hin Đăm’s history: no signal until 2022, stable 4G since', async () => {
    for (const body of [
      { operatorCode: 'viettel', technology: '4G', quality: 'none', observedOn: '2021-01-01' },
      { operatorCode: 'viettel', technology: '4G', quality: 'stable', observedOn: '2022-09-15', note: 'Trạm BTS mới' },
    ]) {
      const res = await t.as(viettel, 'POST', `/api/villages/${hinDam}/coverage/mobile`, body);
      expect(res.statusCode).toBe(201);
    }
    await t.as(viettel, 'POST', `/api/villages/${hinDam}/coverage/broadband`, {
      operatorCode: 'viettel',
      fiberReaches: true,
      ftthAvailable: true,
      observedOn: '2024-05-01',
    });
    const history = (await t.app.inject({ method: 'GET', url: `/api/villages/${hinDam}/coverage` })).json();
    expect(history.mobile.map((m: { quality: string; observedOn: string }) => [m.observedOn, m.quality])).toEqual([
      ['2021-01-01', 'none'],
      ['2022-09-15', 'stable'],
    ]);
    expect(history.broadband).toEqual([{ operatorCode: 'viettel', fiberReaches: true, ftthAvailable: true, observedOn: '2024-05-01', note: null }]);
    expect(history.operators.map((o: { code: string }) => o.code)).toEqual(expect.arrayContaining(['viettel', 'vnpt', 'mobifone']));
  });

  it('lists the white spots of a year with each operator’s best technology', async () => {
    const spots = async (year: number) => (await t.app.inject({ method: 'GET', url: `/api/white-spots?orgUnit=20&year=${year}` })).json();
    const y2021 = await spots(2021);
    expect(y2021.items.map((i: { villageCode: string }) => i.villageCode)).toEqual([hinDam, langDong]);
    expect(y2021).toMatchObject({ withoutMobile: 2, withoutBroadband: 2 });
    const y2025 = await spots(2025);
    expect(y2025.items).toEqual([
      expect.objectContaining({ villageCode: langDong, communeName: 'Nhất Hòa', withoutMobile: true, withoutBroadband: true, operators: [] }),
    ]);
    const y2023 = await spots(2023);
    expect(y2023.items[0]).toMatchObject({
      villageCode: hinDam,
      bestStableTechnology: '4G',
      withoutMobile: false,
      withoutBroadband: true,
      operators: [{ operatorCode: 'viettel', technology: '4G', quality: 'stable' }],
    });
  });

  it('narrows the white spots to an operator, and sends them as CSV or .xlsx with Vietnamese or English headers', async () => {
    const get = (query: string) => t.app.inject({ method: 'GET', url: `/api/white-spots?orgUnit=20&year=2023${query}` });
    const viettelOnly = (await get('&operator=viettel')).json();
    expect(viettelOnly.items.map((i: { villageCode: string }) => i.villageCode)).toEqual([hinDam]);
    expect(viettelOnly).toMatchObject({ withoutMobile: 0, withoutBroadband: 1 });

    const csv = await get('&format=csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="vung-lom-song-2023.csv"');
    expect(csv.body.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFF"Xã, phường","Thôn, bản",Công nghệ ổn định tốt nhất,Thiếu 3G/4G ổn định,Chưa có cáp quang,Nhà mạng,demo',
      'Kiên Mộc,Hin Đăm,4G,0,1,Viettel 4G (ổn định),1',
      'Nhất Hòa,Lăng Đồng,,1,1,,1',
    ]);
    const english = await get('&format=csv&operator=viettel&lang=en');
    expect(english.headers['content-disposition']).toBe('attachment; filename="vung-lom-song-2023-viettel.csv"');
    expect(english.body.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFCommune or ward,Village,Best stable technology,No stable 3G/4G,No fibre,Operators,demo',
      'Kiên Mộc,Hin Đăm,4G,0,1,Viettel 4G (stable),1',
      '',
    ]);

    const xlsx = await get('&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await readSpreadsheet(xlsx.rawPayload)).header[0]).toBe('Xã, phường');

    for (const bad of ['&format=pdf', '&lang=fr', '&operator=Viettel!']) expect((await get(bad)).statusCode, bad).toBe(400);

    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/white-spots', '/api/validation-violations']) {
      expect(
        doc.paths[path].get.parameters.map((p: { name: string }) => p.name),
        path,
      ).toEqual(expect.arrayContaining(['format', 'lang']));
      expect(JSON.stringify(doc.paths[path].get.responses[200]), path).toContain('"format":"binary"');
    }
  });

  it('records a commune’s fibre point of presence', async () => {
    const res = await t.as(viettel, 'POST', '/api/communes/06625/fiber', { operatorCode: 'viettel', hasPointOfPresence: true, observedOn: '2023-01-01' });
    expect(res.statusCode).toBe(201);
    const read = (await t.app.inject({ method: 'GET', url: '/api/communes/06625/fiber' })).json();
    expect(read.records).toEqual([{ operatorCode: 'viettel', hasPointOfPresence: true, observedOn: '2023-01-01' }]);
  });

  it('keeps an operator inside its commune, and a team member out of coverage', async () => {
    const body = { operatorCode: 'viettel', technology: '4G', quality: 'stable', observedOn: '2023-01-01' };
    expect((await t.as(viettel, 'POST', `/api/villages/${langDong}/coverage/mobile`, body)).statusCode).toBe(403);
    expect((await t.as(member, 'POST', `/api/villages/${hinDam}/coverage/mobile`, body)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/villages/${langDong}/coverage` })).json().mobile).toEqual([]);
  });

  it.each([
    [
      'fibre to the home without fibre',
      'broadband',
      { operatorCode: 'viettel', fiberReaches: false, ftthAvailable: true, observedOn: '2023-01-01' },
      'coverage.ftth_without_fiber',
    ],
    [
      'a date in the future',
      'mobile',
      { operatorCode: 'viettel', technology: '5G', quality: 'stable', observedOn: '2999-01-01' },
      'coverage.observed_in_future',
    ],
    ['an unknown operator', 'mobile', { operatorCode: 'acme', technology: '5G', quality: 'stable', observedOn: '2023-01-01' }, 'coverage.unknown_operator'],
    ['an unknown technology', 'mobile', { operatorCode: 'viettel', technology: '6G', quality: 'stable', observedOn: '2023-01-01' }, 'validation.invalid'],
  ])('rejects %s', async (_name, kind, body, code) => {
    const res = await t.as(viettel, 'POST', `/api/villages/${hinDam}/coverage/${kind}`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
  });

  it('answers a commune code given as a village with 404', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/villages/06625/coverage' })).statusCode).toBe(404);
  });

  it('drops a village from the white spots at the next read after its coverage is recorded (the list kept in memory moves with it)', async () => {
    const codes = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/white-spots?orgUnit=20&year=2026' })).json().items.map((i: { villageCode: string }) => i.villageCode);
    const village = await t.addVillage('06376', 2, 'Bản Kéo');
    const nhatHoa = await t.signIn({ username: 'viettel.nh', displayName: 'Viettel Nhất Hòa', role: 'telecom_operator', orgUnitCode: '06376' });
    expect(await codes()).toContain(village);
    expect(await codes()).toContain(village);
    await t.as(nhatHoa, 'POST', `/api/villages/${village}/coverage/mobile`, {
      operatorCode: 'viettel',
      technology: '4G',
      quality: 'stable',
      observedOn: '2026-03-01',
    });
    await t.as(nhatHoa, 'POST', `/api/villages/${village}/coverage/broadband`, {
      operatorCode: 'viettel',
      fiberReaches: true,
      ftthAvailable: true,
      observedOn: '2026-03-01',
    });
    expect(await codes()).not.toContain(village);
  });

  it('keeps each year’s state when records come late for an earlier year, change or are removed', async () => {
    const spotIn = async (year: number, village: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/white-spots?orgUnit=06376&year=${year}` }))
        .json()
        .items.some((i: { villageCode: string }) => i.villageCode === village);
    const village = await t.addVillage('06376', 3, 'Nà Pàn');
    const nhatHoa = await t.signIn({ username: 'viettel.np', displayName: 'Viettel Nà Pàn', role: 'telecom_operator', orgUnitCode: '06376' });
    const record = async (observedOn: string) => {
      await t.as(nhatHoa, 'POST', `/api/villages/${village}/coverage/mobile`, { operatorCode: 'viettel', technology: '4G', quality: 'stable', observedOn });
      await t.as(nhatHoa, 'POST', `/api/villages/${village}/coverage/broadband`, {
        operatorCode: 'viettel',
        fiberReaches: true,
        ftthAvailable: true,
        observedOn,
      });
    };
    await record('2025-06-01');
    expect([await spotIn(2024, village), await spotIn(2025, village)]).toEqual([true, false]);
    await record('2024-05-01');
    expect([await spotIn(2024, village), await spotIn(2025, village)]).toEqual([false, false]);

    const db = t.handle.db;
    await db.deleteFrom('mobile_coverage').where('village_code', '=', village).where('observed_on', '=', '2025-06-01').execute();
    expect(await spotIn(2025, village)).toBe(false);
    await db.updateTable('mobile_coverage').set({ quality: 'unstable' }).where('village_code', '=', village).execute();
    expect([await spotIn(2024, village), await spotIn(2025, village)]).toEqual([true, true]);
    const state = await db
      .selectFrom('coverage_village_state')
      .select(['year', 'best_stable', 'fiber_reaches'])
      .where('village_code', '=', village)
      .orderBy('year')
      .execute();
    expect(state).toEqual([
      { year: 2024, best_stable: 0, fiber_reaches: true },
      { year: 2025, best_stable: 0, fiber_reaches: true },
    ]);
  });
});
