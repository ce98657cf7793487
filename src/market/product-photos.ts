import type { Db } from '../platform/database.ts';
import { badRequest, conflict, notFound } from '../platform/errors.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findPhoto, mediaUrl, type MediaStore, type PhotoVariant } from '../media/index.ts';
import { authorizeShop, productNotFound } from './shop-access.ts';
import { presentProduct } from './shop.presenter.ts';
import { findProduct, setProductPhotos } from './shop.repository.ts';
import type { Product, ProductPhoto, ProductWithPhotos } from './shop.schema.ts';

/** Enough to show a product from a few sides; a page of products stays light on a phone. */
export const MAX_PRODUCT_PHOTOS = 6;

const file = (v: PhotoVariant) => ({ url: mediaUrl(v.key), width: v.width, height: v.height });

/** The products with their photos' files; an id the store no longer holds is left out. */
export async function withPhotos(store: MediaStore, products: Product[]): Promise<ProductWithPhotos[]> {
  return Promise.all(
    products.map(async (p) => {
      const found = await Promise.all(p.photoIds.map((id) => findPhoto(store, id)));
      const photos: ProductPhoto[] = found.flatMap((photo) =>
        photo ? [{ id: photo.id, width: photo.width, height: photo.height, variants: photo.variants.map(file), fallback: file(photo.fallback) }] : [],
      );
      return { ...p, photos };
    }),
  );
}

async function sellersProduct(db: Db, caller: Actor | null, shopId: string, productId: string) {
  const { actor, shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
  const product = await findProduct(db, productId);
  if (!product || product.shop_id !== shop.id) throw productNotFound(productId);
  return { actor, unit: { code: shop.village_code, province_code: shop.province_code }, product };
}

/** A seller shows an uploaded photo on her product (last in order); the same photo twice is kept once. */
export async function attachProductPhoto(
  db: Db,
  store: MediaStore,
  caller: Actor | null,
  shopId: string,
  productId: string,
  photoId: string,
): Promise<ProductWithPhotos> {
  const { actor, unit, product } = await sellersProduct(db, caller, shopId, productId);
  if (!(await findPhoto(store, photoId))) {
    throw badRequest(
      'product.unknown_photo',
      { vi: `Không có ảnh ${photoId}: hãy tải ảnh lên trước.`, en: `There is no photo ${photoId}: upload it first.` },
      'photoId',
    );
  }
  if (!product.photo_ids.includes(photoId)) {
    if (product.photo_ids.length >= MAX_PRODUCT_PHOTOS) {
      throw conflict(
        'product.too_many_photos',
        { vi: `Mỗi sản phẩm có tối đa ${MAX_PRODUCT_PHOTOS} ảnh.`, en: `A product has at most ${MAX_PRODUCT_PHOTOS} photos.` },
        'photoId',
      );
    }
    await db.transaction().execute(async (tx) => {
      await setProductPhotos(tx, product.id, [...product.photo_ids, photoId]);
      await recordAudit(tx, actor, 'product:add_photo', 'product', { entityId: product.id, unit, before: { photoIds: product.photo_ids }, after: { photoId } });
    });
  }
  const [shown] = await withPhotos(store, [presentProduct((await findProduct(db, product.id))!)]);
  return shown!;
}

/** A seller takes a photo off her product; the picture stays in the store (another owner may show it). */
export async function removeProductPhoto(
  db: Db,
  store: MediaStore,
  caller: Actor | null,
  shopId: string,
  productId: string,
  photoId: string,
): Promise<ProductWithPhotos> {
  const { actor, unit, product } = await sellersProduct(db, caller, shopId, productId);
  if (!product.photo_ids.includes(photoId)) {
    throw notFound('product.photo_not_found', { vi: `Sản phẩm không có ảnh ${photoId}.`, en: `The product has no photo ${photoId}.` }, 'photoId');
  }
  await db.transaction().execute(async (tx) => {
    await setProductPhotos(
      tx,
      product.id,
      product.photo_ids.filter((id) => id !== photoId),
    );
    await recordAudit(tx, actor, 'product:remove_photo', 'product', {
      entityId: product.id,
      unit,
      before: { photoIds: product.photo_ids },
      after: { removed: photoId },
    });
  });
  const [shown] = await withPhotos(store, [presentProduct((await findProduct(db, product.id))!)]);
  return shown!;
}
