import { useState } from 'preact/hooks';
import type { AttentionItem } from '../../../src/sync/sync.schema.ts';
import { asApiError, withQuery, type ApiError } from '../platform/api.ts';
import { formatDateTime, formatNumber } from '../platform/format.ts';
import { useI18n, type MessageKey } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { resolveMutation } from '../teams/team-activity.api.ts';

const KINDS: Record<string, MessageKey> = {
  'parcel.deliver': 'dlv.refusals.kind.parcel.deliver',
  'parcel.fail': 'dlv.refusals.kind.parcel.fail',
  'route.reorder': 'dlv.refusals.kind.route.reorder',
};

/**
 * The carrier's couriers' refused deliveries (a COD amount changed on the phone, a parcel already
 * settled, one outside the courier's communes): the courier sees each on the phone; the dispatcher
 * sees the carrier's whole list and settles it by keeping the server's.
 */
export function CourierRefusals({ carrier }: { carrier: string }) {
  const { t, text } = useI18n();
  const list = useApi<{ total: number; items: AttentionItem[] }>(withQuery('/api/sync/needs-attention/couriers', { carrier, limit: 200 }));
  // Settled rows leave at once; reloading would move the table under the dispatcher's eyes.
  const [settled, setSettled] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const items = (list.data?.items ?? []).filter((item) => !settled.has(item.id));
  const parcelOf = (item: AttentionItem) => item.parcelLabel ?? t('dlv.refusals.unknown_parcel');

  const keepServer = (item: AttentionItem) => {
    setBusy(item.id);
    setFailure(null);
    resolveMutation(item.id, 'kept_server').then(
      () => {
        setBusy(null);
        setSettled((previous) => new Set(previous).add(item.id));
        setAnnouncement(t('dlv.refusals.kept', { parcel: parcelOf(item) }));
      },
      (error: unknown) => {
        setBusy(null);
        setFailure(asApiError(error));
      },
    );
  };

  return (
    <section aria-labelledby="refusals-title" class="dlv-refusals">
      <h2 id="refusals-title">{t('dlv.refusals.title')}</h2>
      <p class="muted">{t('dlv.refusals.lead')}</p>
      <p role="status" aria-live="polite">
        {announcement}
      </p>
      {failure && <ErrorNotice error={failure} />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {!list.data && !list.error && <Loading />}
      {list.data && items.length === 0 && <Empty>{t('dlv.refusals.none')}</Empty>}
      {items.length > 0 && (
        <TableBox
          id="refusals-table"
          title={t('dlv.refusals.table', { count: formatNumber(items.length) })}
          busy={busy !== null}
          tableClass="dlv-refusals-table"
        >
          <thead>
            <tr>
              <th scope="col">{t('dlv.refusals.parcel')}</th>
              <th scope="col">{t('dlv.refusals.courier')}</th>
              <th scope="col">{t('dlv.refusals.kind')}</th>
              <th scope="col">{t('dlv.refusals.when')}</th>
              <th scope="col">{t('dlv.refusals.reason')}</th>
              <th scope="col">{t('dlv.refusals.action')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-mutation={item.id}>
                <th scope="row">{parcelOf(item)}</th>
                <td>{item.account.displayName}</td>
                <td>
                  {KINDS[item.kind] ? t(KINDS[item.kind]!) : item.kind}{' '}
                  <span class={`badge review-status review-status-${item.status}`}>{t(`dlv.refusals.status.${item.status}`)}</span>
                </td>
                <td>{formatDateTime(item.recordedAt ?? item.receivedAt)}</td>
                <td>{item.error ? text(item.error.message) : ''}</td>
                <td>
                  <button
                    type="button"
                    class="button button-secondary"
                    disabled={busy !== null}
                    aria-label={t('dlv.refusals.keep_label', { parcel: parcelOf(item) })}
                    onClick={() => keepServer(item)}
                  >
                    {t('dlv.refusals.keep')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      )}
    </section>
  );
}
