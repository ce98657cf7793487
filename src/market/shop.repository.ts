import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { MarketTable, ProductTable, ShopStatus, ShopTable } from './market.tables.ts';
import { forgetShopPages } from './shop-page-answers.ts';

export type ShopRow = Selectable<ShopTable> & { village_name: string; commune_name: string; village_path: string };
export type ProductRow = Selectable<ProductTable>;
export type MarketRow = Selectable<MarketTable> & { commune_name: string; village_name: string | null };

const shopQuery = (db: Db) =>
  db
    .selectFrom('shop as s')
    .innerJoin('org_unit as v', 'v.code', 's.village_code')
    .innerJoin('org_unit as c', 'c.code', 'v.parent_code')
    .selectAll('s')
    .select(['v.name as village_name', 'c.name as commune_name', 'v.path as village_path']);

export function findShop(db: Db, id: string): Promise<ShopRow | undefined> {
  return shopQuery(db).where('s.id', '=', id).executeTakeFirst();
}

export function findShopBySlug(db: Db, slug: string): Promise<ShopRow | undefined> {
  return shopQuery(db).where('s.slug', '=', slug).executeTakeFirst();
}

/** The shops of a subtree of the territory, by name: what an officer oversees. */
export function listShopsUnder(db: Db, path: string, limit: number): Promise<ShopRow[]> {
  return shopQuery(db)
    .where(sql<boolean>`v.path <@ ${path}::ltree`)
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

/** The shops an account sells for. */
export function listShopsOfMember(db: Db, accountId: string): Promise<ShopRow[]> {
  return shopQuery(db)
    .where('s.id', 'in', db.selectFrom('shop_member').select('shop_id').where('account_id', '=', accountId))
    .orderBy('s.name')
    .execute();
}

export async function slugsLike(db: Db, base: string): Promise<string[]> {
  const rows = await db.selectFrom('shop').select('slug').where('slug', 'like', `${base}%`).execute();
  return rows.map((r) => r.slug);
}

export async function insertShop(db: Db, row: Omit<Insertable<ShopTable>, 'pickup_places'> & { pickup_places: string[] }): Promise<void> {
  forgetShopPages();
  await db
    .insertInto('shop')
    .values({ ...row, pickup_places: JSON.stringify(row.pickup_places) })
    .execute();
}

export interface ShopColumnChanges {
  description?: string | undefined;
  pickup_places?: string[] | undefined;
  bank_bin?: string | null | undefined;
  bank_account?: string | null | undefined;
  bank_holder?: string | null | undefined;
  ocop_stars?: number | null | undefined;
  status?: ShopStatus | undefined;
}

export async function updateShop(db: Db, id: string, changes: ShopColumnChanges): Promise<void> {
  forgetShopPages();
  const { pickup_places, ...rest } = changes;
  await db
    .updateTable('shop')
    .set({ ...rest, ...(pickup_places === undefined ? {} : { pickup_places: JSON.stringify(pickup_places) }), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function listShopMemberIds(db: Db, shopId: string): Promise<string[]> {
  const rows = await db.selectFrom('shop_member').select('account_id').where('shop_id', '=', shopId).execute();
  return rows.map((r) => r.account_id);
}

export async function addShopMembers(db: Db, shopId: string, accountIds: readonly string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db
    .insertInto('shop_member')
    .values(accountIds.map((account_id) => ({ shop_id: shopId, account_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function listProducts(db: Db, shopId: string, options: { activeOnly: boolean }): Promise<ProductRow[]> {
  let query = db.selectFrom('product').selectAll().where('shop_id', '=', shopId);
  if (options.activeOnly) query = query.where('active', '=', true);
  return query.orderBy('name').orderBy('id').execute();
}

export function findProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  return db.selectFrom('product').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProduct(db: Db, row: Insertable<ProductTable>): Promise<void> {
  forgetShopPages();
  await db.insertInto('product').values(row).execute();
}

export async function updateProduct(db: Db, id: string, changes: Partial<Pick<ProductRow, 'name' | 'unit' | 'price' | 'stock' | 'active'>>): Promise<void> {
  forgetShopPages();
  await db
    .updateTable('product')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** The product's photos, in display order. */
export async function setProductPhotos(db: Db, id: string, photoIds: string[]): Promise<void> {
  forgetShopPages();
  await db
    .updateTable('product')
    .set({ photo_ids: JSON.stringify(photoIds), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function insertMarket(db: Db, row: Omit<MarketTable, 'created_at' | 'schedule'> & { schedule: unknown }): Promise<void> {
  forgetShopPages();
  await db
    .insertInto('market')
    .values({ ...row, schedule: JSON.stringify(row.schedule) })
    .execute();
}

export async function addMarketShops(db: Db, marketId: string, shopIds: readonly string[]): Promise<void> {
  forgetShopPages();
  if (shopIds.length === 0) return;
  await db
    .insertInto('market_shop')
    .values(shopIds.map((shop_id) => ({ market_id: marketId, shop_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const marketQuery = (db: Db) =>
  db
    .selectFrom('market as m')
    .innerJoin('org_unit as c', 'c.code', 'm.commune_code')
    .leftJoin('org_unit as v', 'v.code', 'm.village_code')
    .selectAll('m')
    .select(['c.name as commune_name', 'v.name as village_name']);

export function listMarketsOfShop(db: Db, shopId: string): Promise<MarketRow[]> {
  return marketQuery(db)
    .where('m.id', 'in', db.selectFrom('market_shop').select('market_id').where('shop_id', '=', shopId))
    .orderBy('m.name')
    .execute();
}

export function findMarket(db: Db, id: string): Promise<MarketRow | undefined> {
  return marketQuery(db).where('m.id', '=', id).executeTakeFirst();
}

export async function shopGoesToMarket(db: Db, shopId: string, marketId: string): Promise<boolean> {
  const row = await db.selectFrom('market_shop').select('shop_id').where('shop_id', '=', shopId).where('market_id', '=', marketId).executeTakeFirst();
  return row !== undefined;
}

/** Each shop's village, for the shops of these villages (undefined: every shop): where a seller's income is counted. */
export async function mapShopVillages(db: Db, villages: readonly string[] | undefined): Promise<Map<string, string>> {
  let query = db.selectFrom('shop').select(['id', 'village_code']);
  if (villages) query = query.where('village_code', 'in', villages.length > 0 ? [...villages] : ['']);
  return new Map((await query.execute()).map((r) => [r.id, r.village_code]));
}

export interface VillageShopsOnline {
  org_unit_code: string;
  year: number;
  quarter: number | null;
  month: number | null;
  shops: number;
  sellers: number;
}

/**
 * Active shops opened by the end of each period of these years (a stock, read at the period's last
 * day in Vietnam time), per village. A suspended shop counts in no period: the shop keeps its
 * current status only, not its history. Sellers are the accounts selling for those shops (a household
 * or a cooperative each, decision 0032).
 */
export async function summariseShopsOnline(db: Db, years: readonly number[], villages: readonly string[] | undefined): Promise<VillageShopsOnline[]> {
  const inVillages = villages ? sql`and s.village_code = any(${[...villages]}::text[])` : sql``;
  const { rows } = await sql<VillageShopsOnline>`
    with periods as (
      select y as year, null::int as quarter, null::int as month, make_date(y, 1, 1) as first_day, make_date(y, 12, 31) as last_day from unnest(${[...years]}::int[]) y
      union all
      select y, q, null, make_date(y, q * 3 - 2, 1), (make_date(y, q * 3, 1) + interval '1 month - 1 day')::date from unnest(${[...years]}::int[]) y, generate_series(1, 4) q
      union all
      select y, null, m, make_date(y, m, 1), (make_date(y, m, 1) + interval '1 month - 1 day')::date from unnest(${[...years]}::int[]) y, generate_series(1, 12) m
    )
    select s.village_code as org_unit_code, p.year, p.quarter, p.month, count(distinct s.id)::int as shops, count(distinct m.account_id)::int as sellers
    from periods p
    join shop s on (s.created_at at time zone 'Asia/Ho_Chi_Minh')::date <= p.last_day
    left join shop_member m on m.shop_id = s.id and (m.added_at at time zone 'Asia/Ho_Chi_Minh')::date <= p.last_day
    -- A period not yet begun has no value.
    where s.status = 'active' and p.first_day <= (now() at time zone 'Asia/Ho_Chi_Minh')::date ${inVillages}
    group by s.village_code, p.year, p.quarter, p.month`.execute(db);
  return rows;
}

/** The shops within each of these units' subtrees (by the shop's village), as unit–shop pairs: whose figures a unit's are. */
export async function listShopsWithin(db: Db, units: readonly { code: string; path: string }[]): Promise<{ unit_code: string; shop_id: string }[]> {
  if (units.length === 0) return [];
  const { rows } = await sql<{ unit_code: string; shop_id: string }>`
    select u.code as unit_code, s.id as shop_id
    from unnest(${units.map((u) => u.code)}::text[], ${units.map((u) => u.path)}::text[]) as u(code, path)
    join org_unit v on v.path <@ u.path::ltree
    join shop s on s.village_code = v.code`.execute(db);
  return rows;
}
