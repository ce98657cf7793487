import type { Db } from '../platform/database.ts';
import type { Actor } from '../accounts/index.ts';
import { listBankFeeds } from './bank-feed.repository.ts';
import { presentBankFeed } from './bank-feed.presenter.ts';
import type { BankFeed } from './bank-feed.schema.ts';
import { authorizePayee, type Payee } from './payee-access.ts';

/** A payee's feeds, active and deactivated, oldest first; never their secrets. */
export async function listPayeeBankFeeds(db: Db, actor: Actor | null, payee: Payee, origin: string): Promise<BankFeed[]> {
  await authorizePayee(db, actor, payee);
  return (await listBankFeeds(db, payee.kind, payee.id)).map((row) => presentBankFeed(row, origin));
}
