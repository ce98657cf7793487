import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AuditPage } from './audit/audit-page.tsx';
import { FieldEntry } from './field/field-entry.tsx';
import { LoginPage } from './accounts/login-page.tsx';
import { PasswordPage } from './accounts/password-page.tsx';
import { fetchMe, SessionContext, type SessionUser } from './accounts/session.ts';
import { setUnauthenticatedHandler } from './platform/api.ts';
import { createI18n, I18nContext, storedLang, storeLang, useI18n, type Lang } from './platform/i18n.ts';
import { Link, matchRoute, paths, useLocation, type Route } from './platform/router.tsx';
import { lazyPage } from './platform/lazy-page.tsx';
import { useTitle } from './platform/status.tsx';
import { SiteFooter } from './site-footer.tsx';
import { SiteHeader } from './site-header.tsx';
import { OrgUnitPage } from './territory/org-unit-page.tsx';
import { HOME_PROVINCE } from './territory/territory.api.ts';

// Pages with their own chunk: the dashboard, the teams' and the import pages weigh on no other
// page (the field app's first load on a phone especially).
const DashboardPage = lazyPage(() => import('./dashboard/dashboard-page.tsx').then((module) => module.DashboardPage));
const TeamActivityPage = lazyPage(() => import('./teams/team-activity-page.tsx').then((module) => module.TeamActivityPage));
const ImportPage = lazyPage(() => import('./imports/import-page.tsx').then((module) => module.ImportPage));

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
    void fetchMe().then(setMe);
  }, []);

  const location = useLocation();
  const route = matchRoute(location.pathname, location.search);
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

  // The field app is a full-screen app of its own (header, sync bar, screens) on a phone.
  if (route.page === 'field') {
    return (
      <I18nContext.Provider value={i18n}>
        <SessionContext.Provider value={session}>
          <FieldEntry />
        </SessionContext.Provider>
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
    case 'dashboard':
      return <DashboardPage />;
    case 'teams':
      return <TeamActivityPage />;
    case 'imports':
      return <ImportPage />;
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
