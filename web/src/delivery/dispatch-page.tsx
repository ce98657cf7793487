import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DayPlan, Parcel } from '../../../src/delivery/delivery.schema.ts';
import { useSession } from '../accounts/session.ts';
import { boundariesUrl } from '../dashboard/dashboard.api.ts';
import type { CommuneFeatureCollection } from '../dashboard/leaflet-map.ts';
import { api, withQuery } from '../platform/api.ts';
import { formatNumber, todayInVietnam } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { deliveryEn, deliveryVi } from './delivery.i18n.ts';
import type { RouteMapHandle } from './route-map.ts';
import { CashSection } from './cash-section.tsx';
import { CarrierCod } from './cod-sections.tsx';

addMessages(deliveryVi, deliveryEn);

type Carriers = { items: { id: string; code: string; name: string }[] };
/** One colour per courier, told apart also by the list's order and labels. */
const COLOURS = ['#1b6e4a', '#b5451b', '#2a5ca8', '#8a3c8f', '#a07a00', '#2f7f86'];
const POLL_MS = 2_000;
const money = (amount: number) => `${formatNumber(amount)} ₫`;

/** A carrier's dispatcher plans the day: the parcels, "plan the day", each courier's route as a list and on the map. */
export function DispatchPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('dlv.title'));
  return (
    <section aria-labelledby="dlv-title">
      <h1 id="dlv-title">{t('dlv.title')}</h1>
      <p class="lead">{t('dlv.lead')}</p>
      {me === undefined && <Loading />}
      {me === null && (
        <div class="notice notice-info">
          <p>{t('dlv.login')}</p>
          <Link class="button button-secondary" href={paths.login(paths.delivery())}>
            {t('nav.login')}
          </Link>
        </div>
      )}
      {me && <Dispatch />}
    </section>
  );
}

function Dispatch() {
  const { t } = useI18n();
  const carriers = useApi<Carriers>('/api/delivery/carriers');
  const [carrier, setCarrier] = useState<string | null>(null);
  const [day, setDay] = useState(todayInVietnam());
  const chosen = carrier ?? carriers.data?.items[0]?.id ?? null;
  if (carriers.error) return <ErrorNotice error={carriers.error} onRetry={carriers.reload} />;
  if (!carriers.data) return <Loading />;
  if (carriers.data.items.length === 0) return <Empty>{t('dlv.no_carrier')}</Empty>;
  return (
    <>
      <div class="dlv-controls">
        <div class="field">
          <label for="dlv-carrier">{t('dlv.carrier')}</label>
          <select id="dlv-carrier" value={chosen ?? ''} onChange={(event) => setCarrier(event.currentTarget.value)}>
            {carriers.data.items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="dlv-day">{t('dlv.day')}</label>
          <input id="dlv-day" type="date" value={day} onChange={(event) => setDay(event.currentTarget.value)} />
        </div>
      </div>
      {chosen && <CarrierDay carrier={chosen} day={day} />}
    </>
  );
}

function CarrierDay({ carrier, day }: { carrier: string; day: string }) {
  const { t } = useI18n();
  const parcels = useApi<{ items: Parcel[] }>(withQuery('/api/delivery/parcels', { carrier, day }));
  const latest = useApi<{ plan: DayPlan | null }>(withQuery('/api/delivery/plans/latest', { carrier, day }));
  const plan = latest.data?.plan ?? null;
  const save = useSave(() => latest.reload());
  // The solve runs as a job: ask again until it is done (or failed).
  useEffect(() => {
    if (plan?.state !== 'queued') return;
    const timer = window.setTimeout(() => {
      latest.reload();
      parcels.reload();
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [plan, latest, parcels]);
  const items = parcels.data?.items ?? [];
  const cod = items.reduce((sum, p) => sum + p.codAmount, 0);
  return (
    <>
      {parcels.error && <ErrorNotice error={parcels.error} onRetry={parcels.reload} />}
      <p>
        {t('dlv.parcels', { count: formatNumber(items.length) })} · {t('dlv.cod_total', { amount: money(cod) })}
      </p>
      <button
        type="button"
        class="button"
        disabled={save.busy || plan?.state === 'queued'}
        onClick={() =>
          save.run(async () => {
            await api.post('/api/delivery/plans', { carrier, day });
            return t('dlv.planning');
          })
        }
      >
        {t('dlv.plan')}
      </button>
      {save.error && <ErrorNotice error={save.error} />}
      {latest.error && <ErrorNotice error={latest.error} onRetry={latest.reload} />}
      {plan?.state === 'queued' && <p role="status">{t('dlv.planning')}</p>}
      {plan?.state === 'failed' && <p class="notice notice-error">{t('dlv.plan_failed')}</p>}
      {latest.data && !plan && <Empty>{t('dlv.no_plan')}</Empty>}
      {plan?.state === 'done' && <PlanView plan={plan} />}
      <CashSection carrier={carrier} day={day} />
      <CarrierCod carrier={carrier} day={day} />
    </>
  );
}

function PlanView({ plan }: { plan: DayPlan }) {
  const { t, text } = useI18n();
  return (
    <div class="dlv-plan">
      <p class="hint">{t('dlv.solved_in', { ms: formatNumber(plan.solveMs ?? 0) })}</p>
      {plan.routes.map((route, i) => (
        <section key={route.courier.id} aria-labelledby={`dlv-route-${i}`}>
          <h2 id={`dlv-route-${i}`} style={{ borderLeft: `6px solid ${COLOURS[i % COLOURS.length]}`, paddingLeft: '0.5rem' }}>
            {t('dlv.route', { name: route.courier.name, stops: route.stops.length, km: formatNumber(route.distanceKm), back: route.returnsAt })}
          </h2>
          <ol class="dlv-stops">
            {route.stops.map((stop) => (
              <li key={stop.parcelId}>
                {t('dlv.stop', { time: stop.arrivesAt, village: stop.villageName ?? '—', code: stop.trackingCode, name: stop.recipientName })}
                {stop.codAmount > 0 && <strong> · {t('dlv.cod', { amount: money(stop.codAmount) })}</strong>}
              </li>
            ))}
          </ol>
        </section>
      ))}
      {plan.unassigned.length > 0 && (
        <section aria-labelledby="dlv-unassigned">
          <h2 id="dlv-unassigned">{t('dlv.unassigned', { count: plan.unassigned.length })}</h2>
          <ul>
            {plan.unassigned.map((u) => (
              <li key={u.parcelId}>{text(u.message)}</li>
            ))}
          </ul>
        </section>
      )}
      <RouteMap plan={plan} />
    </div>
  );
}

function RouteMap({ plan }: { plan: DayPlan }) {
  const { t } = useI18n();
  const boundaries = useApi<CommuneFeatureCollection>(boundariesUrl);
  const element = useRef<HTMLDivElement>(null);
  const handle = useRef<RouteMapHandle | null>(null);
  const [ready, setReady] = useState(false);
  const lines = useMemo(
    () =>
      plan.routes.map((route, i) => ({
        label: route.courier.name,
        colour: COLOURS[i % COLOURS.length]!,
        stops: route.stops.flatMap((s) => (s.location ? [{ ...s.location, label: `${s.villageName ?? ''} ${s.trackingCode}` }] : [])),
      })),
    [plan],
  );
  useEffect(() => {
    if (!boundaries.data || !element.current) return;
    let cancelled = false;
    const data = boundaries.data;
    void import('./route-map.ts').then(({ createRouteMap }) => {
      if (cancelled || !element.current) return;
      handle.current = createRouteMap(element.current, data);
      setReady(true);
    });
    return () => {
      cancelled = true;
      handle.current?.destroy();
      handle.current = null;
      setReady(false);
    };
  }, [boundaries.data]);
  useEffect(() => {
    if (ready) handle.current?.show(plan.routes[0]?.hub ?? null, lines);
  }, [ready, lines, plan]);
  return (
    <section aria-labelledby="dlv-map">
      <h2 id="dlv-map">{t('dlv.map')}</h2>
      {boundaries.error && <ErrorNotice error={boundaries.error} onRetry={boundaries.reload} />}
      <div ref={element} class="dlv-map" style={{ height: '420px' }} />
    </section>
  );
}
