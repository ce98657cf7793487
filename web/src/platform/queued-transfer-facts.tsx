import type { ReceivedTransfer } from '../../../src/payments/received-transfer.schema.ts';
import { formatDateTime, formatMoney } from './format.ts';
import './transfer-queue.css';

/**
 * What a transfer waiting to be matched by hand is, on a payee's queue (the seller's, the
 * carrier's): its amount, time and content as the bank gave them, and why it waits. Each page
 * names the facts in its own words.
 */
export function QueuedTransferFacts(props: {
  transfer: ReceivedTransfer;
  reason: string;
  labels: { amount: string; time: string; content: string; reason: string };
}) {
  const { transfer, reason, labels } = props;
  return (
    <dl>
      <dt>{labels.amount}</dt>
      <dd>
        <strong>{formatMoney(transfer.amount)}</strong>
      </dd>
      <dt>{labels.time}</dt>
      <dd>{formatDateTime(transfer.occurredAt)}</dd>
      <dt>{labels.content}</dt>
      <dd class="transfer-content">{transfer.content || '—'}</dd>
      <dt>{labels.reason}</dt>
      <dd>{reason}</dd>
    </dl>
  );
}
