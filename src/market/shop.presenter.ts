import { describeMarketSchedule, nextMarketDays } from './market-day.rules.ts';
import { marketSchedule } from './market-day.schema.ts';
import type { MarketSummary, Product, Shop } from './shop.schema.ts';
import type { MarketRow, ProductRow, ShopRow } from './shop.repository.ts';

export function presentShop(row: ShopRow): Shop {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    villageCode: row.village_code,
    villageName: row.village_name,
    communeName: row.commune_name,
    description: row.description,
    ocopStars: row.ocop_stars,
    pickupPlaces: row.pickup_places,
    status: row.status,
    bank: row.bank_bin && row.bank_holder ? { bankBin: row.bank_bin, holderName: row.bank_holder } : null,
    isDemo: row.is_demo,
  };
}

export const presentProduct = (row: ProductRow): Product => ({
  id: row.id,
  shopId: row.shop_id,
  name: row.name,
  unit: row.unit,
  price: row.price,
  stock: row.stock,
  photoIds: row.photo_ids,
  active: row.active,
});

/** A market with its schedule in words and its next `count` days from `today`. */
export function presentMarket(row: MarketRow, today: string, count: number): MarketSummary {
  const schedule = marketSchedule.parse(row.schedule);
  return {
    id: row.id,
    name: row.name,
    communeCode: row.commune_code,
    communeName: row.commune_name,
    villageCode: row.village_code,
    villageName: row.village_name,
    schedule: describeMarketSchedule(schedule),
    nextDays: nextMarketDays(schedule, today, count).map((d) => ({ date: d.date, lunarDay: d.lunar.day, lunarMonth: d.lunar.month, reason: d.reason })),
  };
}
