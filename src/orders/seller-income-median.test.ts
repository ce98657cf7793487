import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import type { Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { sql } from 'kysely';
import { ensureIndicatorsCurrent, EXACT_VALUES, monthPeriod, quarterPeriod, readIndicatorValues, refreshDataValues, yearPeriod } from '../indicators/index.ts';
import { insertShopsInBulk } from '../market/index.ts';
import { insertOrdersInBulk, ordersSource, type OrderInBulk } from './index.ts';

/** The median a reader would take: the middle value, or the mean of the two middle ones. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Sale {
  shop: number;
  month: number;
  total: number;
  /** Whether its money came in (cash at the hand-over, a transfer in full); the others count nothing. */
  kind: 'cash_collected' | 'transfer_paid' | 'transfer_expired' | 'cash_cancelled';
}

const STATUS_OF = { cash_collected: 'done', transfer_paid: 'done', transfer_expired: 'expired', cash_cancelled: 'cancelled' } as const;
const ROLLBACK = new Error('rollback');
const periods = [yearPeriod(2025), quarterPeriod(2025, 1), monthPeriod(2025, 3)];

describe.each(testEngines())('sellers’ median monthly income on %s', (engine) => {
  let t: TestApp;
  let officer: TestSession;
  let villages: string[];
  const shops = [newId(), newId(), newId(), newId()];
  /** Shops 0 and 1 in village 0, shop 2 in village 1 (both in Nhất Hòa), shop 3 in Kiên Mộc. */
  const shopVillage = (s: number) => villages[[0, 0, 1, 2][s]!]!;
  let units: { code: string; path: string }[];

  const orderRows = (sales: readonly Sale[]): OrderInBulk[] =>
    sales.map((sale, i) => {
      const cash = sale.kind.startsWith('cash');
      const paid = sale.kind === 'transfer_paid';
      const placedAt = `2025-${String(sale.month).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+07:00`;
      return {
        id: newId(),
        code: `T${newId().slice(-12)}`,
        shop_id: shops[sale.shop]!,
        province_code: '20',
        village_code: villages[2]!,
        buyer_name: 'Người mua',
        buyer_phone: '+84912345678',
        delivery: 'shop',
        market_id: null,
        market_date: null,
        payment_method: cash ? 'cash' : 'transfer',
        total: sale.total,
        status: STATUS_OF[sale.kind],
        payment_status: paid ? 'paid' : 'unpaid',
        paid_amount: paid ? sale.total : 0,
        excess_amount: 0,
        is_demo: false,
        placed_at: placedAt,
        updated_at: placedAt,
      } satisfies OrderInBulk;
    });

  /** The pure reading of the same rows: per shop and month the income, then per unit and period the median of those. */
  function expected(sales: readonly Sale[]) {
    const months = new Map<string, { shop: number; month: number; income: number }>();
    for (const s of sales) {
      if (s.kind !== 'cash_collected' && s.kind !== 'transfer_paid') continue;
      const cell = months.get(`${s.shop}|${s.month}`) ?? { shop: s.shop, month: s.month, income: 0 };
      cell.income += s.total;
      months.set(`${s.shop}|${s.month}`, cell);
    }
    const within = (unit: { path: string }, shop: number) => `20.${shopVillage(shop).slice(0, 5)}.${shopVillage(shop)}.`.startsWith(`${unit.path}.`);
    const result = [];
    for (const unit of units) {
      for (const period of periods) {
        const first = Number(period.start.slice(5, 7));
        const last = Number(period.end.slice(5, 7));
        const cells = [...months.values()].filter((c) => within(unit, c.shop) && c.month >= first && c.month <= last);
        if (cells.length === 0) continue;
        result.push({ orgUnitCode: unit.code, period: period.id, value: median(cells.map((c) => c.income)), records: new Set(cells.map((c) => c.shop)).size });
      }
    }
    return result.sort(byKey);
  }
  const byKey = (a: { orgUnitCode: string; period: string }, b: { orgUnitCode: string; period: string }) =>
    `${a.orgUnitCode}|${a.period}`.localeCompare(`${b.orgUnitCode}|${b.period}`);
  const readMedian = async (db: Db) => (await ordersSource.readTimeElements![0]!.read(db, units, periods)).sort(byKey);

  beforeAll(async () => {
    // Three shops at least before a public cell shows a median: one of two shops would be guessed.
    t = await startTestApp(engine, { minCellSize: 3 });
    villages = [...(await t.addVillages('06376', 1, ['Lăng Đồng', 'Khuổi Mạ'])), await t.addVillage('06625', 1, 'Hin Đăm')];
    officer = await t.signIn({ username: 'canbo.nhathoa', displayName: 'Cán bộ xã Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    units = [
      { code: '20', path: '20' },
      { code: '06376', path: '20.06376' },
      { code: villages[0]!, path: `20.06376.${villages[0]!}` },
    ];
    await insertShopsInBulk(
      t.handle.db,
      shops.map((id, s) => ({
        id,
        slug: `cua-hang-${s}`,
        name: `Cửa hàng ${s}`,
        village_code: shopVillage(s),
        province_code: '20',
        description: '',
        ocop_stars: null,
        pickup_places: [],
        bank_bin: null,
        bank_account: null,
        bank_holder: null,
        status: 'active',
        is_demo: true,
        created_at: '2025-01-01T08:00:00+07:00',
        sellers: [],
      })),
    );
  });
  afterAll(() => t?.close());

  it('is, in SQL, the median of the same shop-months taken in memory', async () => {
    const sale = fc.record({
      shop: fc.integer({ min: 0, max: 3 }),
      month: fc.integer({ min: 1, max: 12 }),
      total: fc.integer({ min: 1, max: 50_000_000 }),
      kind: fc.constantFrom('cash_collected', 'transfer_paid', 'transfer_expired', 'cash_cancelled'),
    }) as fc.Arbitrary<Sale>;
    await fc.assert(
      fc.asyncProperty(fc.array(sale, { maxLength: 25 }), async (sales) => {
        let read: Awaited<ReturnType<typeof readMedian>> = [];
        // Each case in a transaction that is rolled back: the next starts from no order.
        await t.handle.db
          .transaction()
          .execute(async (tx) => {
            await insertOrdersInBulk(tx, { orders: orderRows(sales), lines: [], payments: [] });
            read = await readMedian(tx);
            throw ROLLBACK;
          })
          .catch((error: unknown) => {
            if (error !== ROLLBACK) throw error;
          });
        expect(read).toEqual(expected(sales));
      }),
      { numRuns: 25 },
    );
  });

  it('shows the median on the dashboard above the small-cell threshold, hides it below for the public, and follows the writes', async () => {
    const sales: Sale[] = [
      { shop: 0, month: 3, total: 10_000_000, kind: 'transfer_paid' },
      { shop: 1, month: 3, total: 20_000_000, kind: 'cash_collected' },
      { shop: 2, month: 3, total: 4_000_000, kind: 'transfer_paid' },
      { shop: 3, month: 3, total: 1_000_000, kind: 'transfer_paid' },
    ];
    await insertOrdersInBulk(t.handle.db, { orders: orderRows(sales), lines: [], payments: [] });
    await refreshDataValues(t.handle.db, { leafLevel: 'village', leaves: villages, years: [2025] });
    const cell = async (session: TestSession | null, orgUnit: string) => {
      const url = `/api/indicator-values?indicator=MKT_SELLER_MEDIAN,MKT_SELLER_INCOME&orgUnit=${orgUnit}&period=202503`;
      const res = session ? await t.as(session, 'GET', url) : await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      return Object.fromEntries(
        res.json().cells.map((c: { indicator: string; value: number | null; reason: string | null }) => [c.indicator, [c.value, c.reason]]),
      );
    };
    // Nhất Hòa: shops of 10, 20 and 4 million; the mean is pulled up, the median is the middle shop.
    // (The mean is public only where no sum gives a small cell back: see the next test.)
    expect(await cell(officer, '06376')).toEqual({ MKT_SELLER_MEDIAN: [10_000_000, null], MKT_SELLER_INCOME: [11_333_333, null] });
    expect((await cell(null, '06376')).MKT_SELLER_MEDIAN).toEqual([10_000_000, null]);
    expect((await cell(null, '20')).MKT_SELLER_MEDIAN).toEqual([7_000_000, null]);
    // Two shops in Lăng Đồng: hidden from the public, exact for the commune's officer.
    expect((await cell(null, villages[0]!)).MKT_SELLER_MEDIAN).toEqual([null, 'suppressed']);
    expect((await cell(officer, villages[0]!)).MKT_SELLER_MEDIAN).toEqual([15_000_000, null]);

    // A write that refreshes its values moves the read version: the cached answer is not served again.
    await insertOrdersInBulk(t.handle.db, { orders: orderRows([{ shop: 2, month: 3, total: 26_000_000, kind: 'cash_collected' }]), lines: [], payments: [] });
    await refreshDataValues(t.handle.db, { leafLevel: 'village', leaves: [villages[1]!], years: [2025] });
    expect((await cell(null, '06376')).MKT_SELLER_MEDIAN).toEqual([20_000_000, null]);
  });

  it('keeps the median between reads while the orders, the shops and the territory stay, and reads it again once one changes', async () => {
    const median = async () =>
      (await readIndicatorValues(t.handle.db, { indicator: ['MKT_SELLER_MEDIAN'], orgUnit: '06376', period: ['202503'] }, EXACT_VALUES)).cells.find(
        (c) => c.orgUnit === '06376',
      )?.value;
    // Nhất Hòa's shops in March: 10, 20 and 30 million (4 + 26).
    expect(await median()).toBe(20_000_000);
    // Shop 0's orders changed with the counter's trigger off: the kept median is served, not read again.
    await sql`alter table shop_order disable trigger shop_order_bumps_shop_income_version`.execute(t.handle.db);
    try {
      await sql`update shop_order set total = total * 5 where shop_id = ${shops[0]!}`.execute(t.handle.db);
    } finally {
      await sql`alter table shop_order enable trigger shop_order_bumps_shop_income_version`.execute(t.handle.db);
    }
    expect(await median()).toBe(20_000_000);
    // Any change to the orders moves the counter, even one no stored value sees: read again (50, 20, 30).
    await sql`update shop_order set total = total where shop_id = ${shops[3]!}`.execute(t.handle.db);
    expect(await median()).toBe(30_000_000);
    await sql`update shop_order set total = total / 5 where shop_id = ${shops[0]!}`.execute(t.handle.db);
    expect(await median()).toBe(20_000_000);
  });

  it('hides the mean of a village of one or two shops from the public, with the commune the province’s total would give it back from', async () => {
    // The sales above, March 2025: Lăng Đồng's two shops 10 and 20 million, Khuổi Mạ's one 30, Hin Đăm's one 1.
    const mean = async (session: TestSession | null, orgUnit: string) => {
      const url = `/api/indicator-values?indicator=MKT_SELLER_INCOME&orgUnit=${orgUnit}&period=202503`;
      const res = session ? await t.as(session, 'GET', url) : await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const [only] = res.json().cells as { value: number | null; numerator: number | null; reason: string | null }[];
      return [only!.value, only!.numerator, only!.reason];
    };
    const suppressed = [null, null, 'suppressed'];
    expect(await mean(null, villages[0]!)).toEqual(suppressed);
    expect(await mean(null, villages[1]!)).toEqual(suppressed);
    expect(await mean(officer, villages[0]!)).toEqual([15_000_000, 30_000_000, null]);
    // Kiên Mộc's one shop is small at commune level: Nhất Hòa is hidden with it, or the province minus Nhất Hòa would give it.
    expect(await mean(null, '06376')).toEqual(suppressed);
    expect(await mean(null, '06625')).toEqual(suppressed);
    expect(await mean(null, '20')).toEqual([15_250_000, 61_000_000, null]);
    // Nor do the exports carry the sums behind it.
    const dhis2 = (await t.app.inject({ method: 'GET', url: '/api/exports/dhis2/data-value-sets?orgUnit=06376&level=3&period=202503' })).json();
    const selling = dhis2.dataValues.filter((v: { dataElement: string }) => v.dataElement.startsWith('SELLER_'));
    expect(selling).toEqual([]);
  });

  it('rebuilds at start a database whose incomes were stored before the shops behind them were counted', async () => {
    const { db } = t.handle;
    await ensureIndicatorsCurrent(db);
    expect(await ensureIndicatorsCurrent(db)).toBe(false);
    await db.deleteFrom('data_value').where('data_element', '=', 'SELLER_SHOPS').execute();
    expect(await ensureIndicatorsCurrent(db)).toBe(true);
    const shops = await db
      .selectFrom('data_value')
      .select('value')
      .where('data_element', '=', 'SELLER_SHOPS')
      .where('org_unit_code', '=', villages[0]!)
      .where('period', '=', '202503')
      .executeTakeFirst();
    expect(Number(shops?.value)).toBe(2);
  });
});
