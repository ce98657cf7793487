import type { Db } from '../platform/database.ts';
import { publishEvent } from '../platform/outbox.ts';
import type { BankTransferRow } from './bank-transfer.repository.ts';

/** The topic every newly credited incoming transfer is published under, whichever road it came by. */
export const TRANSFER_RECEIVED = 'bank.transfer-received';

/**
 * What a consumer (orders, delivery) is told of a transfer: enough to match it to what it sells
 * and to answer with `markTransferMatched` or `markTransferUnmatched`. Published once per
 * transfer, in the transaction that records it; handlers still key their work by `transferId`,
 * since the outbox delivers at least once.
 */
export interface TransferReceived {
  transferId: string;
  payeeKind: string;
  payeeId: string;
  /** Integer đồng, above 0. */
  amount: number;
  /** The transfer content as the bank sent it. */
  content: string;
  /** ISO 8601 (UTC): when the bank booked it. */
  occurredAt: string;
  provinceCode: string;
}

export async function publishTransferReceived(tx: Db, transfer: BankTransferRow): Promise<void> {
  const payload: TransferReceived = {
    transferId: transfer.id,
    payeeKind: transfer.payee_kind,
    payeeId: transfer.payee_id,
    amount: transfer.amount,
    content: transfer.content,
    occurredAt: new Date(transfer.occurred_at).toISOString(),
    provinceCode: transfer.province_code,
  };
  await publishEvent(tx, TRANSFER_RECEIVED, payload, transfer.province_code);
}
