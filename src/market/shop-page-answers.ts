import type { Db } from '../platform/database.ts';
import { versionedAnswers } from '../platform/versioned-answers.ts';

/*
 * Public shop pages from memory (decision 0048). A shared link brings a burst of buyers to one
 * page, and each answer read the shop, its products and markets, then its photos' records from the
 * media store: several times the cost of the health check. The page changes when the market's
 * own rows change, so each write of them here (the repositories below) forgets every page at once;
 * a page also lasts at most a second, which bounds what this process cannot see: another
 * instance's or the command line's write, and a read that overlapped a write's transaction.
 *
 * No version counter in the database (decision 0009's way): a checkout takes stock from several
 * products after locking them, so a counter bumped by product writes would be a second lock taken
 * in varying order, a deadlock between two carts.
 */

const FRESH_FOR_MS = 1000;
const answers = versionedAnswers({ maxAnswers: 500, maxBytes: 512 * 1024 });
let changes = 0;

/** Every shop page is made anew at its next request (a shop, product, market or stock changed). */
export function forgetShopPages(): void {
  changes += 1;
}

/** The JSON answer `key` of a shop page: from memory while fresh, else computed once however many ask. */
export function shopPageAnswer(db: Db, key: string, compute: () => Promise<unknown>): Promise<Buffer> {
  return answers.get(db, `${changes}:${Math.floor(Date.now() / FRESH_FOR_MS)}`, key, compute);
}
