/** The tables market owns (decision 0019): their Kysely types, added to platform's Database. */
import type { ColumnType } from 'kysely';
import type { Defaulted, Timestamp } from '../platform/schema.ts';

export type ShopStatus = 'active' | 'suspended';
/** A jsonb list: written as JSON text, read back as the list. */
type JsonList<T> = ColumnType<T[], string | undefined, string>;

export interface ShopTable {
  id: string;
  slug: string;
  name: string;
  village_code: string;
  province_code: string;
  description: Defaulted<string>;
  ocop_stars: number | null;
  pickup_places: JsonList<string>;
  bank_bin: string | null;
  bank_account: string | null;
  bank_holder: string | null;
  status: Defaulted<ShopStatus>;
  is_demo: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ShopMemberTable {
  shop_id: string;
  account_id: string;
  added_at: Timestamp;
}

export interface ProductTable {
  id: string;
  shop_id: string;
  name: string;
  unit: string;
  price: number;
  stock: number;
  /** Ids of the product's photos in the media store, in display order. */
  photo_ids: JsonList<string>;
  active: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MarketTable {
  id: string;
  name: string;
  commune_code: string;
  village_code: string | null;
  province_code: string;
  schedule: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

export interface MarketShopTable {
  market_id: string;
  shop_id: string;
}

declare module '../platform/schema.ts' {
  interface Database {
    shop: ShopTable;
    shop_member: ShopMemberTable;
    product: ProductTable;
    market: MarketTable;
    market_shop: MarketShopTable;
  }
}
