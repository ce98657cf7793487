import { marketDaysBetween, type MarketRule, type MarketSchedule } from '../market/index.ts';
import { newOrderCode } from '../orders/index.ts';
import type { Random } from '../platform/seeded-random.ts';
import { addDays } from './demo.rules.ts';
import type { DemoVillage } from './demo-villages.rules.ts';
import { memberName, type TeamTraits } from './demo-teams.rules.ts';

/** The demo market's ingredients (src/demo/data/market-shops.json). */
export interface MarketTraits {
  herbalist: {
    villageCode: string;
    name: string;
    description: string;
    seller: { username: string; displayName: string };
    bank: DemoBank;
    openedOn: string;
    pickupPlaces: string[];
    products: ProductTraits[];
    /** Her income grows from `firstMonth` by `stepPerMonth` for `rampMonths` months, then stays within `settled`. */
    monthlyIncome: { firstMonth: number; stepPerMonth: number; rampMonths: number; settled: [number, number] };
  };
  kinds: { shopName: string; ocopStars: number | null; weight: number; products: ProductTraits[] }[];
  banks: string[];
  marketRules: MarketRule[];
}

interface ProductTraits {
  name: string;
  unit: string;
  price: number;
}

export interface DemoBank {
  bin: string;
  account: string;
  holder: string;
}

export interface DemoShop {
  name: string;
  villageCode: string;
  description: string;
  ocopStars: number | null;
  pickupPlaces: string[];
  bank: DemoBank;
  openedOn: string;
  seller: { username: string; displayName: string };
  products: (ProductTraits & { stock: number })[];
  /** Only the report's herbalist is real; every other shop is demo data. */
  isDemo: boolean;
}

/** One market (chợ phiên) per commune, at the commune's centre; its shops are those of its villages. */
export interface DemoMarket {
  communeCode: string;
  name: string;
  schedule: MarketSchedule;
  shops: number[];
}

export type DemoOrderStatus = 'paid' | 'ready' | 'handed_over' | 'collected' | 'done' | 'cancelled' | 'expired' | 'refunded';

export interface DemoTransfer {
  amount: number;
  occurredAt: string;
  content: string;
}

export interface DemoOrder {
  shop: number;
  code: string;
  /** ISO 8601 in Vietnam time. */
  placedAt: string;
  villageCode: string;
  buyerName: string;
  buyerPhone: string;
  delivery: 'market_day' | 'shop' | 'courier';
  marketDate: string | null;
  paymentMethod: 'transfer' | 'cash';
  lines: { product: number; quantity: number }[];
  total: number;
  status: DemoOrderStatus;
  /** The transfers received for it, in order (cash orders: none). */
  transfers: DemoTransfer[];
}

export interface DemoMarketPlan {
  shops: DemoShop[];
  markets: DemoMarket[];
  orders: DemoOrder[];
}

/** The market's demo history starts with 2025: two years, the one before and the one in progress. */
export const MARKET_FROM = '2025-01-01';
/** About one shop for every twenty villages, the herbalist's among them. */
const VILLAGES_PER_SHOP = 20;
/** Share of paid order value by transfer (the report's courier route: nine in ten); the rest is cash at the market or the door. */
const TRANSFER_SHARE: Record<number, number> = { 2025: 0.88, 2026: 0.905 };
const DELIVERIES = [
  { value: 'market_day' as const, weight: 0.4 },
  { value: 'courier' as const, weight: 0.35 },
  { value: 'shop' as const, weight: 0.25 },
];
/** Orders that never bring money in, beside those that do (per order of income). */
const UNSOLD = { expired: 0.04, cancelled: 0.02, refunded: 0.005 } as const;
const SPLIT_TRANSFER = 0.04;
const OVERPAID = 0.01;
/** Banks prefix or add to the content; the order code survives (orders' code rules). */
const CONTENTS = ['{code}', '{code} thanh toan don hang', 'IBFT {code}', 'MBVCB.{ref}.{code}.CT tu khach'];

const monthsOf = (first: string, last: string): string[] => {
  const months: string[] = [];
  for (let month = first.slice(0, 7); month <= last.slice(0, 7);) {
    months.push(month);
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  return months;
};
const daysInMonth = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
const at = (day: string, minutes: number) => `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+07:00`;
const later = (instant: string, minutes: number) => new Date(Date.parse(instant) + minutes * 60_000).toISOString();

/**
 * The market's two years, decided in memory: the herbalist's shop and about one shop per twenty
 * villages across the communes, a market per commune by its lunar rule, and each shop's orders
 * month by month until the month's income is reached, then those that bring nothing in (expired,
 * cancelled, refunded). Orders up to yesterday; those whose collection or delivery is still to
 * come are on their way. Deterministic for a seed and a day.
 */
export function planDemoMarket(input: {
  villages: readonly DemoVillage[];
  communeNames: ReadonlyMap<string, string>;
  traits: MarketTraits;
  teamTraits: TeamTraits;
  random: Random;
  today: string;
}): DemoMarketPlan {
  const { villages, traits, random, today } = input;
  const herbalistVillage = villages.find((v) => v.code === traits.herbalist.villageCode);
  const shops: DemoShop[] = [];
  if (herbalistVillage) shops.push(herbalistShop(traits));
  const villagesOfShops = herbalistVillage ? [herbalistVillage] : [];
  const order = random.permutation(villages.length);
  const wanted = Math.max(2, Math.round(villages.length / VILLAGES_PER_SHOP));
  const lastOpening = addDays(today, -60);
  for (let k = 0; shops.length < wanted && k < order.length; k++) {
    const village = villages[order[k]!]!;
    if (village.code === traits.herbalist.villageCode) continue;
    shops.push(demoShop(village, traits, input.teamTraits, random, lastOpening));
    villagesOfShops.push(village);
  }
  const markets = planMarkets(villages, villagesOfShops, input.communeNames, traits);
  const marketOf = new Map(markets.flatMap((m, i) => m.shops.map((s) => [s, i] as const)));
  // Most markets share a rule: the lunar calendar is worked out once for each.
  const daysOf = new Map<string, string[]>();
  const marketDays = markets.map((m) => {
    const key = JSON.stringify(m.schedule);
    const days = daysOf.get(key) ?? marketDaysBetween(m.schedule, MARKET_FROM, addDays(today, 30)).map((d) => d.date);
    daysOf.set(key, days);
    return days;
  });
  const byCommune = new Map<string, DemoVillage[]>();
  for (const v of villages) byCommune.set(v.communeCode, [...(byCommune.get(v.communeCode) ?? []), v]);

  const orders: DemoOrder[] = [];
  const yesterday = addDays(today, -1);
  const codes = new Set<string>();
  let reference = 0;
  shops.forEach((shop, s) => {
    const shopVillage = villagesOfShops[s]!;
    const days = marketDays[marketOf.get(s)!]!;
    const buyers = { near: byCommune.get(shopVillage.communeCode)!, all: villages };
    monthsOf(shop.openedOn, yesterday).forEach((month, m) => {
      const first = month === shop.openedOn.slice(0, 7) ? shop.openedOn : `${month}-01`;
      const last = month === yesterday.slice(0, 7) ? yesterday : `${month}-${daysInMonth(month)}`;
      const open = Number(last.slice(8)) - Number(first.slice(8)) + 1;
      const target = monthlyIncome(s === 0 && herbalistVillage !== undefined, traits, month, m, random) * (open / daysInMonth(month));
      const draw = (income: boolean): DemoOrder => {
        const day = addDays(first, random.int(open));
        const placedAt = at(day, 7 * 60 + random.int(14 * 60));
        let code = newOrderCode(random.int);
        while (codes.has(code)) code = newOrderCode(random.int);
        codes.add(code);
        const buyerVillage = random.chance(0.5) ? random.pick(buyers.near) : random.pick(buyers.all);
        const lines = orderLines(shop, random);
        const total = lines.reduce((sum, l) => sum + shop.products[l.product]!.price * l.quantity, 0);
        const paymentMethod = random.chance(TRANSFER_SHARE[Number(month.slice(0, 4))] ?? 0.9) ? ('transfer' as const) : ('cash' as const);
        let delivery = random.pickWeighted(DELIVERIES);
        const latest = addDays(day, 15);
        const marketDate = delivery === 'market_day' ? (days.find((d) => d > day && d <= latest) ?? null) : null;
        if (delivery === 'market_day' && marketDate === null) delivery = 'shop';
        const handOver = marketDate ?? addDays(day, delivery === 'courier' ? 2 + random.int(3) : 1);
        const order: DemoOrder = {
          shop: s,
          code,
          placedAt,
          villageCode: buyerVillage.code,
          buyerName: memberName(buyerVillage.ethnicGroups, random.chance(0.6) ? 'female' : 'male', input.teamTraits, new Set(), random),
          buyerPhone: `+849${String(random.int(100_000_000)).padStart(8, '0')}`,
          delivery,
          marketDate,
          paymentMethod,
          lines,
          total,
          status: income ? soldStatus(handOver, today, paymentMethod, delivery) : unsoldStatus(paymentMethod, random),
          transfers: [],
        };
        if (paymentMethod === 'transfer' && order.status !== 'expired' && order.status !== 'cancelled') {
          order.transfers = transfersFor(order, random, () => ++reference);
        }
        return order;
      };
      for (let income = 0; income < target;) {
        const sold = draw(true);
        orders.push(sold);
        if (sold.paymentMethod === 'transfer' || ['collected', 'handed_over', 'done'].includes(sold.status)) income += sold.total;
        if (random.chance(UNSOLD.expired + UNSOLD.cancelled + UNSOLD.refunded)) orders.push(draw(false));
      }
    });
  });
  return { shops, markets, orders };
}

function herbalistShop(traits: MarketTraits): DemoShop {
  const h = traits.herbalist;
  return {
    name: h.name,
    villageCode: h.villageCode,
    description: h.description,
    ocopStars: null,
    pickupPlaces: h.pickupPlaces,
    bank: h.bank,
    openedOn: h.openedOn,
    seller: h.seller,
    products: h.products.map((p, i) => ({ ...p, stock: 20 + 5 * i })),
    isDemo: false,
  };
}

function demoShop(village: DemoVillage, traits: MarketTraits, teamTraits: TeamTraits, random: Random, lastOpening: string): DemoShop {
  const kind = random.pickWeighted(traits.kinds.map((value) => ({ value, weight: value.weight })));
  const sex = random.chance(0.7) ? ('female' as const) : ('male' as const);
  const displayName = memberName(village.ethnicGroups, sex, teamTraits, new Set(), random);
  // Shops opened through the two years, more of them early: the market grows.
  const span = (Date.parse(lastOpening) - Date.parse(MARKET_FROM)) / 86_400_000;
  const openedOn = addDays(MARKET_FROM, Math.floor(span * random.next() ** 1.5));
  const account = String(random.int(1e10)).padStart(10, '0');
  return {
    name: `${kind.shopName} ${village.name}`,
    villageCode: village.code,
    description: `${kind.shopName} nhà làm của ${village.fullName}.`,
    ocopStars: kind.ocopStars,
    pickupPlaces: [`Nhà người bán, ${village.fullName}`],
    bank: { bin: random.pick(traits.banks), account, holder: foldName(displayName) },
    openedOn,
    seller: { username: `cuahang.${village.code}`, displayName },
    products: kind.products.map((p) => ({ ...p, stock: 5 + random.int(60) })),
    isDemo: true,
  };
}

/** A bank account holder's name as banks print it: upper case, no diacritics. */
const foldName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toUpperCase();

function planMarkets(
  villages: readonly DemoVillage[],
  villagesOfShops: readonly DemoVillage[],
  communeNames: ReadonlyMap<string, string>,
  traits: MarketTraits,
): DemoMarket[] {
  const communes = [...new Set(villages.map((v) => v.communeCode))].sort();
  return communes.map((communeCode, i) => {
    const name = communeNames.get(communeCode) ?? communeCode;
    const kyLua = name === 'Kỳ Lừa';
    const schedule: MarketSchedule = kyLua
      ? {
          rule: { kind: 'lunar_day_digits', digits: [2, 7] },
          periods: [{ kind: 'fair', from: { month: 1, day: 22 }, to: { month: 1, day: 27 }, name: { vi: 'Hội chợ Kỳ Lừa', en: 'Kỳ Lừa fair' } }],
          extraDays: [],
          cancelledDays: [],
        }
      : { rule: traits.marketRules[i % traits.marketRules.length]!, periods: [], extraDays: [], cancelledDays: [] };
    const shops = villagesOfShops.flatMap((v, s) => (v.communeCode === communeCode ? [s] : []));
    return { communeCode, name: kyLua ? 'Chợ Kỳ Lừa' : `Chợ phiên ${name}`, schedule, shops };
  });
}

/**
 * A shop's income target for a month, before the part of the month it was open: the herbalist's
 * grows to 20–30 million đồng a month over her first year online; another shop's is drawn about
 * its own level, grows as it gets known, and rises before Tết.
 */
function monthlyIncome(herbalist: boolean, traits: MarketTraits, month: string, m: number, random: Random): number {
  if (herbalist) {
    const { firstMonth, stepPerMonth, rampMonths, settled } = traits.herbalist.monthlyIncome;
    return m < rampMonths ? firstMonth + stepPerMonth * m + random.int(500_000) : random.between(settled[0], settled[1]);
  }
  const level = Math.min(12_000_000, Math.max(1_000_000, 2_500_000 * Math.exp(0.5 * random.normal())));
  const tet = ['01', '02'].includes(month.slice(5)) ? 1.3 : 1;
  return level * Math.min(1.6, 1 + 0.025 * m) * tet;
}

function orderLines(shop: DemoShop, random: Random): { product: number; quantity: number }[] {
  const count = Math.min(shop.products.length, 1 + (random.chance(0.35) ? 1 : 0) + (random.chance(0.1) ? 1 : 0));
  const chosen = random.permutation(shop.products.length).slice(0, count);
  return [...chosen].sort((a, b) => a - b).map((product) => ({ product, quantity: 1 + random.int(3) }));
}

/** An order that brought money in: done two days after its hand-over, on its way before that. */
function soldStatus(handOver: string, today: string, method: 'transfer' | 'cash', delivery: DemoOrder['delivery']): DemoOrderStatus {
  if (addDays(handOver, 2) <= today) return 'done';
  if (handOver < today) return delivery === 'courier' ? 'handed_over' : 'collected';
  if (method === 'cash' || handOver === today) return 'ready';
  return 'paid';
}

function unsoldStatus(method: 'transfer' | 'cash', random: Random): DemoOrderStatus {
  if (method === 'cash') return 'cancelled';
  const roll = random.next() * (UNSOLD.expired + UNSOLD.cancelled + UNSOLD.refunded);
  return roll < UNSOLD.expired ? 'expired' : roll < UNSOLD.expired + UNSOLD.cancelled ? 'cancelled' : 'refunded';
}

/** The buyer's transfers a few minutes after checkout: usually one, sometimes two halves, now and then a little too much. */
function transfersFor(order: DemoOrder, random: Random, nextReference: () => number): DemoTransfer[] {
  const content = () => random.pick(CONTENTS).replace('{code}', order.code).replace('{ref}', String(nextReference()));
  const first = later(order.placedAt, 2 + random.int(40));
  if (random.chance(SPLIT_TRANSFER)) {
    const half = Math.round(order.total / 2_000) * 1_000;
    return [
      { amount: half, occurredAt: first, content: content() },
      { amount: order.total - half, occurredAt: later(first, 30 + random.int(600)), content: content() },
    ];
  }
  const excess = random.chance(OVERPAID) ? (1 + random.int(5)) * 10_000 : 0;
  return [{ amount: order.total + excess, occurredAt: first, content: content() }];
}
