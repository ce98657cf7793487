import { useRef, useState } from 'preact/hooks';
import type { Collected, WaitingPoint } from '../../../src/delivery/pickup-point.schema.ts';
import { useSession } from '../accounts/session.ts';
import { api } from '../platform/api.ts';
import { focusFirstProblem } from '../platform/focus-first-problem.ts';
import { formatDateTime, formatMoney, formatNumber } from '../platform/format.ts';
import { addMessages, messagesFor, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { cashEn, cashVi } from './cash.i18n.ts';
import { LabelledField } from './money-field.tsx';
import './delivery.css';

addMessages(cashVi, cashEn);

/** What the recipient was told: six digits, once the spaces or dashes people put between them are gone. */
const COLLECTION_CODE = /^\d{6}$/;

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
  const form = useRef<HTMLFormElement>(null);
  const doneLine = useRef<HTMLParagraphElement>(null);
  const save = useSave((message) => {
    setDone(message);
    setCode('');
    setTracking('');
    setTimeout(() => doneLine.current?.focus());
  });
  const chosen = open.find((p) => p.trackingCode === tracking) ?? open[0];
  const id = `point-${point.id}`;
  const formError = save.formError(['trackingCode', 'code']);
  return (
    <article aria-labelledby={id} class="pickup-point">
      <h2 id={id}>{point.name}</h2>
      <p>{t('pickup.waiting', { count: formatNumber(point.waiting.length) })}</p>
      {point.waiting.length === 0 && <Empty>{t('pickup.nothing')}</Empty>}
      <ul class="pickup-waiting">
        {point.waiting.map((p) => (
          <li key={p.trackingCode} class={p.held ? 'is-held' : undefined} data-parcel={p.trackingCode}>
            <span class="pickup-code">{p.trackingCode}</span>
            {t('pickup.who', { name: p.recipientName, phone: p.phone, carrier: p.carrier })}
            <br />
            <strong>{p.codAmount > 0 ? t('pickup.cod', { amount: formatMoney(p.codAmount) }) : t('pickup.prepaid')}</strong>
            {' · '}
            <span class="muted">{t('pickup.since', { date: formatDateTime(p.since) })}</span>
            {p.held && <span class="pickup-held">{t('pickup.held')}</span>}
          </li>
        ))}
      </ul>
      {done && (
        <p role="status" class="notice notice-success form-done" tabIndex={-1} ref={doneLine}>
          {done}
        </p>
      )}
      {/* Outside the form: a parcel held after too many wrong codes leaves no form, and the reason stays. */}
      {formError && <ErrorNotice error={formError} />}
      {chosen && (
        <form
          ref={form}
          class="money-form"
          noValidate
          aria-labelledby={`${id}-form`}
          onSubmit={(event) => {
            event.preventDefault();
            setDone(null);
            if (!COLLECTION_CODE.test(code.replace(/[\s-]/g, ''))) {
              save.setProblems({ code: messagesFor('pickup.code_bad') });
              focusFirstProblem(form.current);
              return;
            }
            void save
              .run(async () => {
                const given = await api.post<Collected>(`/api/delivery/pickup-points/${point.id}/collections`, { trackingCode: chosen.trackingCode, code });
                return given.codAmount > 0
                  ? t('pickup.given', { code: given.trackingCode, amount: formatMoney(given.codAmount) })
                  : t('pickup.given_prepaid', { code: given.trackingCode });
              })
              // A refused code counts: the list shows a parcel held after too many.
              .then(() => {
                onChange();
                focusFirstProblem(form.current);
              });
          }}
        >
          <h3 id={`${id}-form`}>{t('pickup.form_title')}</h3>
          <LabelledField id={`${id}-tracking`} label={t('pickup.tracking')} problem={save.problemOf('trackingCode')}>
            {(control) => (
              <select {...control} value={chosen.trackingCode} onChange={(event) => setTracking(event.currentTarget.value)}>
                {open.map((p) => (
                  <option key={p.trackingCode} value={p.trackingCode}>
                    {p.trackingCode} · {p.recipientName}
                  </option>
                ))}
              </select>
            )}
          </LabelledField>
          <LabelledField id={`${id}-code`} label={t('pickup.code')} hint={t('pickup.code_hint')} problem={save.problemOf('code')}>
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={12}
                value={code}
                onInput={(event) => setCode(event.currentTarget.value)}
              />
            )}
          </LabelledField>
          <button type="submit" class="button button-primary" disabled={save.busy}>
            {t('pickup.give')}
          </button>
        </form>
      )}
    </article>
  );
}
