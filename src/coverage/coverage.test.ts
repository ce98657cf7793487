import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../platform/test-app.ts';
import { testEngines } from '../platform/test-database.ts';
import { readSpreadsheet } from '../imports/spreadsheet.ts';

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
    await t.as(viettel, 'POST', `/api/villages/${hinDam}/coverage/broadband`, { operatorCode: 'viettel', fiberReaches: true, ftthAvailable: true, observedOn: '2024-05-01' });
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
    expect(y2025.items).toEqual([expect.objectContaining({ villageCode: langDong, communeName: 'Nhất Hòa', withoutMobile: true, withoutBroadband: true, operators: [] })]);
    const y2023 = await spots(2023);
    expect(y2023.items[0]).toMatchObject({ villageCode: hinDam, bestStableTechnology: '4G', withoutMobile: false, withoutBroadband: true, operators: [{ operatorCode: 'viettel', technology: '4G', quality: 'stable' }] });
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
      '\uFEFF"Xã, phường","Thôn, bản",Công nghệ ổn định tốt nhất,Chưa có sóng,Chưa có cáp quang,Nhà mạng,demo',
      'Kiên Mộc,Hin Đăm,4G,0,1,Viettel 4G (ổn định),1',
      'Nhất Hòa,Lăng Đồng,,1,1,,1',
    ]);
    const english = await get('&format=csv&operator=viettel&lang=en');
    expect(english.headers['content-disposition']).toBe('attachment; filename="vung-lom-song-2023-viettel.csv"');
    expect(english.body.split('\r\n').slice(0, 3)).toEqual(['\uFEFFCommune or ward,Village,Best stable technology,No mobile,No fibre,Operators,demo', 'Kiên Mộc,Hin Đăm,4G,0,1,Viettel 4G (stable),1', '']);

    const xlsx = await get('&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await readSpreadsheet(xlsx.rawPayload)).header[0]).toBe('Xã, phường');

    for (const bad of ['&format=pdf', '&lang=fr', '&operator=Viettel!']) expect((await get(bad)).statusCode, bad).toBe(400);

    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/white-spots', '/api/validation-violations']) {
      expect(doc.paths[path].get.parameters.map((p: { name: string }) => p.name), path).toEqual(expect.arrayContaining(['format', 'lang']));
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
    ['fibre to the home without fibre', 'broadband', { operatorCode: 'viettel', fiberReaches: false, ftthAvailable: true, observedOn: '2023-01-01' }, 'coverage.ftth_without_fiber'],
    ['a date in the future', 'mobile', { operatorCode: 'viettel', technology: '5G', quality: 'stable', observedOn: '2999-01-01' }, 'coverage.observed_in_future'],
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
});
