import type { Db } from '../platform/database.ts';
import { badRequest, conflict, notFound, unauthenticated } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit, findUnits, LEVEL, orgUnitNotFound } from '../territory/index.ts';
import { authorizeShop, productNotFound } from './shop-access.ts';
import { refreshShopValues } from './market.indicators.ts';
import { presentMarket, presentProduct, presentShop } from './shop.presenter.ts';
import {
  addMarketShops,
  addShopMembers,
  findMarket,
  findProduct,
  findShop,
  findShopBySlug,
  insertMarket,
  insertProduct,
  insertShop,
  listMarketsOfShop,
  listProducts,
  listShopsOfMember,
  listShopsUnder,
  slugsLike,
  updateProduct,
  updateShop,
  type ShopColumnChanges,
} from './shop.repository.ts';
import { shopSlugOf } from './shop.rules.ts';
import type { MarketSummary, NewMarket, NewProduct, NewShop, Product, ProductChanges, PublicShop, Shop, ShopChanges } from './shop.schema.ts';

/** How many of a market's next days a shop page and a new market show. */
const NEXT_DAYS_SHOWN = 6;

const isForeignKeyViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === '23503';

const unknownSellers = () =>
  badRequest('shop.unknown_seller', { vi: 'Có tài khoản người bán không tồn tại.', en: 'A seller account does not exist.' }, 'sellerAccountIds');

/** A free address for the shop: the one asked for, or the name's with a number after it when taken. */
async function freeSlug(db: Db, wanted: string | undefined, name: string): Promise<string> {
  const base = wanted ?? shopSlugOf(name);
  const taken = new Set(await slugsLike(db, base));
  if (!taken.has(base)) return base;
  if (wanted)
    throw conflict(
      'shop.slug_taken',
      { vi: `Địa chỉ /cua-hang/${wanted} đã có cửa hàng khác dùng.`, en: `The address /cua-hang/${wanted} belongs to another shop.` },
      'slug',
    );
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

const bankColumns = (bank: ShopChanges['bankAccount']): ShopColumnChanges =>
  bank === undefined ? {} : { bank_bin: bank?.bankBin ?? null, bank_account: bank?.accountNumber ?? null, bank_holder: bank?.holderName ?? null };

/** A commune officer (or the province) opens a shop for the sellers of a village in their subtree. */
export async function createShop(db: Db, caller: Actor | null, input: NewShop): Promise<Shop> {
  const village = await findOrgUnit(db, input.villageCode);
  if (!village || village.level !== LEVEL.village) throw orgUnitNotFound(input.villageCode);
  const actor = await authorize(db, caller, 'shop:manage', village, { entity: 'shop' });
  const id = newId();
  const slug = await freeSlug(db, input.slug, input.name);
  try {
    await db.transaction().execute(async (tx) => {
      await insertShop(tx, {
        id,
        slug,
        name: input.name,
        village_code: village.code,
        province_code: village.province_code,
        description: input.description,
        ocop_stars: input.ocopStars,
        pickup_places: input.pickupPlaces,
        bank_bin: input.bankAccount?.bankBin ?? null,
        bank_account: input.bankAccount?.accountNumber ?? null,
        bank_holder: input.bankAccount?.holderName ?? null,
        is_demo: false,
      });
      await addShopMembers(tx, id, input.sellerAccountIds);
      await refreshShopValues(tx, village.code, new Date());
      await recordAudit(tx, actor, 'shop:create', 'shop', { entityId: id, unit: village, after: { ...input, slug } });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw unknownSellers();
    throw error;
  }
  return presentShop((await findShop(db, id))!);
}

/** An officer adds a seller to a shop of their subtree. */
export async function addShopSeller(db: Db, caller: Actor | null, shopId: string, accountId: string): Promise<void> {
  const { actor, shop } = await authorizeShop(db, caller, 'shop:manage', shopId);
  try {
    await db.transaction().execute(async (tx) => {
      await addShopMembers(tx, shop.id, [accountId]);
      await refreshShopValues(tx, shop.village_code, shop.created_at);
      await recordAudit(tx, actor, 'shop:add_seller', 'shop', {
        entityId: shop.id,
        unit: { code: shop.village_code, province_code: shop.province_code },
        after: { accountId },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw unknownSellers();
    throw error;
  }
}

/** The shop's sellers change what they tell buyers and where the money goes. */
export async function changeShop(db: Db, caller: Actor | null, shopId: string, changes: ShopChanges): Promise<Shop> {
  const { actor, shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
  await db.transaction().execute(async (tx) => {
    await updateShop(tx, shop.id, {
      description: changes.description,
      pickup_places: changes.pickupPlaces,
      ocop_stars: changes.ocopStars,
      ...bankColumns(changes.bankAccount),
    });
    await recordAudit(tx, actor, 'shop:change', 'shop', {
      entityId: shop.id,
      unit: { code: shop.village_code, province_code: shop.province_code },
      before: presentShop(shop),
      after: changes,
    });
  });
  return presentShop((await findShop(db, shop.id))!);
}

/** An officer suspends a shop (its page and checkout close) or opens it again. */
export async function setShopStatus(db: Db, caller: Actor | null, shopId: string, status: 'active' | 'suspended'): Promise<Shop> {
  const { actor, shop } = await authorizeShop(db, caller, 'shop:manage', shopId);
  await db.transaction().execute(async (tx) => {
    await updateShop(tx, shop.id, { status });
    await refreshShopValues(tx, shop.village_code, shop.created_at);
    await recordAudit(tx, actor, status === 'suspended' ? 'shop:suspend' : 'shop:resume', 'shop', {
      entityId: shop.id,
      unit: { code: shop.village_code, province_code: shop.province_code },
      before: { status: shop.status },
      after: { status },
    });
  });
  return presentShop((await findShop(db, shop.id))!);
}

export async function addProduct(db: Db, caller: Actor | null, shopId: string, input: NewProduct): Promise<Product> {
  const { actor, shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
  const id = newId();
  await db.transaction().execute(async (tx) => {
    await insertProduct(tx, { id, shop_id: shop.id, name: input.name, unit: input.unit, price: input.price, stock: input.stock, active: true });
    await recordAudit(tx, actor, 'product:create', 'product', {
      entityId: id,
      unit: { code: shop.village_code, province_code: shop.province_code },
      after: input,
    });
  });
  return presentProduct((await findProduct(db, id))!);
}

/** A seller changes a product of her shop; a product of another shop is not found there. */
export async function changeProduct(db: Db, caller: Actor | null, shopId: string, productId: string, changes: ProductChanges): Promise<Product> {
  const { actor, shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
  const before = await findProduct(db, productId);
  if (!before || before.shop_id !== shop.id) throw productNotFound(productId);
  await db.transaction().execute(async (tx) => {
    await updateProduct(tx, productId, changes);
    await recordAudit(tx, actor, 'product:change', 'product', {
      entityId: productId,
      unit: { code: shop.village_code, province_code: shop.province_code },
      before: presentProduct(before),
      after: changes,
    });
  });
  return presentProduct((await findProduct(db, productId))!);
}

/** The products a seller manages, hidden ones included. */
export async function listShopProducts(db: Db, caller: Actor | null, shopId: string): Promise<Product[]> {
  const { shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
  return (await listProducts(db, shop.id, { activeOnly: false })).map(presentProduct);
}

/** A commune's market (chợ phiên): its place, its rule, the shops that go there. */
export async function createMarket(db: Db, caller: Actor | null, input: NewMarket): Promise<MarketSummary> {
  const commune = await findOrgUnit(db, input.communeCode);
  if (!commune || commune.level !== LEVEL.commune) throw orgUnitNotFound(input.communeCode);
  const actor = await authorize(db, caller, 'market:manage', commune, { entity: 'market' });
  if (input.villageCode !== null) {
    const [village] = await findUnits(db, [input.villageCode]);
    if (!village || village.parent_code !== commune.code) {
      throw badRequest(
        'market.village_outside_commune',
        { vi: 'Thôn của chợ phải thuộc xã của chợ.', en: 'The market’s village must be in the market’s commune.' },
        'villageCode',
      );
    }
  }
  const id = newId();
  try {
    await db.transaction().execute(async (tx) => {
      await insertMarket(tx, {
        id,
        name: input.name,
        commune_code: commune.code,
        village_code: input.villageCode,
        province_code: commune.province_code,
        schedule: input.schedule,
      });
      await addMarketShops(tx, id, input.shopIds);
      await recordAudit(tx, actor, 'market:create', 'market', { entityId: id, unit: commune, after: input });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw badRequest('market.unknown_shop', { vi: 'Có cửa hàng không tồn tại.', en: 'A shop does not exist.' }, 'shopIds');
    throw error;
  }
  return presentMarket((await findMarket(db, id))!, todayInVietnam(), NEXT_DAYS_SHOWN);
}

/** A shop page's data before its photos are looked up in the media store. */
export type PublicShopData = Omit<PublicShop, 'products'> & { products: Product[] };

/** The public shop page: an active shop, its products on sale, the markets it goes to and their next days. */
export async function readPublicShop(db: Db, slug: string, today: string = todayInVietnam()): Promise<PublicShopData> {
  const shop = await findShopBySlug(db, slug);
  if (!shop || shop.status !== 'active')
    throw notFound('shop.not_found', { vi: `Không có cửa hàng /cua-hang/${slug}.`, en: `There is no shop /cua-hang/${slug}.` }, 'slug');
  const [products, markets] = await Promise.all([listProducts(db, shop.id, { activeOnly: true }), listMarketsOfShop(db, shop.id)]);
  return { ...presentShop(shop), products: products.map(presentProduct), markets: markets.map((m) => presentMarket(m, today, NEXT_DAYS_SHOWN)) };
}

/** The shops of an officer's unit and below. */
export async function listShopsOf(db: Db, caller: Actor | null, unitCode: string): Promise<Shop[]> {
  const unit = await findOrgUnit(db, unitCode);
  if (!unit) throw orgUnitNotFound(unitCode);
  await authorize(db, caller, 'shop:manage', unit, { entity: 'shop' });
  return (await listShopsUnder(db, unit.path, 500)).map(presentShop);
}

/** The shops the caller sells for. */
export async function listMyShops(db: Db, caller: Actor | null): Promise<Shop[]> {
  if (!caller) throw unauthenticated();
  return (await listShopsOfMember(db, caller.id)).map(presentShop);
}
