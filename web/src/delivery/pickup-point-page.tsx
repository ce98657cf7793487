import { useState } from 'preact/hooks';
import type { Collected, WaitingPoint } from '../../../src/delivery/pickup-point.schema.ts';
import { useSession } from '../accounts/session.ts';
import { api } from '../platform/api.ts';
import { formatNumber } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { cashEn, cashVi } from './cash.i18n.ts';

addMessages(cashVi, cashEn);

const money = (amount: number) => `${formatNumber(amount)} ₫`;

/** A village pickup point's keeper, on a phone: what waits, every carrier's, handed over against the recipient's code. */
export function PickupPointPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('pickup.title'));
  const points = useApi<{ items: WaitingPoint[] }>(me ? '/api/delivery/pickup-points/mine' : null);
  return (
    <section aria-labelledby="pickup-title" class="pickup-page">
      <h1 id="pickup-title">{t('pickup.title')}</h1>
      {me === undefined && <Loading />}
      {me === null && (
        <div class="notice notice-info">
          <p>{t('pickup.login')}</p>
          <Link class="button button-secondary" href={paths.login(paths.pickup())}>
            {t('nav.login')}
          </Link>
        </div>
      )}
      {points.error && <ErrorNotice error={points.error} onRetry={points.reload} />}
      {me && !points.data && !points.error && <Loading />}
      {points.data?.items.length === 0 && <Empty>{t('pickup.none')}</Empty>}
      {points.data?.items.map((point) => (
        <Point key={point.id} point={point} onChange={points.reload} />
      ))}
    </section>
  );
}

function Point({ point, onChange }: { point: WaitingPoint; onChange: () => void }) {
  const { t } = useI18n();
  const open = point.waiting.filter((p) => !p.held);
  const [tracking, setTracking] = useState('');
  const [code, setCode] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const save = useSave((message) => {
    setDone(message);
    setCode('');
    setTracking('');
    onChange();
  });
  const chosen = tracking || open[0]?.trackingCode || '';
  const id = `point-${point.id}`;
  return (
    <article aria-labelledby={id}>
      <h2 id={id}>{point.name}</h2>
      <p>{t('pickup.waiting', { count: point.waiting.length })}</p>
      {point.waiting.length === 0 && <Empty>{t('pickup.nothing')}</Empty>}
      <ul class="pickup-waiting">
        {point.waiting.map((p) => (
          <li key={p.trackingCode}>
            {t('pickup.parcel', { code: p.trackingCode, carrier: p.carrier, name: p.recipientName, phone: p.phone })}
            {' · '}
            <strong>{p.codAmount > 0 ? t('pickup.cod', { amount: money(p.codAmount) }) : t('pickup.prepaid')}</strong>
            {p.held && <em> · {t('pickup.held')}</em>}
          </li>
        ))}
      </ul>
      {done && (
        <p role="status" class="notice notice-success">
          {done}
        </p>
      )}
      {open.length > 0 && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save.run(async () => {
              const given = await api.post<Collected>(`/api/delivery/pickup-points/${point.id}/collections`, { trackingCode: chosen, code });
              return t('pickup.given', { code: given.trackingCode, amount: money(given.codAmount) });
            });
          }}
        >
          <div class="field">
            <label for={`${id}-tracking`}>{t('pickup.tracking')}</label>
            <select id={`${id}-tracking`} value={chosen} onChange={(event) => setTracking(event.currentTarget.value)}>
              {open.map((p) => (
                <option key={p.trackingCode} value={p.trackingCode}>
                  {p.trackingCode} · {p.recipientName}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`${id}-code`}>{t('pickup.code')}</label>
            <input
              id={`${id}-code`}
              inputMode="numeric"
              autoComplete="off"
              pattern="[0-9 \-]{6,12}"
              required
              value={code}
              onInput={(event) => setCode(event.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button" disabled={save.busy}>
            {t('pickup.give')}
          </button>
          {save.error && <ErrorNotice error={save.error} />}
        </form>
      )}
    </article>
  );
}
