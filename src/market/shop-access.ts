import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { authorize, type Action, type Actor } from '../accounts/index.ts';
import { findProduct, findShop, listShopMemberIds, type ProductRow, type ShopRow } from './shop.repository.ts';

export const productNotFound = (id: string) => notFound('product.not_found', { vi: `Không có sản phẩm ${id}.`, en: `There is no product ${id}.` }, 'productId');

export const shopNotFound = (id: string) => notFound('shop.not_found', { vi: `Không có cửa hàng ${id}.`, en: `There is no shop ${id}.` }, 'shopId');

/**
 * The one place a shop's access is decided: the gate `authorize()` with the shop's village as the
 * unit and its sellers as the members, so a seller acts for her own shops only and an officer for
 * the shops of his subtree. Every route that touches a shop, its products or its orders comes here.
 */
export async function authorizeShop(db: Db, caller: Actor | null, action: Action & `shop:${string}`, shopId: string): Promise<{ actor: Actor; shop: ShopRow }> {
  const shop = await findShop(db, shopId);
  if (!shop) throw shopNotFound(shopId);
  const members = await listShopMemberIds(db, shop.id);
  const unit = { code: shop.village_code, path: shop.village_path, province_code: shop.province_code };
  const actor = await authorize(db, caller, action, unit, { entity: 'shop', entityId: shop.id, members });
  return { actor, shop };
}

/** A product's access is its shop's: the media module asks this before a photo is added to one. */
export async function authorizeProduct(
  db: Db,
  caller: Actor | null,
  action: Action & `shop:${string}`,
  productId: string,
): Promise<{ actor: Actor; shop: ShopRow; product: ProductRow }> {
  const product = await findProduct(db, productId);
  if (!product) throw productNotFound(productId);
  return { ...(await authorizeShop(db, caller, action, product.shop_id)), product };
}
