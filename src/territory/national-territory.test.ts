import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { AppError } from '../platform/errors.ts';
import { loadNationalTerritory, readNationalLists, type NationalLists } from './load-national-territory.ts';
import { upsertOrgUnits } from './org-unit.repository.ts';

const countUnits = async (t: TestApp) => (await sql<{ n: number }>`select count(*)::int as n from org_unit`.execute(t.handle.db)).rows[0]!.n;

function refusal(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error('the load was accepted');
    },
    (error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      return error;
    },
  );
}

describe.each(testEngines())('the national territory on %s', (engine) => {
  let t: TestApp;
  let lists: NationalLists;

  beforeAll(async () => {
    t = await startTestApp(engine);
    lists = readNationalLists();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses two provinces claiming the same commune, naming both, and writes nothing', async () => {
    const before = await countUnits(t);
    const kienMoc = lists.communes.find((c) => c.code === '06625')!;
    const claimed = { ...lists, communes: [...lists.communes, { ...kienMoc, province_code: '04' }] };
    const error = await refusal(loadNationalTerritory(t.handle.db, claimed));
    expect(error.code).toBe('territory.commune_claimed_twice');
    expect(error.text.en).toContain('06625');
    expect(error.text.en).toMatch(/province 20 .* province 04/);
    expect(error.text.vi).toContain('06625');
    expect(await countUnits(t)).toBe(before);
  });

  it('refuses a commune whose province is not listed, and a province whose stated count the list does not match', async () => {
    const stray = { ...lists, communes: lists.communes.map((c) => (c.code === '00004' ? { ...c, province_code: '99' } : c)) };
    const error = await refusal(loadNationalTerritory(t.handle.db, stray));
    expect(error.issues?.map((i) => i.code)).toEqual(expect.arrayContaining(['territory.unknown_province', 'territory.unit_count_mismatch']));
  });

  it('loads the 34 provinces and 3,321 communes, each province the root of its subtree, and again without change', async () => {
    expect(await loadNationalTerritory(t.handle.db)).toEqual({ provinces: 34, communes: 3321 });
    const afterFirst = await countUnits(t);
    await loadNationalTerritory(t.handle.db);
    expect(await countUnits(t)).toBe(afterFirst);

    const roots = await sql<{ n: number }>`select count(*)::int as n from org_unit where parent_code is null and level = 1 and path = code::ltree`.execute(
      t.handle.db,
    );
    expect(roots.rows[0]!.n).toBe(34);
    const hanoi = await t.app.inject({ method: 'GET', url: '/api/org-units/01/children?limit=1' });
    expect(hanoi.json().total).toBe(126);
    const baDinh = await t.app.inject({ method: 'GET', url: '/api/org-units/00004' });
    expect(baDinh.json()).toMatchObject({ path: '01.00004', provinceCode: '01', kind: 'phuong' });
    expect(baDinh.json().ancestors.map((a: { code: string }) => a.code)).toEqual(['01']);
    const zone = await t.app.inject({ method: 'GET', url: `/api/org-units?search=${encodeURIComponent('phu quoc')}` });
    expect(zone.json().items.map((u: { kind: string }) => u.kind)).toContain('dac_khu');
  });

  it('keeps the home province’s fuller description (predecessors) after the national load', async () => {
    const kienMoc = await t.app.inject({ method: 'GET', url: '/api/org-units/06625' });
    expect(kienMoc.json().details.predecessors.length).toBeGreaterThan(0);
  });

  it('refuses a list that would move a stored commune to another province', async () => {
    const moved = {
      provinces: lists.provinces.map((p) =>
        p.code === '01' ? { ...p, unit_count: String(Number(p.unit_count) + 1) } : p.code === '04' ? { ...p, unit_count: String(Number(p.unit_count) - 1) } : p,
      ),
      communes: lists.communes.map((c) => (c.code === '01273' ? { ...c, province_code: '01' } : c)),
    };
    expect(lists.communes.find((c) => c.code === '01273')?.province_code).toBe('04');
    const error = await refusal(loadNationalTerritory(t.handle.db, moved));
    expect(error.code).toBe('territory.unit_would_move');
  });

  it('keeps every account inside its province: an officer of Lạng Sơn does not see Hà Nội’s households, nor Hà Nội’s Lạng Sơn’s', async () => {
    const langSonVillage = await t.addVillage('06625', 901, 'Thử Một');
    await upsertOrgUnits(t.handle.db, [
      {
        code: '00004901',
        parent_code: '00004',
        level: 3,
        kind: 'thon',
        name: 'Thử Hai',
        full_name: 'Thôn Thử Hai',
        search_name: 'thon thu hai',
        path: '01.00004.00004901',
        province_code: '01',
        is_demo: true,
      },
    ]);
    const langSon = await t.signIn({ username: 'admin.langson', displayName: 'Lạng Sơn', role: 'province_admin', orgUnitCode: '20' });
    const hanoi = await t.signIn({ username: 'admin.hanoi', displayName: 'Hà Nội', role: 'province_admin', orgUnitCode: '01' });
    expect((await t.as(langSon, 'GET', `/api/villages/${langSonVillage}/households`)).statusCode).toBe(200);
    expect((await t.as(langSon, 'GET', '/api/villages/00004901/households')).statusCode).toBe(403);
    expect((await t.as(hanoi, 'GET', '/api/villages/00004901/households')).statusCode).toBe(200);
    expect((await t.as(hanoi, 'GET', `/api/villages/${langSonVillage}/households`)).statusCode).toBe(403);
  });
});
