import { AccountMenu } from './accounts/account-menu.tsx';
import { useI18n } from './platform/i18n.ts';
import { LanguageSwitch } from './platform/language-switch.tsx';
import { Link, matchRoute, paths, useLocation } from './platform/router.tsx';
import { TerritorySearch } from './territory/territory-search.tsx';
import { isOfficer, useSession } from './accounts/session.ts';

export function SiteHeader() {
  const { t } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  const page = matchRoute(location.pathname, location.search).page;
  const current = (here: boolean) => (here ? 'page' : undefined);
  return (
    <header class="site-header">
      <div class="site-header-bar">
        <Link class="brand" href={paths.home()}>
          <span class="brand-mark" aria-hidden="true" />
          <span class="brand-name">{t('app.name')}</span>
          <span class="brand-tagline">{t('app.tagline')}</span>
        </Link>
        <div class="site-header-tools">
          <LanguageSwitch />
          <AccountMenu />
        </div>
      </div>
      {/* Search and the two sections; on a phone the sections get a row of their own under the search. */}
      <div class="site-header-search">
        <TerritorySearch />
        <nav class="site-nav" aria-label={t('nav.sections')}>
          <Link class="site-nav-link" href={paths.home()} aria-current={current(page === 'unit')}>
            {t('nav.territory')}
          </Link>
          <Link class="site-nav-link" href={paths.dashboard()} aria-current={current(page === 'dashboard')}>
            {t('nav.dashboard')}
          </Link>
          {isOfficer(me) && (
            <Link class="site-nav-link" href={paths.teams()} aria-current={current(page === 'teams')}>
              {t('nav.teams')}
            </Link>
          )}
          {me?.roles.some((grant) => grant.role === 'team_member') && (
            <Link class="site-nav-link" href={paths.field()}>
              {t('nav.field')}
            </Link>
          )}
        </nav>
      </div>
    </header>
  );
}
