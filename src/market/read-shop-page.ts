import type { Db } from '../platform/database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { MediaStore } from '../media/index.ts';
import { readPublicShop } from './manage-shops.ts';
import { withPhotos } from './product-photos.ts';
import { shopPageAnswer } from './shop-page-answers.ts';

/** The public shop page's answer as JSON bytes, its photos' files looked up: from memory while fresh. */
export function readShopPageJson(db: Db, store: MediaStore, slug: string): Promise<Buffer> {
  const today = todayInVietnam();
  return shopPageAnswer(db, `page:${today}:${slug}`, async () => {
    const page = await readPublicShop(db, slug, today);
    return { ...page, products: await withPhotos(store, page.products) };
  });
}
