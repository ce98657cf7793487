import type { Db } from '../platform/database.ts';
import type { Actor } from '../accounts/index.ts';
import { authorizePayee, type Payee } from './payee-access.ts';
import type { ReceivedTransfer } from './received-transfer.schema.ts';
import { listUnmatchedTransfers } from './settle-transfer.ts';

/** The payee's queue, for whoever may manage the payee: transfers without a usable reference, to match by hand. */
export async function readUnmatchedQueue(db: Db, actor: Actor | null, payee: Payee, limit: number): Promise<ReceivedTransfer[]> {
  await authorizePayee(db, actor, payee);
  return listUnmatchedTransfers(db, payee, limit);
}
