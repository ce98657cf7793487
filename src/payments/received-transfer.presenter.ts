import type { BankTransferRow } from './bank-transfer.repository.ts';
import type { ReceivedTransfer } from './received-transfer.schema.ts';

export function presentTransfer(row: BankTransferRow): ReceivedTransfer {
  return {
    id: row.id,
    feedId: row.feed_id,
    provider: row.provider,
    source: row.source,
    amount: row.amount,
    content: row.content,
    bankReference: row.bank_reference,
    occurredAt: new Date(row.occurred_at).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    state: row.state,
    matchedReference: row.matched_reference,
    unmatchedReason: row.unmatched_reason,
  };
}
