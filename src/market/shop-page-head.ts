import type { Db } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import type { PageHead } from '../platform/web-app.ts';
import { SHARE_CARD_HEIGHT, SHARE_CARD_WIDTH, type MediaStore } from '../media/index.ts';
import { readPublicShop } from './manage-shops.ts';
import { shopCardPath, shopShareCard } from './shop-card.ts';
import { shopPageAnswer } from './shop-page-answers.ts';
import { todayInVietnam } from '../platform/dates.ts';

const SHOP_PAGE = /^\/cua-hang\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/**
 * The preview a shop page's link shows on Zalo and Facebook: the shop, its village, what it sells
 * and its next market day, with its share card (a product photo, its price, the next market day).
 */
export async function shopPageHead(db: Db, store: MediaStore, path: string): Promise<PageHead | null> {
  const slug = SHOP_PAGE.exec(path)?.[1];
  if (!slug) return null;
  try {
    const head = await shopPageAnswer(db, `head:${todayInVietnam()}:${slug}`, () => describeShopPage(db, store, slug, path));
    return JSON.parse(head.toString('utf8')) as PageHead;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

async function describeShopPage(db: Db, store: MediaStore, slug: string, path: string): Promise<PageHead> {
  const shop = await readPublicShop(db, slug);
  const next = shop.markets.flatMap((m) => m.nextDays.slice(0, 1).map((d) => ({ date: d.date, name: m.name }))).sort((a, b) => a.date.localeCompare(b.date))[0];
  const products = shop.products
    .slice(0, 4)
    .map((p) => p.name)
    .join(', ');
  const parts = [
    shop.description,
    products && `Bán: ${products}.`,
    next && `Phiên chợ tới: ${next.date.split('-').reverse().join('/')} tại ${next.name}.`,
  ].filter(Boolean);
  const card = await shopShareCard(store, shop);
  const image = card ? { path: shopCardPath(slug, card), width: SHARE_CARD_WIDTH, height: SHARE_CARD_HEIGHT, alt: `${card.title} · ${shop.name}` } : undefined;
  return {
    title: `${shop.name} · ${shop.villageName}, ${shop.communeName}`,
    description: parts.join(' ').slice(0, 300),
    path,
    image,
    data: `/api/shop-pages/${slug}`,
    code: 'src/market/shop-page.tsx',
  };
}
