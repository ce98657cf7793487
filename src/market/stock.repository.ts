import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { forgetShopPages } from './shop-page-answers.ts';

export interface StockTaken {
  productId: string;
  quantity: number;
}

/**
 * Takes `quantity` from a product's stock only if that much is left: one conditional update, so
 * two buyers of the last item cannot both get it (PostgreSQL re-checks the condition on the row
 * the first one changed). Returns the product as sold, or undefined when too little was left.
 */
export function takeStock(tx: Db, shopId: string, line: StockTaken) {
  forgetShopPages();
  return tx
    .updateTable('product')
    .set({ stock: sql`stock - ${line.quantity}`, updated_at: sql`now()` })
    .where('id', '=', line.productId)
    .where('shop_id', '=', shopId)
    .where('active', '=', true)
    .where('stock', '>=', line.quantity)
    .returning(['id', 'name', 'unit', 'price', 'stock'])
    .executeTakeFirst();
}

export async function returnStock(tx: Db, line: StockTaken): Promise<void> {
  forgetShopPages();
  await tx
    .updateTable('product')
    .set({ stock: sql`stock + ${line.quantity}`, updated_at: sql`now()` })
    .where('id', '=', line.productId)
    .execute();
}

export function listProductsByIds(db: Db, ids: readonly string[]) {
  return db.selectFrom('product').select(['id', 'shop_id', 'name', 'unit', 'price', 'stock', 'active']).where('id', 'in', ids).execute();
}
