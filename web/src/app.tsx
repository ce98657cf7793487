import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { FieldEntry } from './field/field-entry.tsx';
import { CourierEntry } from './courier/courier-entry.tsx';
import { fetchMe, SessionContext, type SessionUser } from './accounts/session.ts';
import { setPasswordChangeHandler, setUnauthenticatedHandler } from './platform/api.ts';
import { createI18n, I18nContext, storedLang, storeLang, useI18n, type Lang } from './platform/i18n.ts';
import { Link, matchRoute, navigate, paths, useLocation, type Route } from './platform/router.tsx';
import { lazyPage } from './platform/lazy-page.tsx';
import { useTitle } from './platform/status.tsx';
import { SiteFooter } from './site-footer.tsx';
import { SiteHeader } from './site-header.tsx';
import { HOME_PROVINCE } from './territory/territory.api.ts';

// Every page is a chunk of its own: the first script is the shell alone (router, header, languages),
// so a buyer opening a shop's link from Zalo waits for no officer's page (the field app's first load
// on a phone neither). The territory's page, the home page, is one too.
const OrgUnitPage = lazyPage(() => import('./territory/org-unit-page.tsx').then((module) => module.OrgUnitPage));
const LoginPage = lazyPage(() => import('./accounts/login-page.tsx').then((module) => module.LoginPage));
const PasswordPage = lazyPage(() => import('./accounts/password-page.tsx').then((module) => module.PasswordPage));
const AuditPage = lazyPage(() => import('./audit/audit-page.tsx').then((module) => module.AuditPage));
const DashboardPage = lazyPage(() => import('./dashboard/dashboard-page.tsx').then((module) => module.DashboardPage));
const TeamActivityPage = lazyPage(() => import('./teams/team-activity-page.tsx').then((module) => module.TeamActivityPage));
const ImportPage = lazyPage(() => import('./imports/import-page.tsx').then((module) => module.ImportPage));
const AccountsPage = lazyPage(() => import('./accounts/accounts-page.tsx').then((module) => module.AccountsPage));
const AccountPage = lazyPage(() => import('./accounts/account-page.tsx').then((module) => module.AccountPage));
const RosterAccountsPage = lazyPage(() => import('./accounts/roster-accounts-page.tsx').then((module) => module.RosterAccountsPage));
const MySessionsPage = lazyPage(() => import('./accounts/my-sessions-page.tsx').then((module) => module.MySessionsPage));
const DispatchPage = lazyPage(() => import('./delivery/dispatch-page.tsx').then((module) => module.DispatchPage));
const PickupPointPage = lazyPage(() => import('./delivery/pickup-point-page.tsx').then((module) => module.PickupPointPage));
const JobsPage = lazyPage(() => import('./jobs/jobs-page.tsx').then((module) => module.JobsPage));
const ShopPage = lazyPage(() => import('./market/shop-page.tsx').then((module) => module.ShopPage));
const OrderPage = lazyPage(() => import('./market/order-page.tsx').then((module) => module.OrderPage));
const SellingPage = lazyPage(() => import('./market/selling-page.tsx').then((module) => module.SellingPage));
const ShopMoneyPage = lazyPage(() => import('./market/shop-money-page.tsx').then((module) => module.ShopMoneyPage));
const ShopsPage = lazyPage(() => import('./market/shops-page.tsx').then((module) => module.ShopsPage));
const NationalPage = lazyPage(() => import('./national/national-page.tsx').then((module) => module.NationalPage));

export function App() {
  const [lang, setLang] = useState<Lang>(storedLang);
  const [me, setMe] = useState<SessionUser>(undefined);
  const i18n = useMemo(
    () =>
      createI18n(lang, (next) => {
        storeLang(next);
        setLang(next);
      }),
    [lang],
  );
  const session = useMemo(() => ({ me, setMe }), [me]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    setUnauthenticatedHandler(() => setMe(null));
    // The server says this session still holds a one-time password (changed on another tab's behalf, or an old page).
    setPasswordChangeHandler(() => navigate(paths.password(window.location.pathname + window.location.search), { replace: true }));
    void fetchMe().then(setMe);
  }, []);

  const location = useLocation();
  const route = matchRoute(location.pathname, location.search);
  // A one-time password opens nothing but its change (the server refuses the rest): go there first.
  const mustChangePassword = me?.mustChangePassword === true && route.page !== 'password' && route.page !== 'login';
  useEffect(() => {
    if (mustChangePassword) navigate(paths.password(location.pathname + location.search), { replace: true });
  }, [mustChangePassword, location.pathname, location.search]);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    // After a client-side navigation, start at the top and move focus to the new content, as a page load would.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  // The field app and the courier app are full-screen apps of their own (header, sync bar, screens) on a phone.
  if (route.page === 'field' || route.page === 'courier') {
    return (
      <I18nContext.Provider value={i18n}>
        <SessionContext.Provider value={session}>{route.page === 'field' ? <FieldEntry /> : <CourierEntry />}</SessionContext.Provider>
      </I18nContext.Provider>
    );
  }

  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={session}>
        <a class="skip-link" href="#main">
          {i18n.t('nav.skip')}
        </a>
        <SiteHeader />
        <main id="main" class="page" tabIndex={-1} ref={main}>
          <Page route={route} />
        </main>
        <SiteFooter />
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'unit':
      return <OrgUnitPage code={route.code ?? HOME_PROVINCE} />;
    case 'login':
      return <LoginPage next={route.next} />;
    case 'password':
      return <PasswordPage next={route.next} />;
    case 'audit':
      return <AuditPage />;
    case 'jobs':
      return <JobsPage />;
    case 'shop':
      return <ShopPage slug={route.slug} />;
    case 'order':
      return <OrderPage token={route.token} />;
    case 'selling':
      return <SellingPage />;
    case 'shop-money':
      return <ShopMoneyPage shopId={route.shopId} />;
    case 'shops':
      return <ShopsPage />;
    case 'national':
      return <NationalPage />;
    case 'dashboard':
      return <DashboardPage />;
    case 'teams':
      return <TeamActivityPage />;
    case 'imports':
      return <ImportPage />;
    case 'accounts':
      return <AccountsPage />;
    case 'account':
      return <AccountPage id={route.id} />;
    case 'roster-accounts':
      return <RosterAccountsPage village={route.village} />;
    case 'my-sessions':
      return <MySessionsPage />;
    case 'delivery':
      return <DispatchPage />;
    case 'pickup':
      return <PickupPointPage />;
    case 'field':
      return null;
    case 'not-found':
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useI18n();
  useTitle(t('notfound.title'));
  return (
    <section aria-labelledby="notfound-title">
      <h1 id="notfound-title">{t('notfound.title')}</h1>
      <p>{t('notfound.text')}</p>
      <p>
        <Link href={paths.home()}>{t('nav.home')}</Link>
      </p>
    </section>
  );
}
