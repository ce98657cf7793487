import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { findPhoto, renderShareCard, shareCardKey, type MediaStore, type ShareCard } from '../media/index.ts';
import { readPublicShop, type PublicShopData } from './manage-shops.ts';
import { describeNextMarketDay } from './market-day.rules.ts';

/** The card's address on the shop's own path; `v` is the card's key, so a changed card is a new URL. */
export const shopCardPath = (slug: string, card: ShareCard): string => `/media/cards/shop/${slug}.png?v=${shareCardKey(card)}`;

/**
 * What a shop's share card shows: its first product with a photo (else its first product), the
 * price, the shop and its village, and the soonest day of the markets it goes to. Null for a shop
 * with nothing on sale: a card without a product says nothing a link's title does not.
 */
export async function shopShareCard(store: MediaStore, shop: PublicShopData): Promise<ShareCard | null> {
  const photos = await Promise.all(shop.products.map(async (p) => (p.photoIds[0] ? findPhoto(store, p.photoIds[0]) : null)));
  const at = photos.findIndex(Boolean);
  const product = shop.products[Math.max(at, 0)];
  if (!product) return null;
  const next = shop.markets.flatMap((m) => m.nextDays.slice(0, 1).map((d) => ({ date: d.date, name: m.name }))).sort((a, b) => a.date.localeCompare(b.date))[0];
  const photo = photos[at];
  return {
    title: product.name,
    priceDong: product.price,
    shopName: shop.name,
    village: `${shop.villageName}, ${shop.communeName}`,
    nextMarketDay: next && describeNextMarketDay(next.date, next.name).vi,
    // The widest stored width: the card draws a 630 px square from it.
    photoKey: photo?.variants.at(-1)?.key,
  };
}

/** The shop's card as PNG, drawn once per content (renderShareCard keeps it in the store by its key). */
export async function drawShopCard(db: Db, store: MediaStore, slug: string): Promise<{ key: string; png: Buffer }> {
  const card = await shopShareCard(store, await readPublicShop(db, slug));
  if (!card)
    throw notFound(
      'shop.no_card',
      { vi: `Cửa hàng /cua-hang/${slug} chưa có sản phẩm để làm ảnh chia sẻ.`, en: `The shop /cua-hang/${slug} has no product for a share card yet.` },
      'slug',
    );
  return renderShareCard(store, card);
}
