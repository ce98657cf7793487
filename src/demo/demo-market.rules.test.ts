import { beforeAll, describe, expect, it } from 'vitest';
import { marketDayOn, marketSchedule } from '../market/index.ts';
import { isOrderCode } from '../orders/index.ts';
import { bankByBin } from '../payments/index.ts';
import { createRandom } from '../platform/seeded-random.ts';
import { readProvinceFile } from '../territory/index.ts';
import { planForTest } from '../../testing/test-demo-plan.ts';
import { planDemoMarket, type DemoMarketPlan, type DemoOrder } from './demo-market.rules.ts';
import { readDemoData } from './generate-demo-province.ts';
import type { DemoVillage } from './demo-villages.rules.ts';

const TODAY = '2026-12-05';
const { marketTraits, teamTraits } = readDemoData();
const communeNames = new Map(readProvinceFile().units.map((u) => [u.code, u.name]));

const { villages } = planForTest(1, 1);

function plan(seed: number, of: readonly DemoVillage[] = villages): DemoMarketPlan {
  return planDemoMarket({ villages: of, communeNames, traits: marketTraits, teamTraits, random: createRandom(seed, 'market'), today: TODAY });
}

/** Money in as the seller's month counts it (orders' sumMonthIncome): transfers received in full, cash at the hand-over. */
const brings = (o: DemoOrder) =>
  o.paymentMethod === 'transfer'
    ? o.status !== 'refunded' && o.transfers.reduce((sum, t) => sum + t.amount, 0) >= o.total
    : ['collected', 'handed_over', 'done'].includes(o.status);

function incomeByMonth(orders: readonly DemoOrder[], shop: number): Map<string, number> {
  const months = new Map<string, number>();
  for (const o of orders) if (o.shop === shop && brings(o)) months.set(o.placedAt.slice(0, 7), (months.get(o.placedAt.slice(0, 7)) ?? 0) + o.total);
  return months;
}

describe('the demo market', () => {
  let market: DemoMarketPlan;
  beforeAll(() => {
    market = plan(1);
  });

  it('gives the herbalist of Lăng Đồng 20–30 million đồng a month over the last year, about half that two years before', () => {
    const herbalist = market.shops[0]!;
    expect(herbalist).toMatchObject({ villageCode: '06376001', isDemo: false });
    expect(herbalist.products.every((p) => Number.isSafeInteger(p.price) && p.price > 0)).toBe(true);
    const income = incomeByMonth(market.orders, 0);
    const lastYear = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
    for (const month of lastYear) {
      expect(income.get(month), month).toBeGreaterThanOrEqual(20_000_000);
      expect(income.get(month), month).toBeLessThanOrEqual(30_000_000);
    }
    const yearAverage = lastYear.reduce((sum, m) => sum + income.get(m)!, 0) / 12;
    const twoYearsBefore = (income.get('2025-01')! + income.get('2025-02')!) / 2;
    expect(twoYearsBefore / yearAverage).toBeGreaterThan(0.4);
    expect(twoYearsBefore / yearAverage).toBeLessThan(0.6);
  });

  it('pays about nine tenths of the paid order value by transfer, each year', () => {
    for (const year of ['2025', '2026']) {
      const paid = market.orders.filter((o) => o.placedAt.startsWith(year) && brings(o));
      const value = paid.reduce((sum, o) => sum + o.total, 0);
      const cashless = paid.filter((o) => o.paymentMethod === 'transfer').reduce((sum, o) => sum + o.total, 0);
      expect(cashless / value, year).toBeGreaterThan(0.85);
      expect(cashless / value, year).toBeLessThan(0.94);
    }
  });

  it('opens about one shop per twenty villages across the communes, each at a market of its commune meeting by its rule', () => {
    expect(market.shops.length).toBe(84);
    expect(new Set(market.shops.map((s) => s.villageCode.slice(0, 5))).size).toBeGreaterThan(35);
    expect(new Set(market.shops.map((s) => s.seller.username)).size).toBe(market.shops.length);
    expect(market.shops.every((s) => bankByBin(s.bank.bin) !== null && /^[0-9]{10}$/.test(s.bank.account))).toBe(true);
    expect(market.markets).toHaveLength(65);
    const shopsAtMarkets = market.markets.flatMap((m) => m.shops);
    expect(shopsAtMarkets.sort((a, b) => a - b)).toEqual(market.shops.map((_, i) => i));
    for (const m of market.markets) {
      expect(marketSchedule.safeParse(m.schedule).success, m.name).toBe(true);
      for (const s of m.shops) expect(market.shops[s]!.villageCode.slice(0, 5)).toBe(m.communeCode);
    }
    expect(market.markets.find((m) => m.name === 'Chợ Kỳ Lừa')?.schedule.rule).toEqual({ kind: 'lunar_day_digits', digits: [2, 7] });
  });

  it('places orders with valid unique codes up to yesterday, collected on a market day of the shop’s market', () => {
    const marketOf = new Map(market.markets.flatMap((m) => m.shops.map((s) => [s, m] as const)));
    expect(market.orders.length).toBeGreaterThan(10_000);
    expect(new Set(market.orders.map((o) => o.code)).size).toBe(market.orders.length);
    for (const o of market.orders.filter((_, i) => i % 97 === 0)) {
      expect(isOrderCode(o.code)).toBe(true);
      expect(o.placedAt.slice(0, 10) < TODAY).toBe(true);
      expect(o.placedAt.slice(0, 10) >= market.shops[o.shop]!.openedOn).toBe(true);
      expect(o.buyerPhone).toMatch(/^\+849[0-9]{8}$/);
      if (o.delivery === 'market_day') expect(marketDayOn(marketOf.get(o.shop)!.schedule, o.marketDate!)).not.toBeNull();
    }
  });

  it('pays transfer orders in full before they are prepared, and leaves unsold ones without money or refunded', () => {
    for (const o of market.orders) {
      const received = o.transfers.reduce((sum, t) => sum + t.amount, 0);
      if (o.paymentMethod === 'cash' || o.status === 'expired' || o.status === 'cancelled') expect(received, o.code).toBe(0);
      else expect(received, o.code).toBeGreaterThanOrEqual(o.total);
      if (o.paymentMethod === 'cash') expect(['ready', 'collected', 'handed_over', 'done', 'cancelled']).toContain(o.status);
    }
    const statuses = new Set(market.orders.map((o) => o.status));
    expect([...statuses].sort()).toEqual(['cancelled', 'collected', 'done', 'expired', 'handed_over', 'paid', 'ready', 'refunded']);
  });

  it('is the same for the same seed and another for another', () => {
    // Three communes' villages, the herbalist's among them: enough shops to tell two plans apart.
    const some = villages.filter((v) => ['06376', '06625', '06187'].includes(v.communeCode));
    const first = plan(1, some);
    expect(plan(1, some)).toEqual(first);
    expect(plan(2, some).orders.slice(0, 5)).not.toEqual(first.orders.slice(0, 5));
  });
});
