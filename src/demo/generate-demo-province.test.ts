import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DatabaseHandle } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';
import { loadProvinceTerritory, searchTerritory } from '../territory/index.ts';
import { measureProvinceFigures, type ProvinceFigures } from './demo-figures.repository.ts';
import { percent } from './demo.rules.ts';
import { generateDemoProvince, type DemoSummary } from './generate-demo-province.ts';
import { prepareDatabase } from '../prepare-database.ts';
import { EXACT_VALUES, readIndicatorValues } from '../indicators/index.ts';

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
        from household_survey s join household h on h.id = s.household_id) as surveys,
      (select md5(string_agg(concat_ws('|', t.village_code, t.name, m.display_name, m.sex, m.is_leader, m.joined_on, m.trained_on), ',' order by t.village_code, m.display_name))
        from team_member m join team t on t.id = m.team_id) as teams,
      (select md5(string_agg(row, ',' order by row)) from (
        select concat_ws('|', village_code, held_on, topic, place, trainer, attendees, attendees_female, attendees_under_15, attendees_60_plus, attendees_by_ethnic_group::text) as row
        from training) t) as trainings,
      (select md5(string_agg(concat_ws('|', h.village_code, h.label, v.visited_on, v.vneid_level1, v.vneid_level2, v.ehealth, v.banking_app, v.epay_account, v.scam_awareness, v.residents_guided), ','
        order by h.village_code, h.label, v.visited_on))
        from support_visit v join household h on h.id = v.household_id) as visits,
      (select md5(string_agg(concat_ws('|', s.slug, s.name, s.village_code, s.bank_account, s.created_at, a.username, p.products), ',' order by s.slug))
        from shop s join shop_member m on m.shop_id = s.id join account a on a.id = m.account_id
        join (select shop_id, string_agg(concat_ws(':', name, unit, price, stock), ';' order by name) as products from product group by shop_id) p on p.shop_id = s.id) as shops,
      (select md5(string_agg(concat_ws('|', name, commune_code, schedule::text), ',' order by commune_code)) from market) as markets,
      (select md5(string_agg(concat_ws('|', o.code, o.village_code, o.buyer_name, o.delivery, o.market_date, o.payment_method, o.total, o.status, o.payment_status,
          o.paid_amount, o.placed_at, l.lines, t.transfers), ',' order by o.code))
        from shop_order o
        join (select order_id, string_agg(concat_ws(':', name, price, quantity), ';' order by name) as lines from order_line group by order_id) l on l.order_id = o.id
        left join (select p.order_id, string_agg(concat_ws(':', t.amount, t.content, t.occurred_at, t.matched_reference), ';' order by t.occurred_at, t.amount) as transfers
          from order_payment p join bank_transfer t on p.transfer_id = 'sepay:' || t.id group by p.order_id) t on t.order_id = o.id) as orders`.execute(db);
  return rows[0] ?? {};
}

/**
 * Visits that claim more than the household gained between the surveys around them, or that lie
 * outside any two surveys: the demo promises none.
 */
async function visitsBeyondSurveys(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n
    from support_visit v
    left join lateral (select * from household_survey s where s.household_id = v.household_id and s.surveyed_on < v.visited_on order by s.surveyed_on desc limit 1) b on true
    left join lateral (select * from household_survey s where s.household_id = v.household_id and s.surveyed_on > v.visited_on order by s.surveyed_on limit 1) a on true
    where b.id is null or a.id is null
      or v.vneid_level1 + v.vneid_level2 > a.vneid_users - b.vneid_users
      or v.ehealth > a.ehealth_users - b.ehealth_users
      or v.banking_app > a.banking_users - b.banking_users
      or v.epay_account > a.epay_adults - b.epay_adults
      or v.vneid_level1 + v.vneid_level2 + v.ehealth + v.banking_app + v.epay_account = 0`.execute(db);
  return rows[0]?.n ?? -1;
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    select
      (select count(*)::int from org_unit where level = 3) as villages,
      (select count(*)::int from household) as households,
      (select count(*)::int from household_survey) as surveys,
      (select count(*)::int from mobile_coverage) as mobile,
      (select count(*)::int from team_member) as members,
      (select count(*)::int from training) as trainings,
      (select count(*)::int from support_visit) as visits,
      (select count(*)::int from shop) as shops,
      (select count(*)::int from shop_order) as orders`.execute(db);
  return rows[0] ?? {};
}

// The report's figures at full scale on one engine (the server's where there is one): the generator,
// migrations and queries are the same on both, and run on both below at a small scale; two full
// provinces took a fifth of CI's time.
describe.each(testEngines().slice(-1))('the demo province at scale 1 on %s', (engine) => {
  let handle: DatabaseHandle;
  let summary: DemoSummary;
  let figures2021: ProvinceFigures;
  let figures2025: ProvinceFigures;

  beforeAll(async () => {
    handle = await freshProvince(engine);
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
    const { rows } = await sql<{ code: string; full_name: string }>`select code, full_name from org_unit where level = 3 and not is_demo order by code`.execute(
      handle.db,
    );
    expect(rows).toEqual([
      { code: '06376001', full_name: 'Bản Lăng Đồng' },
      { code: '06625001', full_name: 'Bản Hin Đăm' },
    ]);
    for (const [text, code] of [
      ['hin dam', '06625001'],
      ['Lang Dong', '06376001'],
    ] as const) {
      const found = await searchTerritory(handle.db, text, { level: 3, limit: 5 });
      expect(found.map((u) => u.code)).toContain(code);
    }
  });

  it('gives the report’s figures through the indicator API', async () => {
    const value = async (indicator: string, orgUnit: string, period: string) =>
      (await readIndicatorValues(handle.db, { indicator: [indicator], orgUnit, period: [period] }, EXACT_VALUES)).cells[0]!;
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

  it('gives every village a community digital team of 4 to 6 with one leader, and trains more than 8,000 members', async () => {
    const { rows } = await sql<{ teams: number; smallest: number; largest: number; leaderless: number; trained: number }>`
      select count(*)::int as teams, min(size)::int as smallest, max(size)::int as largest,
        count(*) filter (where leaders <> 1)::int as leaderless, sum(trained)::int as trained
      from (select t.id, count(m.id) as size, count(*) filter (where m.is_leader) as leaders, count(m.trained_on) as trained
        from team t join team_member m on m.team_id = t.id group by t.id) per_team`.execute(handle.db);
    expect(rows[0]).toMatchObject({ teams: 1680, smallest: 4, largest: 6, leaderless: 0 });
    expect(rows[0]?.trained).toBeGreaterThan(8_000);
    expect(summary.teamMembersTrained).toBe(rows[0]?.trained);
  });

  it('records support visits only as far as the households’ surveys grew, and trainings every year', async () => {
    expect(summary.visits).toBeGreaterThan(100_000);
    expect(await visitsBeyondSurveys(handle.db)).toBe(0);
    const { rows } = await sql<{ year: number; n: number }>`
      select extract(year from held_on)::int as year, count(*)::int as n from training group by 1 order by 1`.execute(handle.db);
    expect(rows.map((r) => r.year)).toEqual([2022, 2023, 2024, 2025]);
    expect(rows.every((r) => r.n >= 2 * 1680)).toBe(true);
  });

  it('shows the market on the dashboard: shops and sellers, orders, nine tenths of the paid value by transfer', async () => {
    const value = async (indicator: string, orgUnit: string, period: string) =>
      (await readIndicatorValues(handle.db, { indicator: [indicator], orgUnit, period: [period] }, EXACT_VALUES)).cells[0]!.value;
    expect(summary.shops).toBe(84);
    expect(await value('MKT_SHOPS', '20', '2026')).toBe(84);
    expect(await value('SELLER_ONLINE', '20', '2026')).toBe(84);
    expect(await value('MKT_SHOPS', '20', '2025')).toBeLessThan(84);
    expect(await value('MKT_ORDERS', '20', '2025')).toBeGreaterThan(4_000);
    expect(await value('MKT_SELLER_MEDIAN', '20', '2026')).toBeGreaterThan(1_000_000);
    for (const year of ['2025', '2026']) {
      expect(await value('MKT_CASHLESS', '20', year)).toBeGreaterThan(85);
      expect(await value('MKT_CASHLESS', '20', year)).toBeLessThan(94);
    }
  });

  it('gives the herbalist of Lăng Đồng 20–30 million đồng a month in the last year, about half that two years before', async () => {
    const income = async (period: string) =>
      (await readIndicatorValues(handle.db, { indicator: ['MKT_SELLER_INCOME'], orgUnit: '06376001', period: [period] }, EXACT_VALUES)).cells[0]!.value!;
    for (const month of ['202512', '202603', '202606', '202609', '202611']) {
      expect(await income(month), month).toBeGreaterThanOrEqual(20_000_000);
      expect(await income(month), month).toBeLessThanOrEqual(30_000_000);
    }
    expect((await income('202502')) / (await income('202606'))).toBeGreaterThan(0.35);
    expect((await income('202502')) / (await income('202606'))).toBeLessThan(0.65);
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
    expect(Object.keys(hash)).toHaveLength(12);
    expect(Object.values(hash).every((h) => /^[0-9a-f]{32}$/.test(h))).toBe(true);
    expect(await contentHash(second.db)).toEqual(hash);
  });

  it('writes support visits that the surveys account for, and trainings whose attendees add up', async () => {
    expect(await visitsBeyondSurveys(first.db)).toBe(0);
    const { rows } = await sql<{ visits: number; unbalanced: number }>`
      select (select count(*)::int from support_visit) as visits,
        (select count(*)::int from training where attendees_by_ethnic_group is not null
          and (select sum(value::int) from jsonb_each_text(attendees_by_ethnic_group)) <> attendees) as unbalanced`.execute(first.db);
    expect(rows[0]?.visits).toBeGreaterThan(1000);
    expect(rows[0]?.unbalanced).toBe(0);
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
      expect(await rowCounts(handle.db)).toEqual({
        villages: 0,
        households: 0,
        surveys: 0,
        mobile: 0,
        members: 0,
        trainings: 0,
        visits: 0,
        shops: 0,
        orders: 0,
      });
    } finally {
      await handle.close();
    }
  });

  it('refuses a scale it cannot honour', async () => {
    await expect(generateDemoProvince(second.db, { seed, scale: 0 })).rejects.toMatchObject({ code: 'demo.bad_scale' });
  });
});
