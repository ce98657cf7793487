import type { Db } from '../platform/database.ts';
import { badRequest, conflict } from '../platform/errors.ts';
import { listProductsByIds, returnStock, takeStock, type StockTaken } from './stock.repository.ts';

export interface ReservedLine {
  productId: string;
  name: string;
  unit: string;
  /** The price at the moment of the order, integer đồng. */
  price: number;
  quantity: number;
}

/**
 * Reserves a cart's products from one shop's stock, in the caller's transaction: all of it or, by
 * throwing, none (the caller's rollback returns what was taken). Products are taken in id order,
 * so two carts sharing products wait for each other instead of deadlocking (decision 0021).
 */
export async function reserveStock(tx: Db, shopId: string, cart: readonly StockTaken[]): Promise<ReservedLine[]> {
  const ids = [...new Set(cart.map((l) => l.productId))];
  if (ids.length !== cart.length)
    throw badRequest('order.repeated_product', { vi: 'Mỗi sản phẩm chỉ ghi một dòng trong giỏ hàng.', en: 'Each product once in the cart.' }, 'lines');
  const products = await listProductsByIds(tx, ids);
  const foreign = ids.find((id) => !products.some((p) => p.id === id && p.shop_id === shopId && p.active));
  if (foreign) {
    throw badRequest(
      'order.product_not_in_shop',
      { vi: 'Giỏ hàng có sản phẩm không bán ở cửa hàng này.', en: 'The cart holds a product this shop does not sell.' },
      'lines',
    );
  }
  const reserved: ReservedLine[] = [];
  for (const line of [...cart].sort((a, b) => a.productId.localeCompare(b.productId))) {
    const taken = await takeStock(tx, shopId, line);
    if (!taken) {
      const name = products.find((p) => p.id === line.productId)!.name;
      throw conflict(
        'order.out_of_stock',
        { vi: `Rất tiếc, "${name}" không còn đủ ${line.quantity} để đặt.`, en: `Sorry, there are not ${line.quantity} of "${name}" left to order.` },
        'lines',
      );
    }
    reserved.push({ productId: taken.id, name: taken.name, unit: taken.unit, price: taken.price, quantity: line.quantity });
  }
  return reserved;
}

/** Puts a cancelled or expired order's products back on sale, in the caller's transaction. */
export async function releaseStock(tx: Db, lines: readonly StockTaken[]): Promise<void> {
  for (const line of [...lines].sort((a, b) => a.productId.localeCompare(b.productId))) await returnStock(tx, line);
}
