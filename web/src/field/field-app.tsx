import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useSession, type Me } from '../accounts/session.ts';
import { Link, navigate, paths, useLocation } from '../platform/router.tsx';
import { Loading } from '../platform/status.tsx';
import { FieldContext, useField, type FieldState } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { fieldPaths, matchFieldRoute, FIELD_ROOT, type FieldRoute } from './field.routes.ts';
import { AppFrame, LoginNotice, useOnline } from './field-parts.tsx';
import { finishLogOut } from './log-out.rules.ts';
import { FieldStore } from './field.store.ts';
import type { FieldAccount } from './field.types.ts';
import { HouseholdList } from './household-list.tsx';
import { startServiceWorker } from './service-worker.ts';
import { createSyncClient } from './sync-client.ts';
import { exclusiveAs, useSyncLoop } from './sync-lifecycle.ts';
import { createTransport, endServerSession } from './sync.api.ts';
import { countOutbox, householdViews } from './sync.rules.ts';
import { SyncBar } from './sync-bar.tsx';
import { useWatch } from './use-watch.ts';
import './field.css';

/** One database per page, whatever remounts. */
let sharedStore: FieldStore | null = null;
const fieldStore = () => (sharedStore ??= new FieldStore());

/** The village an account works in: a team member's assignment, or any grant on one village. */
export function fieldAccountOf(me: Me): FieldAccount | null {
  const villages = me.roles.filter((grant) => grant.orgUnitCode.length === 8);
  const grant = villages.find((g) => g.role === 'team_member') ?? villages[0];
  if (!grant) return null;
  return { id: me.id, username: me.username, displayName: me.displayName, villageCode: grant.orgUnitCode, villageName: grant.orgUnitName };
}

const sameAccount = (a: FieldAccount | null, b: FieldAccount | null) => JSON.stringify(a) === JSON.stringify(b);

/** `pendingLogOut`: logged out on this phone, the server's session not ended yet (log-out.rules.ts). */
type Boot = { state: 'opening' } | { state: 'unavailable' } | { state: 'ready'; account: FieldAccount | null; pendingLogOut: boolean };

/**
 * The field app (/thuc-dia): a team member's village on the phone, usable without signal. The
 * account comes from the shell's session when there is one, else from the phone's memory of the
 * last log-in, so the app opens in a village with no network at all.
 */
export function FieldApp() {
  const { t } = useFieldI18n();
  const { me, setMe } = useSession();
  const store = fieldStore();
  const [boot, setBoot] = useState<Boot>({ state: 'opening' });
  const online = useOnline();

  useEffect(() => {
    startServiceWorker();
    Promise.all([store.account(), store.pendingLogOut()]).then(
      ([account, pendingLogOut]) => setBoot({ state: 'ready', account, pendingLogOut }),
      (error: unknown) => {
        console.error(error);
        setBoot({ state: 'unavailable' });
      },
    );
  }, [store]);

  // The account leaves the phone (a log-out, in this tab or another): the app follows at once,
  // and the shell forgets who was logged in, so the village is not fetched again for them.
  const stored = useWatch(() => store.storedAccountId(), [store]);
  const lastStored = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    const before = lastStored.current;
    lastStored.current = stored;
    if (!before || stored !== null) return;
    setMe(null);
    void store.pendingLogOut().then((pendingLogOut) => setBoot({ state: 'ready', account: null, pendingLogOut }));
  }, [stored, store, setMe]);

  // A log-out still has the server's session to end: now if the phone is online, else when it is.
  const pendingLogOut = boot.state === 'ready' && boot.pendingLogOut;
  const [endAttempt, setEndAttempt] = useState(0);
  const [endFailed, setEndFailed] = useState(false);
  useEffect(() => {
    if (!pendingLogOut || !online) return;
    let current = true;
    setEndFailed(false);
    void finishLogOut({ endServerSession: () => endServerSession(), clearPending: () => store.clearPendingLogOut() }).then((ended) => {
      if (!current) return;
      if (!ended) return setEndFailed(true);
      setMe(null);
      setBoot({ state: 'ready', account: null, pendingLogOut: false });
    });
    return () => {
      current = false;
    };
  }, [pendingLogOut, online, endAttempt, store, setMe]);

  // Until the server's session is over, whoever it belongs to is not let back in through it.
  const fromSession = me && !pendingLogOut ? fieldAccountOf(me) : null;
  useEffect(() => {
    if (boot.state !== 'ready' || !fromSession || sameAccount(boot.account, fromSession)) return;
    void store.useAccount(fromSession).then(() => {
      // Ask the browser not to evict the outbox when the phone runs short of space.
      void navigator.storage?.persist?.().catch(() => false);
      setBoot({ state: 'ready', account: fromSession, pendingLogOut: false });
    });
  }, [boot, fromSession, store]);

  const needsLogin = boot.state === 'ready' && !boot.account && !pendingLogOut && me === null && online;
  useEffect(() => {
    if (needsLogin) navigate(paths.login(FIELD_ROOT), { replace: true });
  }, [needsLogin]);

  if (boot.state === 'opening')
    return (
      <FieldShell>
        <Loading lines={6} />
      </FieldShell>
    );
  if (boot.state === 'unavailable')
    return (
      <FieldShell>
        <p class="notice notice-error">{t('store.unavailable')}</p>
      </FieldShell>
    );
  const account = boot.account;
  if (pendingLogOut) {
    return (
      <FieldShell>
        <div class="notice notice-info" role="status">
          <p>{t('session.logged_out')}</p>
          <p>{t(!online ? 'session.ending_offline' : endFailed ? 'session.ending_failed' : 'session.ending')}</p>
          {online && endFailed && (
            <button type="button" class="button button-secondary" onClick={() => setEndAttempt(endAttempt + 1)}>
              {t('session.retry')}
            </button>
          )}
        </div>
      </FieldShell>
    );
  }
  // Someone else is logged in: the phone's village belongs to its own account only.
  if (me && (!fromSession || (account && account.id !== me.id))) {
    return <FieldShell>{fromSession ? <Loading lines={6} /> : <p class="notice notice-info">{t('session.no_village')}</p>}</FieldShell>;
  }
  if (!account) {
    return (
      <FieldShell>
        <LoginNotice
          waiting={me === undefined || fromSession !== null}
          message={t(online ? 'session.login_needed' : 'session.offline_first')}
          login={t('session.login')}
          href={paths.login(FIELD_ROOT)}
        />
      </FieldShell>
    );
  }
  return <FieldSession key={`${account.id}:${account.villageCode}`} account={account} store={store} />;
}

/** The page frame before the village is known. */
function FieldShell({ children }: { children: ComponentChildren }) {
  const { t } = useFieldI18n();
  return <AppFrame title={t('field.app_name')}>{children}</AppFrame>;
}

/** Runs one sync at a time across the app's tabs, where the browser can. */
const exclusive = exclusiveAs('banso-field-sync');

function FieldSession({ account, store }: { account: FieldAccount; store: FieldStore }) {
  const { setMe } = useSession();
  // Gone once the account is (a log-out): a session check still on its way then is not believed.
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
        transport: createTransport(account.villageCode, (me) => {
          // The session check found who is logged in: the shell's header learns it too.
          if (live.current && me.id === account.id) setMe(me);
        }),
        isOnline: () => navigator.onLine,
        exclusive,
      }),
    // One client per account; setMe is stable.
    [store, account.id],
  );
  const status = useSyncLoop(client);
  const [notice, setNotice] = useState<FieldState['notice']>(null);

  const outbox = useWatch(() => store.outbox(), [store, account.id]);
  const rows = useWatch(() => store.households(), [store, account.id]);
  const households = useMemo(() => (rows && outbox ? householdViews(rows, outbox) : undefined), [rows, outbox]);

  const state: FieldState = {
    store,
    account,
    client,
    status,
    households,
    outbox: outbox ?? [],
    notice,
    announce: (text, path, saved) => setNotice({ text, path, saved }),
    clearNotice: () => setNotice(null),
    save: async (mutation, options) => {
      const id = await store.add(mutation, options);
      void client.sync('save');
      return id;
    },
  };

  return (
    <FieldContext.Provider value={state}>
      <FieldFrame />
    </FieldContext.Provider>
  );
}

function FieldFrame() {
  const { t } = useFieldI18n();
  const { account, store, client, status, outbox, notice, clearNotice } = useField();
  const team = useWatch(() => store.team(), [store]);
  const lastSync = useWatch(() => store.lastSyncAt(), [store]);
  const location = useLocation();
  const route = matchFieldRoute(location.pathname, location.search);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const { attention, waiting } = countOutbox(outbox);

  useEffect(() => {
    // A new screen: start at its top with focus on it, as a page load would.
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  // A confirmation belongs to the screen it was made for; leaving that screen ends it.
  useEffect(() => {
    if (notice && notice.path !== location.pathname) clearNotice();
  }, [location.pathname, notice, clearNotice]);

  const tab = (screen: FieldRoute['screen']) => {
    if (screen === 'households') return ['households', 'register', 'household', 'visit', 'update'].includes(route.screen) ? 'page' : undefined;
    if (screen === 'attention') return route.screen === 'attention' || route.screen === 'fix' ? 'page' : undefined;
    return route.screen === screen ? 'page' : undefined;
  };

  return (
    <AppFrame
      title={account.villageName}
      titleClass="field-village"
      subtitle={team ? team.name : t('field.title')}
      logOut={
        <Link class="field-log-out" href={fieldPaths.logOut()} aria-current={route.screen === 'log-out' ? 'page' : undefined}>
          {t('field.log_out')}
        </Link>
      }
      bar={<SyncBar status={status} waiting={waiting} lastSync={lastSync ?? null} onSync={() => void client.sync('manual')} loginPath={FIELD_ROOT} />}
      nav={
        <nav class="field-nav" aria-label={t('field.sections')}>
          <Link class="field-nav-link" href={fieldPaths.households()} aria-current={tab('households')}>
            {t('nav.households')}
          </Link>
          <Link class="field-nav-link" href={fieldPaths.training()} aria-current={tab('training')}>
            {t('nav.training')}
          </Link>
          <Link class="field-nav-link" href={fieldPaths.attention()} aria-current={tab('attention')}>
            {t('nav.attention')}
            {attention > 0 && <span class="count count-alert">{attention}</span>}
          </Link>
        </nav>
      }
      footer={
        <>
          <Link href={paths.home()}>{t('field.main_site')}</Link>
          <span class="muted">{account.displayName}</span>
        </>
      }
      mainRef={main}
    >
      <Screen route={route} />
    </AppFrame>
  );
}

type Screens = typeof import('./field-screens.ts');
let screens: Screens | null = null;
let loadingScreens: Promise<Screens> | null = null;

/** The other screens' chunk, loaded once; null until it is there. */
function useScreens(): Screens | null {
  const [loaded, setLoaded] = useState(screens);
  useEffect(() => {
    if (loaded) return;
    loadingScreens ??= import('./field-screens.ts').then((module) => (screens = module));
    void loadingScreens.then(setLoaded, (error: unknown) => {
      console.error(error);
      loadingScreens = null;
    });
  }, [loaded]);
  return loaded;
}

function Screen({ route }: { route: FieldRoute }) {
  return route.screen === 'households' ? <HouseholdList search={route.search} need={route.need} /> : <OtherScreen route={route} />;
}

function OtherScreen({ route }: { route: FieldRoute }) {
  const { t } = useFieldI18n();
  const loaded = useScreens();
  if (!loaded) return <Loading lines={8} />;
  const { FixMutation, HouseholdPage, HouseholdRegisterForm, HouseholdUpdateForm, LogOutPage, NeedsAttention, TrainingPage, VisitForm } = loaded;
  switch (route.screen) {
    case 'households':
      return null;
    case 'register':
      return <HouseholdRegisterForm />;
    case 'household':
      return <HouseholdPage id={route.id} />;
    case 'visit':
      return <VisitForm key={route.id} householdId={route.id} />;
    case 'update':
      return <HouseholdUpdateForm key={route.id} householdId={route.id} />;
    case 'training':
      return <TrainingPage />;
    case 'attention':
      return <NeedsAttention />;
    case 'fix':
      return <FixMutation key={route.mutation} id={route.mutation} />;
    case 'log-out':
      return <LogOutPage />;
    case 'not-found':
      return (
        <p class="notice notice-info">
          <Link href={fieldPaths.households()}>{t('hh.back')}</Link>
        </p>
      );
  }
}
