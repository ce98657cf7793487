import { useState } from 'preact/hooks';
import type { ReceivedTransfer } from '../../../src/payments/received-transfer.schema.ts';
import { api } from '../platform/api.ts';
import { formatMoney } from '../platform/format.ts';
import { useI18n, type MessageKey } from '../platform/i18n.ts';
import { WorkQueue } from '../platform/work-queue.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { QueuedTransferFacts } from '../platform/queued-transfer-facts.tsx';

const REASONS: Record<string, MessageKey> = {
  no_code: 'dlv.queue.reason.no_code',
  unknown_code: 'dlv.queue.reason.unknown_code',
  several_parcels: 'dlv.queue.reason.several_parcels',
};

/**
 * The carrier's transfers the bank told of without a readable parcel code: the dispatcher matches
 * each to its parcel by tracking code, so the end of the day counts it as a transfer, not as cash
 * the courier owes.
 */
export function TransferQueue({ carrier }: { carrier: string }) {
  const { t } = useI18n();
  const queue = useApi<ReceivedTransfer[]>(`/api/payments/payees/carrier/${carrier}/unmatched-transfers`, { keepPrevious: true });
  const [done, setDone] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message);
    queue.reload();
  });
  const match = (transfer: ReceivedTransfer, trackingCode: string) =>
    save.run(async () => {
      const { parcel } = await api.post<{ parcel: { trackingCode: string; paid: boolean } }>(
        `/api/delivery/carriers/${carrier}/transfers/${transfer.id}/match`,
        { trackingCode },
      );
      return t(parcel.paid ? 'dlv.queue.matched_paid' : 'dlv.queue.matched', { amount: formatMoney(transfer.amount), tracking: parcel.trackingCode });
    });
  return (
    <WorkQueue
      titleId="dlv-queue-title"
      className="dlv-queue"
      title={t('dlv.queue.title')}
      lead={t('dlv.queue.lead')}
      done={done}
      failure={save.error}
      resource={queue}
      count={queue.data?.length}
      none={t('dlv.queue.none')}
    >
      {queue.data?.map((transfer) => (
        <QueuedTransfer key={transfer.id} transfer={transfer} busy={save.busy} onMatch={(code) => void match(transfer, code)} />
      ))}
    </WorkQueue>
  );
}

function QueuedTransfer({ transfer, busy, onMatch }: { transfer: ReceivedTransfer; busy: boolean; onMatch: (trackingCode: string) => void }) {
  const { t } = useI18n();
  const [tracking, setTracking] = useState('');
  const reason = transfer.unmatchedReason ?? '';
  const field = `dlv-match-${transfer.id}`;
  return (
    <li class="queued-transfer" data-transfer={transfer.id}>
      <QueuedTransferFacts
        transfer={transfer}
        reason={REASONS[reason] ? t(REASONS[reason]!) : t('dlv.queue.reason.other', { reason })}
        labels={{ amount: t('dlv.queue.amount'), time: t('dlv.queue.time'), content: t('dlv.queue.content'), reason: t('dlv.queue.reason') }}
      />
      <form
        class="match-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (tracking.trim()) onMatch(tracking.trim());
        }}
      >
        <label for={field}>{t('dlv.queue.tracking')}</label>
        <input id={field} type="text" autocomplete="off" required maxLength={40} value={tracking} onInput={(e) => setTracking(e.currentTarget.value)} />
        <button type="submit" class="button button-secondary" disabled={busy}>
          {t('dlv.queue.match')}
        </button>
      </form>
    </li>
  );
}
