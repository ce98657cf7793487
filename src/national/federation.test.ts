import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { loadNationalTerritory } from '../territory/index.ts';
import { linkProvince } from './link-province.ts';
import { pullProvince } from './pull-province.ts';
import { schedulePulls } from './schedule-pulls.ts';
import type { NationalScorecard } from './national.schema.ts';
import { readNationalScorecardJson } from './read-national-scorecard.ts';

const TOKEN = 'lang-son-exchange-token-0001';
const YEAR = String(new Date().getFullYear());
const survey = {
  surveyedOn: `${YEAR}-01-15`,
  members: 5,
  adults: 3,
  smartphoneOwners: 3,
  epayAdults: 2,
  homeFtth: true,
  vneidUsers: 2,
  ehealthUsers: 1,
  bankingUsers: 2,
};

/** A port where nothing listens any more: a province server that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const valueOf = (values: readonly { indicator: string; value: number | null }[], indicator: string) => values.find((v) => v.indicator === indicator)?.value;

// Each engine runs both instances: a province server (Lạng Sơn) listening on a real port, and a national one pulling from it over HTTP.
describe.each(testEngines())('federation on %s', (engine) => {
  let province: TestApp;
  let nation: TestApp;
  let provinceUrl: string;
  let hung: Server;
  let hungUrl: string;
  let village: string;

  beforeAll(async () => {
    province = await startTestApp(engine, { exchangeToken: TOKEN });
    village = await province.addVillage('06625', 1, 'Hin Đăm');
    const admin = await province.signIn({ username: 'admin.langson', displayName: 'Lạng Sơn', role: 'province_admin', orgUnitCode: '20' });
    for (const label of ['Hộ 001', 'Hộ 002'])
      expect((await province.as(admin, 'POST', `/api/villages/${village}/households`, { label, survey })).statusCode).toBe(201);
    provinceUrl = await province.app.listen({ port: 0, host: '127.0.0.1' });

    nation = await startTestApp(engine);
    await loadNationalTerritory(nation.handle.db);
    // A province server that takes the connection and never answers.
    hung = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hung?.closeAllConnections();
    await new Promise<void>((resolve) => (hung ? hung.close(() => resolve()) : resolve()));
    await province?.close();
    await nation?.close();
  });

  const scorecard = async (): Promise<NationalScorecard> => (await nation.app.inject({ method: 'GET', url: `/api/national/scorecard?period=${YEAR}` })).json();
  const rowOf = (card: NationalScorecard, code: string) => card.provinces.find((p) => p.code === code)!;

  it('pulls a province’s values over HTTP and shows them with their freshness; provinces not linked count for nothing, not zero', async () => {
    await linkProvince(nation.handle.db, { provinceCode: '20', baseUrl: provinceUrl, token: TOKEN, timeoutMs: 5000 });
    const outcome = await pullProvince(nation.handle.db, '20', [YEAR]);
    expect(outcome).toMatchObject({ status: 'ok' });

    const card = await scorecard();
    expect(card.nation).toMatchObject({ provincesCounted: 1, provincesLinked: 1, provincesTotal: 34 });
    const langSon = rowOf(card, '20');
    expect(langSon.freshness).toMatchObject({ status: 'ok', stale: false, lastError: null });
    expect(langSon.freshness!.lastSyncAt).not.toBeNull();
    const own = await province.app.inject({ method: 'GET', url: `/api/indicator-values?indicator=HH_FIBER,HH_SMARTPHONE&orgUnit=20&period=${YEAR}` });
    for (const cell of own.json().cells as { indicator: string; value: number }[]) {
      expect(valueOf(langSon.values, cell.indicator)).toBe(cell.value);
      expect(valueOf(card.nation.values, cell.indicator)).toBe(cell.value);
    }
    const hanoi = rowOf(card, '01');
    expect(hanoi.linked).toBe(false);
    expect(hanoi.freshness).toBeNull();
    expect(hanoi.values.every((v) => v.value === null)).toBe(true);
  });

  it('drills down to the province’s communes from the pull, and to a commune’s villages from the province server live', async () => {
    const drill = await nation.app.inject({ method: 'GET', url: `/api/national/provinces/20?period=${YEAR}` });
    expect(drill.statusCode).toBe(200);
    expect(drill.json().communes).toHaveLength(65);
    const kienMoc = drill.json().communes.find((c: { code: string }) => c.code === '06625');
    expect(valueOf(kienMoc.values, 'HH_SMARTPHONE')).toBe(100);
    const villages = await nation.app.inject({ method: 'GET', url: `/api/national/communes/06625/villages?period=${YEAR}` });
    expect(villages.statusCode).toBe(200);
    expect(villages.json().cells.map((c: { orgUnit: string }) => c.orgUnit)).toContain(village);
  });

  it('maps a drilled-into province’s communes: outlines where they are shipped, points at their centroids elsewhere; small either way', async () => {
    const map = async (code: string) => nation.app.inject({ method: 'GET', url: `/api/national/provinces/${code}/map` });
    const langSon = await map('20');
    expect(langSon.headers['content-type']).toContain('application/geo+json');
    const outlines = langSon.json().features as { properties: { code: string }; geometry: { type: string } }[];
    expect(outlines).toHaveLength(65);
    expect(new Set(outlines.map((f) => f.geometry.type))).toEqual(new Set(['Polygon']));
    expect(langSon.body.length).toBeLessThan(70_000);
    const hanoi = await map('01');
    const points = hanoi.json().features as { properties: { code: string; name: string }; geometry: { type: string; coordinates: number[] } }[];
    expect(points).toHaveLength(126);
    expect(points.every((f) => f.geometry.type === 'Point')).toBe(true);
    expect(points.find((f) => f.properties.code === '00004')).toMatchObject({
      properties: { name: 'Ba Đình' },
      geometry: { coordinates: [105.8381, 21.0385] },
    });
    expect(hanoi.body.length).toBeLessThan(20_000);
    expect((await map('99')).statusCode).toBe(404);
  });

  it('refuses a province answering with values for units it does not own, and writes none of them', async () => {
    // Cao Bằng's link points at Lạng Sơn's server by mistake: every value it sends is for another province's units.
    await linkProvince(nation.handle.db, { provinceCode: '04', baseUrl: provinceUrl, token: TOKEN, timeoutMs: 5000 });
    const outcome = await pullProvince(nation.handle.db, '04', [YEAR]);
    expect(outcome.status).toBe('refused');
    expect(outcome.status !== 'ok' && outcome.error).toMatch(/^values for units outside province 04: 05977, /);
    const caoBang = rowOf(await scorecard(), '04');
    expect(caoBang.freshness).toMatchObject({ status: 'refused', stale: true });
    expect(caoBang.values.every((v) => v.value === null)).toBe(true);
    const count = await nation.handle.db
      .selectFrom('national_value')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('province_code', '=', '04')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('marks a province whose token is wrong unreachable, and keeps the values it had', async () => {
    await linkProvince(nation.handle.db, { provinceCode: '20', baseUrl: provinceUrl, token: 'not-the-province-token', timeoutMs: 5000 });
    expect(await pullProvince(nation.handle.db, '20', [YEAR])).toEqual({ status: 'unreachable', error: 'HTTP 401' });
    const langSon = rowOf(await scorecard(), '20');
    expect(langSon.freshness).toMatchObject({ status: 'unreachable', stale: true });
    expect(valueOf(langSon.values, 'HH_SMARTPHONE')).toBe(100);
  });

  it('gives up on a province server that is down or does not answer within the timeout, marks it stale, and never counts it as zero', async () => {
    await linkProvince(nation.handle.db, { provinceCode: '20', baseUrl: `http://127.0.0.1:${await closedPort()}`, token: TOKEN, timeoutMs: 5000 });
    expect(await pullProvince(nation.handle.db, '20', [YEAR])).toMatchObject({ status: 'unreachable' });

    await linkProvince(nation.handle.db, { provinceCode: '20', baseUrl: hungUrl, token: TOKEN, timeoutMs: 300 });
    const started = Date.now();
    expect(await pullProvince(nation.handle.db, '20', [YEAR])).toEqual({ status: 'unreachable', error: 'timed out' });
    expect(Date.now() - started).toBeLessThan(3000);

    const card = await scorecard();
    const langSon = rowOf(card, '20');
    expect(langSon.freshness).toMatchObject({ status: 'unreachable', stale: true, lastError: 'timed out' });
    expect(valueOf(langSon.values, 'HH_SMARTPHONE')).toBe(100);
    expect(valueOf(card.nation.values, 'HH_SMARTPHONE')).toBe(100);
    const villages = await nation.app.inject({ method: 'GET', url: `/api/national/communes/06625/villages?period=${YEAR}` });
    expect(villages.statusCode).toBe(504);
    expect(villages.json().error.code).toBe('national.province_unreachable');
  });

  it('gives the nation’s token no power to read or write a province’s households, and a national session none at the province', async () => {
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const write = await province.app.inject({
      method: 'POST',
      url: `/api/villages/${village}/households`,
      headers: bearer,
      payload: { label: 'Hộ 003', survey },
    });
    expect(write.statusCode).toBe(401);
    expect((await province.app.inject({ method: 'GET', url: `/api/villages/${village}/households`, headers: bearer })).statusCode).toBe(401);
    const officer = await nation.signIn({ username: 'canbo.trunguong', displayName: 'Trung ương', role: 'province_admin', orgUnitCode: '20' });
    const crossWrite = await province.app.inject({
      method: 'POST',
      url: `/api/villages/${village}/households`,
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrfToken },
      payload: { label: 'Hộ 003', survey },
    });
    expect(crossWrite.statusCode).toBe(401);
  });

  it('refuses the exchange without the province’s token', async () => {
    const res = await province.app.inject({ method: 'GET', url: '/api/national/exchange', headers: { authorization: 'Bearer wrong-token-wrong-token' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('national.exchange_refused');
  });

  it('queues one pull per linked province when its period is due, and not twice in one period', async () => {
    const now = new Date(Date.now() + 60 * 60_000);
    expect(await schedulePulls(nation.handle.db, now)).toBe(2);
    expect(await schedulePulls(nation.handle.db, now)).toBe(0);
  });

  it('links and pulls a province through the API; the scorecard kept in memory follows every link, pull and passing hour', async () => {
    const admin = await nation.signIn({ username: 'quantri.vn', displayName: 'Quản trị quốc gia', role: 'national_admin', orgUnitCode: 'VN' });
    const first = await nation.app.inject({ method: 'GET', url: `/api/national/scorecard?period=${YEAR}` });
    expect((await nation.app.inject({ method: 'GET', url: `/api/national/scorecard?period=${YEAR}` })).body).toBe(first.body);
    expect(rowOf(first.json(), '11').linked).toBe(false);

    const noToken = await nation.as(admin, 'PUT', '/api/national/links/11', { baseUrl: provinceUrl });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.json()).toMatchObject({ error: { code: 'national.token_required', field: 'token' } });
    const linked = await nation.as(admin, 'PUT', '/api/national/links/11', { baseUrl: provinceUrl, token: TOKEN, timeoutMs: 5000 });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(rowOf(await scorecard(), '11')).toMatchObject({ linked: true, freshness: { status: 'never', stale: true } });
    // Điện Biên's link points at Lạng Sơn's server: refused, and said so at once.
    const refused = await nation.as(admin, 'POST', '/api/national/provinces/11/pull');
    expect(refused.json()).toMatchObject({ status: 'refused' });
    expect(rowOf(await scorecard(), '11').freshness).toMatchObject({ status: 'refused' });

    // Lạng Sơn's link mended (its token kept) and pulled now: its freshness moves at once.
    expect(rowOf(await scorecard(), '20').freshness).toMatchObject({ status: 'unreachable', lastError: 'timed out' });
    expect((await nation.as(admin, 'PUT', '/api/national/links/20', { baseUrl: provinceUrl, timeoutMs: 5000 })).statusCode).toBe(200);
    expect((await nation.as(admin, 'POST', '/api/national/provinces/20/pull')).json()).toMatchObject({ status: 'ok' });
    expect(rowOf(await scorecard(), '20').freshness).toMatchObject({ status: 'ok', stale: false, lastError: null });
    // Two periods later, nothing pulled since: the same question is answered stale, not from the answer kept.
    const later: NationalScorecard = JSON.parse((await readNationalScorecardJson(nation.handle.db, YEAR, new Date(Date.now() + 31 * 60_000))).toString());
    expect(rowOf(later, '20').freshness).toMatchObject({ status: 'ok', stale: true });
  });
});
