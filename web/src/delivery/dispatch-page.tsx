import type { RefObject } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DayPlan, Parcel } from '../../../src/delivery/delivery.schema.ts';
import { useSession } from '../accounts/session.ts';
import { boundariesUrl } from '../dashboard/dashboard.api.ts';
import type { CommuneFeatureCollection } from '../dashboard/leaflet-map.ts';
import { api, withQuery } from '../platform/api.ts';
import { DateField } from '../platform/date-field.tsx';
import { formatDate, formatDateTime, formatDecimal, formatMoney, formatNumber, todayInVietnam } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths, useLocation } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { deliveryEn, deliveryVi } from './delivery.i18n.ts';
import type { RouteMapHandle } from './route-map.ts';
import { CashSection } from './cash-section.tsx';
import { CarrierCod } from './cod-sections.tsx';
import { CourierRefusals } from './refusals-section.tsx';
import { ParcelsAtPoints } from './parcels-at-points-section.tsx';
import { TransferQueue } from './transfer-queue-section.tsx';
import './delivery.css';

addMessages(deliveryVi, deliveryEn);

type Carriers = { items: { id: string; code: string; name: string }[] };
/** One colour per courier (delivery.css), told apart also by the lists' order and names. */
const ROUTE_COLOURS = 6;
const routeColour = (i: number) => `route-colour-${i % ROUTE_COLOURS}`;
const POLL_MS = 2_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The page's parts, each with its own address: the morning's routes, the evening's cash, the month's COD, what needs attention (the couriers' refusals, the parcels waiting at points). */
const VIEWS = { routes: '', cash: 'tien', cod: 'thu-ho', refusals: 'can-xu-ly' } as const;
type View = keyof typeof VIEWS;
const viewOf = (search: string): View => {
  const asked = new URLSearchParams(search).get('xem');
  return (Object.keys(VIEWS) as View[]).find((view) => VIEWS[view] === asked && asked !== '') ?? 'routes';
};
const viewHref = (view: View) => (VIEWS[view] ? `${paths.delivery()}?xem=${VIEWS[view]}` : paths.delivery());

/** A carrier's dispatcher: the day's parcels, "plan the day", each courier's route as a list and on the map; the cash and COD of the day. */
export function DispatchPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  useTitle(t('dlv.title'));
  return (
    <section aria-labelledby="dlv-title" class="dispatch">
      <h1 id="dlv-title">{t('dlv.title')}</h1>
      <p class="lead">{t('dlv.lead')}</p>
      {me === undefined && <Loading />}
      {me === null && (
        <div class="notice notice-info">
          <p>{t('dlv.login')}</p>
          <Link class="button button-secondary" href={paths.login(location.pathname + location.search)}>
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
  const location = useLocation();
  const view = viewOf(location.search);
  const carriers = useApi<Carriers>('/api/delivery/carriers');
  const [carrier, setCarrier] = useState<string | null>(null);
  // What the day field holds as typed, and the last whole day in it, which the parts below show.
  const [typedDay, setTypedDay] = useState(todayInVietnam());
  const [day, setDay] = useState(todayInVietnam());
  if (carriers.error) return <ErrorNotice error={carriers.error} onRetry={carriers.reload} />;
  if (!carriers.data) return <Loading />;
  const [first] = carriers.data.items;
  if (!first) return <Empty>{t('dlv.no_carrier')}</Empty>;
  const chosen = carriers.data.items.find((c) => c.id === carrier) ?? first;
  return (
    <>
      {carriers.data.items.length === 1 && <p class="dlv-carrier">{t('dlv.carrier_is', { name: chosen.name })}</p>}
      <div class="dlv-controls">
        {carriers.data.items.length > 1 && (
          <div class="field">
            <label for="dlv-carrier">{t('dlv.carrier')}</label>
            <select id="dlv-carrier" value={chosen.id} onChange={(event) => setCarrier(event.currentTarget.value)}>
              {carriers.data.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <DateField
          id="dlv-day"
          label={t('dlv.day')}
          class="dlv-day"
          value={typedDay}
          required
          problem={typedDay === '' ? t('dlv.day_required') : undefined}
          onValue={(value) => {
            setTypedDay(value);
            if (DAY.test(value)) setDay(value);
          }}
        />
      </div>
      <nav class="tabs" aria-label={t('dlv.views')}>
        <ul>
          {(Object.keys(VIEWS) as View[]).map((v) => (
            <li key={v}>
              <Link href={viewHref(v)} aria-current={view === v ? 'page' : undefined}>
                {t(`dlv.view.${v}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* Keyed by carrier and day: another day starts afresh (its forms empty, nothing of the last one's focus). */}
      {view === 'routes' && <CarrierDay key={`${chosen.id}:${day}`} carrier={chosen.id} day={day} />}
      {view === 'cash' && (
        <>
          <CashSection key={`${chosen.id}:${day}`} carrier={chosen.id} day={day} />
          <TransferQueue key={chosen.id} carrier={chosen.id} />
        </>
      )}
      {view === 'cod' && <CarrierCod key={`${chosen.id}:${day}`} carrier={chosen.id} day={day} />}
      {view === 'refusals' && (
        <>
          <CourierRefusals key={chosen.id} carrier={chosen.id} />
          <ParcelsAtPoints key={`points:${chosen.id}`} carrier={chosen.id} />
        </>
      )}
    </>
  );
}

/**
 * Village names for the parcels' codes, read from their communes' lists (a parcel carries its
 * village's code; a day's parcels lie in a handful of communes).
 */
function useVillageNames(codes: readonly string[]): ReadonlyMap<string, string> {
  const communes = [...new Set(codes.map((code) => code.slice(0, 5)))].sort().join(',');
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    if (!communes) return;
    const controller = new AbortController();
    void Promise.all(
      communes
        .split(',')
        .map((commune) => api.get<{ items: { code: string; name: string }[] }>(`/api/org-units/${commune}/children?limit=500`, { signal: controller.signal })),
    ).then(
      (lists) => setNames(new Map(lists.flatMap((list) => list.items.map((v) => [v.code, v.name] as const)))),
      // Without the names the codes still say where: nothing to tell the dispatcher.
      () => undefined,
    );
    return () => controller.abort();
  }, [communes]);
  return names;
}

function CarrierDay({ carrier, day }: { carrier: string; day: string }) {
  const { t } = useI18n();
  const parcels = useApi<{ items: Parcel[] }>(withQuery('/api/delivery/parcels', { carrier, day }));
  const latest = useApi<{ plan: DayPlan | null }>(withQuery('/api/delivery/plans/latest', { carrier, day }));
  const plan = latest.data?.plan ?? null;
  const items = useMemo(() => parcels.data?.items ?? [], [parcels.data]);
  const villages = useVillageNames(items.flatMap((p) => (p.villageCode ? [p.villageCode] : [])));
  // Focus follows a plan this page asked for, once each way: to the "planning" line while the
  // button is disabled, then to the routes, unless the dispatcher has gone elsewhere meanwhile.
  const asked = useRef<'no' | 'asked' | 'waiting'>('no');
  const seen = useRef<{ id: string; state: string } | null>(null);
  const planning = useRef<HTMLParagraphElement>(null);
  const action = useRef<HTMLDivElement>(null);
  const result = useRef<HTMLHeadingElement>(null);
  const save = useSave(() => latest.reload());
  const reloadPlan = latest.reload;
  const reloadParcels = parcels.reload;

  useEffect(() => {
    if (!plan) return;
    const before = seen.current;
    seen.current = { id: plan.id, state: plan.state };
    if (plan.state === 'queued') {
      if (asked.current === 'asked') {
        asked.current = 'waiting';
        planning.current?.focus();
      }
      // The solve runs as a job: ask again until it is done (or failed).
      const timer = window.setTimeout(reloadPlan, POLL_MS);
      return () => window.clearTimeout(timer);
    }
    // Settled since the last look (the plan that was queued, or a newer one): the parcels moved.
    if (!before || (before.id === plan.id && before.state === plan.state)) return;
    reloadParcels();
    const focused = document.activeElement;
    const focusLeft = focused === null || focused === document.body || !!action.current?.contains(focused);
    if (asked.current !== 'no' && focusLeft) result.current?.focus();
    asked.current = 'no';
  }, [plan, reloadPlan, reloadParcels]);

  const cod = items.reduce((sum, p) => sum + p.codAmount, 0);
  const grams = items.reduce((sum, p) => sum + p.weightGrams, 0);
  return (
    <>
      <section aria-labelledby="dlv-parcels" class="dlv-parcels">
        <h2 id="dlv-parcels">{t('dlv.parcels_title', { day: formatDate(day) })}</h2>
        {parcels.error && <ErrorNotice error={parcels.error} onRetry={parcels.reload} />}
        {!parcels.data && !parcels.error && <Loading lines={2} />}
        {parcels.data && (
          <dl class="dlv-figures">
            <div>
              <dt>{t('dlv.fig.parcels')}</dt>
              <dd data-figure="parcels">{formatNumber(items.length)}</dd>
            </div>
            <div>
              <dt>{t('dlv.fig.cod')}</dt>
              <dd>{formatMoney(cod)}</dd>
            </div>
            <div>
              <dt>{t('dlv.fig.weight')}</dt>
              <dd>{t('dlv.fig.weight_value', { kg: formatDecimal(grams / 1000) })}</dd>
            </div>
            <div>
              <dt>{t('dlv.fig.earlier')}</dt>
              <dd>{formatNumber(items.filter((p) => p.dueOn < day).length)}</dd>
            </div>
            <div>
              <dt>{t('dlv.fig.unsettled')}</dt>
              <dd>{formatNumber(items.filter((p) => !p.villageCode).length)}</dd>
            </div>
          </dl>
        )}
        <div class="dlv-plan-action" ref={action}>
          <button
            type="button"
            class="button button-primary"
            disabled={save.busy || plan?.state === 'queued' || items.length === 0}
            onClick={() =>
              save.run(async () => {
                await api.post('/api/delivery/plans', { carrier, day });
                asked.current = 'asked';
                return t('dlv.planning');
              })
            }
          >
            {plan?.state === 'done' ? t('dlv.replan') : t('dlv.plan')}
          </button>
          {plan?.state === 'queued' && (
            <p role="status" class="dlv-planning" tabIndex={-1} ref={planning}>
              {t('dlv.planning')}
            </p>
          )}
        </div>
        {save.error && <ErrorNotice error={save.error} />}
        {latest.error && <ErrorNotice error={latest.error} onRetry={latest.reload} />}
        {plan?.state === 'failed' && (
          <p class="notice notice-error" role="alert">
            {t('dlv.plan_failed')}
          </p>
        )}
        {latest.data && !plan && <Empty>{t('dlv.no_plan')}</Empty>}
        {parcels.data && items.length === 0 && <Empty>{t('dlv.no_parcels')}</Empty>}
        {items.length > 0 && <ParcelTable parcels={items} villages={villages} day={day} />}
      </section>
      {plan?.state === 'done' && <PlanView plan={plan} parcels={items} villages={villages} heading={result} />}
    </>
  );
}

function ParcelTable({ parcels, villages, day }: { parcels: Parcel[]; villages: ReadonlyMap<string, string>; day: string }) {
  const { t } = useI18n();
  return (
    <details class="dlv-parcel-list">
      <summary>{t('dlv.parcel_list', { count: formatNumber(parcels.length) })}</summary>
      <TableBox id="dlv-parcel-table" title={t('dlv.parcel_table', { day: formatDate(day) })} busy={false} tableClass="table-sticky dlv-parcel-table">
        <thead>
          <tr>
            <th scope="col">{t('dlv.col.code')}</th>
            <th scope="col">{t('dlv.col.recipient')}</th>
            <th scope="col">{t('dlv.col.village')}</th>
            <th scope="col" class="num">
              {t('dlv.col.cod')}
            </th>
            <th scope="col" class="num">
              {t('dlv.col.weight')}
            </th>
            <th scope="col">{t('dlv.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {parcels.map((p) => (
            <tr key={p.id} data-parcel={p.trackingCode}>
              <th scope="row">{p.trackingCode}</th>
              <td>{p.recipientName}</td>
              <td>{p.villageCode ? (villages.get(p.villageCode) ?? p.villageCode) : t('dlv.address_unsettled', { address: p.addressText ?? '—' })}</td>
              <td class="num">{p.codAmount > 0 ? formatMoney(p.codAmount) : '—'}</td>
              <td class="num">{t('dlv.weight', { kg: formatDecimal(p.weightGrams / 1000) })}</td>
              <td>
                {t(`dlv.state.${p.state}`)}
                {p.dueOn < day && <span class="dlv-earlier"> · {t('dlv.due_earlier', { date: formatDate(p.dueOn) })}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </TableBox>
    </details>
  );
}

function PlanView(props: { plan: DayPlan; parcels: Parcel[]; villages: ReadonlyMap<string, string>; heading: RefObject<HTMLHeadingElement> }) {
  const { plan, parcels, villages, heading } = props;
  const { t, text } = useI18n();
  const byId = new Map(parcels.map((p) => [p.id, p]));
  const stops = plan.routes.reduce((sum, r) => sum + r.stops.length, 0);
  return (
    <section aria-labelledby="dlv-plan" class="dlv-plan">
      <h2 id="dlv-plan" tabIndex={-1} ref={heading}>
        {t('dlv.plan_title', { day: formatDate(plan.day) })}
      </h2>
      <p class="muted">
        {t('dlv.planned_at', { time: formatDateTime(plan.requestedAt).slice(11), couriers: formatNumber(plan.routes.length), stops: formatNumber(stops) })}
      </p>
      {plan.unassigned.length > 0 && (
        <section aria-labelledby="dlv-unassigned" class="notice notice-warning dlv-unassigned">
          <h3 id="dlv-unassigned">{t('dlv.unassigned', { count: formatNumber(plan.unassigned.length) })}</h3>
          <p>{t('dlv.unassigned_lead')}</p>
          <ul>
            {plan.unassigned.map((u) => {
              const parcel = byId.get(u.parcelId);
              const village = parcel?.villageCode ? (villages.get(parcel.villageCode) ?? parcel.villageCode) : null;
              return (
                <li key={u.parcelId} data-parcel={parcel?.trackingCode}>
                  {parcel && (
                    <strong>
                      {[parcel.trackingCode, parcel.recipientName, village].filter(Boolean).join(' · ')}
                      {': '}
                    </strong>
                  )}
                  {text(u.message)}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <div class="dlv-plan-layout">
        <div class="dlv-routes">
          {plan.routes.map((route, i) => (
            <section key={route.courier.id} aria-labelledby={`dlv-route-${i}`} class={`dlv-route ${routeColour(i)}`}>
              <h3 id={`dlv-route-${i}`} class="dlv-route-title">
                <span class="dlv-swatch" aria-hidden="true" />
                {route.courier.name}
              </h3>
              <p class="dlv-route-facts">
                {t('dlv.route_facts', {
                  stops: formatNumber(route.stops.length),
                  km: formatDecimal(route.distanceKm),
                  back: route.returnsAt,
                  cod: formatMoney(route.stops.reduce((sum, s) => sum + s.codAmount, 0)),
                })}
              </p>
              <ol class="dlv-stops" aria-label={t('dlv.route_stops', { name: route.courier.name })}>
                {route.stops.map((stop) => (
                  <li key={stop.parcelId} data-parcel={stop.trackingCode}>
                    <span class="dlv-stop-time">{stop.arrivesAt}</span>
                    <span class="dlv-stop-what">
                      <span class="dlv-stop-village">{stop.villageName ?? '—'}</span>
                      {' · '}
                      {stop.trackingCode} · {stop.recipientName}
                      {stop.codAmount > 0 && <strong> · {t('dlv.cod', { amount: formatMoney(stop.codAmount) })}</strong>}
                      {stop.state !== 'planned' && <span class={`dlv-state dlv-state-${stop.state}`}>{t(`dlv.state.${stop.state}`)}</span>}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
        <RouteMap plan={plan} />
      </div>
    </section>
  );
}

function RouteMap({ plan }: { plan: DayPlan }) {
  const { t, lang } = useI18n();
  const boundaries = useApi<CommuneFeatureCollection>(boundariesUrl);
  const element = useRef<HTMLDivElement>(null);
  const handle = useRef<RouteMapHandle | null>(null);
  const [ready, setReady] = useState(false);
  const lines = useMemo(
    () =>
      plan.routes.map((route, i) => ({
        label: route.courier.name,
        colourClass: routeColour(i),
        stops: route.stops.flatMap((s) => (s.location ? [{ ...s.location, label: `${s.villageName ?? ''} ${s.trackingCode}` }] : [])),
      })),
    [plan],
  );
  useEffect(() => {
    if (!boundaries.data || !element.current) return;
    let cancelled = false;
    const data = boundaries.data;
    const words = { zoomIn: t('dlv.zoom_in'), zoomOut: t('dlv.zoom_out') };
    void import('./route-map.ts').then(({ createRouteMap }) => {
      if (cancelled || !element.current) return;
      handle.current = createRouteMap(element.current, data, words);
      setReady(true);
    });
    return () => {
      cancelled = true;
      handle.current?.destroy();
      handle.current = null;
      setReady(false);
    };
    // Made again in the other language: Leaflet's buttons keep the names they were made with.
  }, [boundaries.data, lang]);
  useEffect(() => {
    if (ready) handle.current?.show(plan.routes[0]?.hub ?? null, lines);
  }, [ready, lines, plan]);
  return (
    <section aria-labelledby="dlv-map" class="dlv-map-box">
      <h3 id="dlv-map">{t('dlv.map')}</h3>
      {boundaries.error && <ErrorNotice error={boundaries.error} onRetry={boundaries.reload} />}
      <div ref={element} class="dlv-map" role="region" aria-label={t('dlv.map_label')} data-ready={ready ? 'true' : undefined} />
      <p class="muted">{t('dlv.map_hint')}</p>
    </section>
  );
}
