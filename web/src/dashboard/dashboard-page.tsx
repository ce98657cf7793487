import { useMemo } from 'preact/hooks';
import { addMessages, useI18n, type MessageKey } from '../platform/i18n.ts';
import { Link, navigate, useLocation } from '../platform/router.tsx';
import { ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { homeUnit, useSession } from '../accounts/session.ts';
import { UnitPicker } from './unit-picker.tsx';
import { DataChecks } from './data-checks.tsx';
import { indicatorsUrl, type Indicator } from './dashboard.api.ts';
import { readState, stateHref, TABS, type Tab, type ViewProps, type DashboardState } from './dashboard.state.ts';
import { LeagueTable } from './league-table.tsx';
import { CommuneMapView } from './map-view.tsx';
import { Scorecard } from './scorecard.tsx';
import { Trends } from './trends.tsx';
import { WhiteSpotsView } from './white-spots.tsx';
import './dashboard.css';
import { dashboardEn, dashboardVi } from './dashboard.i18n.ts';

// This page's strings join the dictionary when its chunk loads, before anything renders.
addMessages(dashboardVi, dashboardEn);

const TAB_LABELS: Record<Tab, MessageKey> = {
  scorecard: 'dash.tab.scorecard',
  league: 'dash.tab.league',
  map: 'dash.tab.map',
  white: 'dash.tab.white',
  trends: 'dash.tab.trends',
  quality: 'dash.tab.quality',
};

export function DashboardPage() {
  const { t } = useI18n();
  const location = useLocation();
  const { me } = useSession();
  const home = homeUnit(me);
  const state = useMemo(() => readState(location.search, home), [location.search, home]);
  const indicators = useApi<{ items: Indicator[] }>(indicatorsUrl);
  useTitle(t('dash.title'));

  const update = (change: Partial<DashboardState>, options: { push?: boolean } = {}) => navigate(stateHref(state, change), { replace: !options.push });

  return (
    <section class="dashboard" aria-labelledby="dash-title">
      <div class="dash-head">
        <h1 id="dash-title">{t('dash.title')}</h1>
        <button type="button" class="button button-secondary dash-print" onClick={() => window.print()}>
          {t('dash.print')}
        </button>
      </div>
      <p class="lead dash-lead">{t('dash.lead')}</p>
      <p class="notice notice-demo dash-demo">{t('dash.demo')}</p>
      <UnitPicker state={state} update={update} />
      <nav class="tabs" aria-label={t('dash.tabs')}>
        <ul>
          {TABS.map((tab) => (
            <li key={tab}>
              <Link href={stateHref(state, { tab })} aria-current={state.tab === tab ? 'page' : undefined}>
                {t(TAB_LABELS[tab])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {me === undefined ? (
        <Loading lines={6} />
      ) : indicators.error ? (
        <ErrorNotice error={indicators.error} onRetry={indicators.reload} />
      ) : !indicators.data ? (
        <Loading lines={6} />
      ) : (
        <View state={state} indicators={indicators.data.items} update={update} />
      )}
      <p class="dash-source">{t('dash.source')}</p>
    </section>
  );
}

function View(props: ViewProps) {
  switch (props.state.tab) {
    case 'scorecard':
      return <Scorecard {...props} />;
    case 'league':
      return <LeagueTable {...props} />;
    case 'map':
      return <CommuneMapView {...props} />;
    case 'white':
      return <WhiteSpotsView {...props} />;
    case 'trends':
      return <Trends {...props} />;
    case 'quality':
      return <DataChecks {...props} />;
  }
}
