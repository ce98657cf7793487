import { useState } from 'preact/hooks';
import type { NewCode, ParcelAtPoint } from '../../../src/delivery/pickup-point.schema.ts';
import { api } from '../platform/api.ts';
import { formatDateTime } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import { WorkQueue } from '../platform/work-queue.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';

/** Six digits in two groups of three, as they are read out over the phone. */
const spoken = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/**
 * The carrier's parcels waiting at the villages' pickup points. A recipient who lost her code, or
 * whose parcel five wrong codes held, calls the carrier: the dispatcher gives a new code here and
 * reads it to her. The code is shown this once (the server keeps only its hash).
 */
export function ParcelsAtPoints({ carrier }: { carrier: string }) {
  const { t } = useI18n();
  const list = useApi<{ items: ParcelAtPoint[] }>(`/api/delivery/carriers/${carrier}/parcels-at-points`, { keepPrevious: true });
  const [given, setGiven] = useState<string | null>(null);
  const save = useSave((message) => {
    setGiven(message);
    list.reload();
  });
  const renew = (parcel: ParcelAtPoint) =>
    save.run(async () => {
      const { collectionCode } = await api.post<NewCode>(`/api/delivery/parcels/${parcel.parcelId}/collection-code`);
      return t('dlv.points.renewed', { parcel: parcel.trackingCode, code: spoken(collectionCode), phone: parcel.phone });
    });
  return (
    <WorkQueue
      titleId="dlv-points-title"
      className="dlv-at-points"
      title={t('dlv.points.title')}
      lead={t('dlv.points.lead')}
      done={given}
      failure={save.error}
      resource={list}
      count={list.data?.items.length}
      none={t('dlv.points.none')}
    >
      {list.data?.items.map((parcel) => (
        <li key={parcel.parcelId} class={parcel.held ? 'queued-transfer is-held' : 'queued-transfer'} data-parcel={parcel.trackingCode}>
          <p>
            <strong>{parcel.trackingCode}</strong> · {parcel.recipientName} ({parcel.phone})
          </p>
          <p class="muted">{t('dlv.points.where', { point: parcel.pointName, since: formatDateTime(parcel.since) })}</p>
          {parcel.held && <p class="badge review-status review-status-conflict">{t('dlv.points.held')}</p>}
          <button
            type="button"
            class="button button-secondary"
            disabled={save.busy}
            aria-label={t('dlv.points.renew_label', { parcel: parcel.trackingCode })}
            onClick={() => void renew(parcel)}
          >
            {t('dlv.points.renew')}
          </button>
        </li>
      ))}
    </WorkQueue>
  );
}
