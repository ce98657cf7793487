import type { Db } from '../platform/database.ts';
import { listPayeeTransfersBetween } from './bank-transfer.repository.ts';
import type { Payee } from './payee-access.ts';
import { presentTransfer } from './received-transfer.presenter.ts';
import type { ReceivedTransfer } from './received-transfer.schema.ts';

/**
 * The transfers credited to a payee within [from, to), matched or not: what a consumer reconciles
 * a period against (a carrier's day of COD). Not authorised here: the caller has, for the payee.
 */
export async function readPayeeTransfers(db: Db, payee: Payee, from: Date, to: Date): Promise<ReceivedTransfer[]> {
  return (await listPayeeTransfersBetween(db, payee.kind, payee.id, from, to)).map(presentTransfer);
}
