import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useSession, type Me } from '../accounts/session.ts';
import { Link, navigate, paths } from '../platform/router.tsx';
import { Loading } from '../platform/status.tsx';
import { AppFrame, LoginNotice, useOnline } from '../field/field-parts.tsx';
import { startServiceWorker } from '../field/service-worker.ts';
import { createSyncClient } from '../field/sync-client.ts';
import { exclusiveAs, useSyncLoop } from '../field/sync-lifecycle.ts';
import { countOutbox } from '../field/sync.rules.ts';
import { SyncBar } from '../field/sync-bar.tsx';
import { useWatch } from '../field/use-watch.ts';
import type { Mutation } from '../field/field.types.ts';
import { useCourierI18n, dong } from './courier.i18n.ts';
import { courierTransport } from './courier.api.ts';
import { daySummary, isDone, moveStop, stopsOnPhone, type StopView } from './courier.rules.ts';
import { CourierStore, type CourierAccount } from './courier.store.ts';
import { StopPage } from './stop-page.tsx';
import '../field/field.css';
import './courier.css';

/** The courier app's path: the service worker is registered for it, so it opens with no signal. */
export const COURIER_ROOT = '/giao-hang/hom-nay';

let sharedStore: CourierStore | null = null;
const courierStore = () => (sharedStore ??= new CourierStore());

const courierAccountOf = (me: Me): CourierAccount | null =>
  me.roles.some((grant) => grant.role === 'courier') ? { id: me.id, username: me.username, displayName: me.displayName } : null;

type Boot = { state: 'opening' } | { state: 'unavailable' } | { state: 'ready'; account: CourierAccount | null };

/**
 * The courier's day on the phone (/giao-hang/hom-nay): the stops in order, delivered or failed at
 * the door, paid in cash or by the VietQR on screen, all with no signal; the field app's outbox and
 * sync carry the day to the server when the phone finds a network.
 */
export function CourierApp() {
  const { t } = useCourierI18n();
  const { me } = useSession();
  const store = courierStore();
  const online = useOnline();
  const [boot, setBoot] = useState<Boot>({ state: 'opening' });

  useEffect(() => {
    startServiceWorker(COURIER_ROOT);
    store.account().then(
      (account) => setBoot({ state: 'ready', account }),
      (error: unknown) => {
        console.error(error);
        setBoot({ state: 'unavailable' });
      },
    );
  }, [store]);

  const fromSession = me ? courierAccountOf(me) : null;
  useEffect(() => {
    if (boot.state !== 'ready' || !fromSession || boot.account?.id === fromSession.id) return;
    void store.useAccount(fromSession).then(() => {
      void navigator.storage?.persist?.().catch(() => false);
      setBoot({ state: 'ready', account: fromSession });
    });
  }, [boot, fromSession, store]);

  const needsLogin = boot.state === 'ready' && !boot.account && me === null && online;
  useEffect(() => {
    if (needsLogin) navigate(paths.login(COURIER_ROOT), { replace: true });
  }, [needsLogin]);

  if (boot.state === 'opening') return <Shell>{<Loading lines={6} />}</Shell>;
  if (boot.state === 'unavailable') return <Shell>{<p class="notice notice-error">{t('app.store_unavailable')}</p>}</Shell>;
  if (me && !fromSession) return <Shell>{<p class="notice notice-info">{t('app.not_courier')}</p>}</Shell>;
  const account = boot.account;
  if (!account || (me && account.id !== me.id)) {
    return (
      <Shell>
        <LoginNotice
          waiting={me === undefined || fromSession !== null}
          message={t(online ? 'app.login_needed' : 'app.offline_first')}
          login={t('app.login')}
          href={paths.login(COURIER_ROOT)}
        />
      </Shell>
    );
  }
  return <CourierDayScreen key={account.id} account={account} store={store} />;
}

function Shell({ children, bar }: { children: ComponentChildren; bar?: ComponentChildren }) {
  const { t } = useCourierI18n();
  return (
    <AppFrame title={t('app.title')} bar={bar} footer={<Link href={paths.home()}>{t('app.main_site')}</Link>}>
      {children}
    </AppFrame>
  );
}

const exclusive = exclusiveAs('banso-courier-sync');

function CourierDayScreen({ account, store }: { account: CourierAccount; store: CourierStore }) {
  const { t } = useCourierI18n();
  const { setMe } = useSession();
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  const client = useMemo(
    () =>
      createSyncClient({
        store,
        transport: courierTransport((me) => {
          if (live.current && me.id === account.id) setMe(me);
        }),
        isOnline: () => navigator.onLine,
        exclusive,
      }),
    [store, account.id],
  );
  const status = useSyncLoop(client);
  const outbox = useWatch(() => store.outbox(), [store, account.id]);
  const route = useWatch(() => store.route(), [store, account.id]);
  const lastSync = useWatch(() => store.lastSyncAt(), [store, account.id]);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const stops = useMemo(() => (route && outbox ? stopsOnPhone(route, outbox) : undefined), [route, outbox]);
  const save = async (mutation: Mutation) => {
    await store.add(mutation);
    void client.sync('save');
  };

  const bar = (
    <SyncBar
      status={status}
      waiting={countOutbox(outbox ?? []).waiting}
      lastSync={lastSync ?? null}
      onSync={() => void client.sync('manual')}
      loginPath={COURIER_ROOT}
    />
  );
  if (route === undefined || outbox === undefined) return <Shell bar={bar}>{<Loading lines={6} />}</Shell>;
  if (route === null || !stops) return <Shell bar={bar}>{<p class="notice notice-info">{t('day.none')}</p>}</Shell>;
  const current = open ? stops.find((s) => s.parcelId === open) : undefined;
  if (current) {
    return (
      <Shell bar={bar}>
        <StopPage
          stop={current}
          position={stops.indexOf(current) + 1}
          onBack={() => setOpen(null)}
          onDrop={(id) => void store.discard(id)}
          onSave={async (mutation, message) => {
            await save(mutation);
            setNotice(message);
            setOpen(null);
          }}
        />
      </Shell>
    );
  }
  return (
    <Shell bar={bar}>
      <StopList stops={stops} routeId={route.id} notice={notice} onOpen={setOpen} onReorder={save} />
    </Shell>
  );
}

function StopList({
  stops,
  routeId,
  notice,
  onOpen,
  onReorder,
}: {
  stops: StopView[];
  routeId: string;
  notice: string | null;
  onOpen: (id: string) => void;
  onReorder: (mutation: Mutation) => Promise<void>;
}) {
  const { t } = useCourierI18n();
  const summary = daySummary(stops);
  const ids = stops.map((s) => s.parcelId);
  const reorder = (index: number, by: -1 | 1) => void onReorder({ kind: 'route.reorder', payload: { routeId, parcelIds: moveStop(ids, index, by) } });
  return (
    <>
      {notice && (
        <p class="notice notice-success" role="status">
          {notice}
        </p>
      )}
      <p class="courier-summary">{t('day.summary', { done: summary.done, all: summary.all, cod: dong(summary.codLeft) })}</p>
      <h1 class="visually-hidden">{t('day.stops')}</h1>
      <ol class="courier-stops" aria-label={t('day.stops')}>
        {stops.map((stop, index) => (
          <li key={stop.parcelId} class={`courier-stop${isDone(stop) ? ' is-done' : ''}`} data-state={stop.state} data-parcel={stop.trackingCode}>
            <button type="button" class="courier-stop-open" onClick={() => onOpen(stop.parcelId)}>
              <span class="courier-stop-number" aria-hidden="true">
                {index + 1}
              </span>
              <span class="courier-stop-main">
                <strong>{stop.recipientName}</strong>
                <span>
                  {stop.villageName ?? ''} · {stop.arrivesAt}
                </span>
                <span class={stop.codAmount > 0 ? 'courier-cod' : 'muted'}>
                  {stop.codAmount > 0 ? t('stop.cod', { amount: dong(stop.codAmount) }) : t('stop.no_cod')}
                </span>
              </span>
              <span class={`courier-state courier-state-${stop.state}`}>
                {t(`state.${stop.state}`)}
                {stop.pending && <small> · {t('stop.pending')}</small>}
                {stop.paid && <small> · {t('stop.paid')}</small>}
              </span>
            </button>
            <span class="courier-stop-actions">
              <a class="button button-secondary" href={`tel:${stop.phone}`} aria-label={t('stop.call', { name: stop.recipientName })}>
                ☎
              </a>
              <button
                type="button"
                class="button button-secondary"
                disabled={index === 0}
                onClick={() => reorder(index, -1)}
                aria-label={t('stop.up', { n: index + 1 })}
              >
                ↑
              </button>
              <button
                type="button"
                class="button button-secondary"
                disabled={index === stops.length - 1}
                onClick={() => reorder(index, 1)}
                aria-label={t('stop.down', { n: index + 1 })}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
