import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DatabaseHandle } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { openTestDatabase, testEngines } from '../platform/test-database.ts';
import { searchTerritory } from '../territory/describe-org-unit.ts';
import { loadProvinceTerritory } from '../territory/load-province-territory.ts';
import { measureProvinceFigures, type ProvinceFigures } from './demo-figures.repository.ts';
import { percent } from './demo.rules.ts';
import { generateDemoProvince, type DemoSummary } from './generate-demo-province.ts';
import { prepareDatabase } from '../prepare-database.ts';
import { readIndicatorValues } from '../indicators/read-indicator-values.ts';

async function freshProvince(engine: 'pglite' | 'postgresql'): Promise<DatabaseHandle> {
  const handle = await openTestDatabase(engine);
  await loadProvinceTerritory(handle.db);
  return handle;
}

/** Every column but ids and timestamps, in a stable order: equal hashes mean equal content. */
async function contentHash(db: Db): Promise<Record<string, string>> {
  const { rows } = await sql<Record<string, string>>`
    select
      (select md5(string_agg(concat_ws('|', code, parent_code, kind, name, full_name, search_name, path, is_demo, latitude, longitude, ethnic_groups::text, details::text, population), ',' order by code))
        from org_unit where level = 3) as villages,
      (select md5(string_agg(concat_ws('|', village_code, operator_code, technology, quality, observed_on, note), ',' order by village_code, operator_code, technology, observed_on))
        from mobile_coverage) as mobile,
      (select md5(string_agg(concat_ws('|', village_code, operator_code, fiber_reaches, ftth_available, observed_on), ',' order by village_code, operator_code, observed_on))
        from fixed_broadband) as broadband,
      (select md5(string_agg(concat_ws('|', commune_code, operator_code, has_point_of_presence, observed_on), ',' order by commune_code, operator_code, observed_on))
        from commune_fiber) as commune_fiber,
      (select md5(string_agg(concat_ws('|', org_unit_code, operator_code, reported_on, smartphone_subscribers), ',' order by org_unit_code, operator_code, reported_on))
        from subscriber_report) as subscribers,
      (select md5(string_agg(concat_ws('|', h.village_code, h.label, s.surveyed_on, s.members, s.adults, s.smartphone_owners, s.epay_adults, s.home_ftth, s.vneid_users, s.ehealth_users, s.banking_users), ','
        order by h.village_code, h.label, s.surveyed_on))
        from household_survey s join household h on h.id = s.household_id) as surveys`.execute(db);
  return rows[0] ?? {};
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    select
      (select count(*)::int from org_unit where level = 3) as villages,
      (select count(*)::int from household) as households,
      (select count(*)::int from household_survey) as surveys,
      (select count(*)::int from mobile_coverage) as mobile`.execute(db);
  return rows[0] ?? {};
}

describe('the demo province at scale 1 (PGlite)', () => {
  let handle: DatabaseHandle;
  let summary: DemoSummary;
  let figures2021: ProvinceFigures;
  let figures2025: ProvinceFigures;

  beforeAll(async () => {
    handle = await freshProvince('pglite');
    summary = await generateDemoProvince(handle.db, { seed: 1, scale: 1 });
    figures2021 = await measureProvinceFigures(handle.db, 2021);
    figures2025 = await measureProvinceFigures(handle.db, 2025);
    // A start on this database seeds the catalogue and builds every indicator value.
    await prepareDatabase(handle.db);
  }, 900_000);
  afterAll(async () => handle?.close());

  it('holds about 1,680 villages, 205,000 households and 814,000 residents', () => {
    expect(summary).toMatchObject({ villages: 1680, households: 205_000, residents: 814_000, surveys: 1_025_000 });
    expect(figures2025).toMatchObject({ villages: 1680, households: 205_000, residents: 814_000 });
  });

  it('has 268 villages without stable 3G/4G and 405 without broadband in 2021', () => {
    expect(figures2021.villagesWithoutStableMobile).toBe(268);
    expect(figures2021.villagesWithoutBroadband).toBe(405);
  });

  it('has fibre in fewer than all communes in 2021 and in all of them in 2025', () => {
    expect(figures2021.communesWithFiber).toBeLessThan(65);
    expect(percent(figures2025.communesWithFiber, figures2025.communes, 1)).toBe(100);
  });

  it('covers 99.7% of the population with stable 3G or better in 2025', () => {
    expect(percent(figures2025.residentsCovered3G, figures2025.residents, 1)).toBe(99.7);
  });

  it('has home fibre in 84.5% of households and an e-payment account for 76% of adults in 2025', () => {
    expect(percent(figures2025.householdsWithFiber, figures2025.households, 1)).toBe(84.5);
    expect(percent(figures2025.adultsWithEpay, figures2025.adults, 1)).toBe(76);
  });

  it('counts more than 920,000 smartphone subscribers in 2025, fewer in 2021', () => {
    expect(figures2025.smartphoneSubscribers).toBeGreaterThan(920_000);
    expect(figures2021.smartphoneSubscribers).toBeLessThan(figures2025.smartphoneSubscribers);
  });

  it('calibrates Hin Đăm to the report', async () => {
    const { rows } = await sql<{ households: number; residents: number; connected: number; all_apps: number }>`
      select count(*)::int as households, sum(members)::int as residents,
        count(*) filter (where smartphone_owners >= 1 and epay_adults >= 1)::int as connected,
        count(*) filter (where vneid_users = smartphone_owners and ehealth_users = smartphone_owners and banking_users = smartphone_owners)::int as all_apps
      from household_survey s join org_unit v on v.code = s.village_code
      where v.name = 'Hin Đăm' and s.surveyed_on = '2025-06-30'`.execute(handle.db);
    expect(rows[0]).toEqual({ households: 55, residents: expect.any(Number), connected: 50, all_apps: 55 });
    expect(rows[0]?.residents).toBeGreaterThan(300);
  });

  it('gives Hin Đăm no signal in 2021 and stable 4G in 2025', async () => {
    const stateOn = async (day: string) => {
      const { rows } = await sql<{ operator_code: string; technology: string; quality: string }>`
        select distinct on (operator_code, technology) operator_code, technology, quality
        from mobile_coverage m join org_unit v on v.code = m.village_code
        where v.name = 'Hin Đăm' and m.observed_on <= ${day}::date
        order by operator_code, technology, observed_on desc`.execute(handle.db);
      return rows;
    };
    const in2021 = await stateOn('2021-12-31');
    expect(in2021).toHaveLength(16);
    expect(in2021.every((r) => r.quality === 'none')).toBe(true);
    expect((await stateOn('2025-12-31')).filter((r) => r.quality === 'stable').map((r) => `${r.operator_code} ${r.technology}`)).toEqual(
      expect.arrayContaining(['viettel 4G', 'viettel 3G']),
    );
  });

  it('marks every village as demo except Hin Đăm and Lăng Đồng, which search finds without diacritics', async () => {
    const { rows } = await sql<{ code: string; full_name: string }>`select code, full_name from org_unit where level = 3 and not is_demo order by code`.execute(handle.db);
    expect(rows).toEqual([
      { code: '06376001', full_name: 'Bản Lăng Đồng' },
      { code: '06625001', full_name: 'Bản Hin Đăm' },
    ]);
    for (const [text, code] of [['hin dam', '06625001'], ['Lang Dong', '06376001']] as const) {
      const found = await searchTerritory(handle.db, text, { level: 3, limit: 5 });
      expect(found.map((u) => u.code)).toContain(code);
    }
  });

  it('gives the report’s figures through the indicator API', async () => {
    const value = async (indicator: string, orgUnit: string, period: string) =>
      (await readIndicatorValues(handle.db, { indicator: [indicator], orgUnit, period: [period] })).cells[0]!;
    expect((await value('VIL_NO_MOBILE', '20', '2021')).value).toBe(268);
    expect((await value('VIL_NO_BROADBAND', '20', '2021')).value).toBe(405);
    expect((await value('COM_FIBER', '20', '2025')).value).toBe(100);
    expect((await value('COV_3G_POP', '20', '2025')).value).toBe(99.7);
    expect((await value('HH_FIBER', '20', '2025')).value).toBe(84.5);
    expect((await value('ADULT_EPAY', '20', '2025')).value).toBe(76);
    expect((await value('SUB_SMARTPHONE', '20', '2025')).value).toBeGreaterThanOrEqual(920_000);
    const hinDam = await value('HH_SMARTPHONE', '06625001', '2025');
    expect(hinDam.denominator).toBe(55);
    // 50 of 55 households: 90.9%, the report's rounded "90%" (docs/decisions/0003).
    expect(Math.round(hinDam.value! / 10) * 10).toBe(90);
    expect(Math.round((await value('HH_EPAY', '06625001', '2025')).value! / 10) * 10).toBe(90);
    expect((await value('APP_VNEID', '06625001', '2025')).value).toBe(100);
    expect((await value('HH_FIBER', '20', '2025')).completeness).toEqual({ reported: 1680, expected: 1680 });
  });

  it('has at least one village in every commune', async () => {
    const { rows } = await sql<{ empty: number }>`
      select count(*)::int as empty from org_unit c
      where c.level = 2 and not exists (select 1 from org_unit v where v.parent_code = c.code)`.execute(handle.db);
    expect(rows[0]?.empty).toBe(0);
  });
});

describe.each(testEngines())('the demo generator on %s', (engine) => {
  const seed = 42;
  const scale = 0.05;
  let first: DatabaseHandle;
  let second: DatabaseHandle;

  beforeAll(async () => {
    [first, second] = await Promise.all([freshProvince(engine), freshProvince(engine)]);
  }, 120_000);
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('writes identical content for the same seed and scale', async () => {
    await generateDemoProvince(first.db, { seed, scale });
    await generateDemoProvince(second.db, { seed, scale });
    const hash = await contentHash(first.db);
    expect(Object.values(hash).every((h) => /^[0-9a-f]{32}$/.test(h))).toBe(true);
    expect(await contentHash(second.db)).toEqual(hash);
  });

  it('refuses a database that already holds villages, and writes nothing', async () => {
    const before = await rowCounts(first.db);
    const attempt = generateDemoProvince(first.db, { seed: seed + 1, scale });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'demo.not_empty' });
    expect(await rowCounts(first.db)).toEqual(before);
  });

  it('writes all or nothing: a failure half-way leaves no village', async () => {
    const handle = await freshProvince(engine);
    try {
      const failing = generateDemoProvince(handle.db, {
        seed,
        scale,
        onProgress: (step) => {
          if (step === 'households') throw new Error('interrupted');
        },
      });
      await expect(failing).rejects.toThrow('interrupted');
      expect(await rowCounts(handle.db)).toEqual({ villages: 0, households: 0, surveys: 0, mobile: 0 });
    } finally {
      await handle.close();
    }
  });

  it('refuses a scale it cannot honour', async () => {
    await expect(generateDemoProvince(second.db, { seed, scale: 0 })).rejects.toMatchObject({ code: 'demo.bad_scale' });
  });
});
