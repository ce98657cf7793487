import type { Db } from '../platform/database.ts';
import type { MarketSchedule } from './market-day.schema.ts';
import type { ShopStatus } from './market.tables.ts';
import { forgetShopPages } from './shop-page-answers.ts';

/**
 * Shops, their sellers and products, and markets written by the hundred, as they are stored (the
 * demo province). Few rows, so plain multi-row inserts, a chunk at a time to stay well inside a
 * statement's parameters; the lists (pickup places, a schedule) go as JSON.
 */

export interface ShopInBulk {
  id: string;
  slug: string;
  name: string;
  village_code: string;
  province_code: string;
  description: string;
  ocop_stars: number | null;
  pickup_places: string[];
  bank_bin: string | null;
  bank_account: string | null;
  bank_holder: string | null;
  status: ShopStatus;
  is_demo: boolean;
  created_at: string;
  /** The accounts selling for it, from its opening. */
  sellers: string[];
}

export interface ProductInBulk {
  id: string;
  shop_id: string;
  name: string;
  unit: string;
  price: number;
  stock: number;
  created_at: string;
}

export interface MarketInBulk {
  id: string;
  name: string;
  commune_code: string;
  village_code: string | null;
  province_code: string;
  schedule: MarketSchedule;
  shopIds: string[];
}

const CHUNK = 500;

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<void>): Promise<void> {
  forgetShopPages();
  for (let start = 0; start < rows.length; start += CHUNK) await write(rows.slice(start, start + CHUNK));
}

export async function insertShopsInBulk(db: Db, shops: readonly ShopInBulk[]): Promise<void> {
  await inChunks(shops, (chunk) =>
    db
      .insertInto('shop')
      .values(chunk.map(({ sellers: _sellers, ...shop }) => ({ ...shop, pickup_places: JSON.stringify(shop.pickup_places), updated_at: shop.created_at })))
      .execute()
      .then(() => undefined),
  );
  const members = shops.flatMap((s) => s.sellers.map((account_id) => ({ shop_id: s.id, account_id, added_at: s.created_at })));
  await inChunks(members, (chunk) =>
    db
      .insertInto('shop_member')
      .values(chunk)
      .execute()
      .then(() => undefined),
  );
}

export async function insertProductsInBulk(db: Db, products: readonly ProductInBulk[]): Promise<void> {
  await inChunks(products, (chunk) =>
    db
      .insertInto('product')
      .values(chunk.map((p) => ({ ...p, active: true, updated_at: p.created_at })))
      .execute()
      .then(() => undefined),
  );
}

export async function insertMarketsInBulk(db: Db, markets: readonly MarketInBulk[]): Promise<void> {
  await inChunks(markets, (chunk) =>
    db
      .insertInto('market')
      .values(chunk.map(({ shopIds: _shops, ...m }) => ({ ...m, schedule: JSON.stringify(m.schedule) })))
      .execute()
      .then(() => undefined),
  );
  const links = markets.flatMap((m) => m.shopIds.map((shop_id) => ({ market_id: m.id, shop_id })));
  await inChunks(links, (chunk) =>
    db
      .insertInto('market_shop')
      .values(chunk)
      .execute()
      .then(() => undefined),
  );
}
