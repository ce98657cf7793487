import { RULE_CODE } from '../../../src/indicators/validation-rule.rules.ts';
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { formatDate, todayInVietnam } from '../platform/format.ts';
import { addMessages, useI18n, type MessageKey } from '../platform/i18n.ts';
import { Link, navigate, paths, useLocation } from '../platform/router.tsx';
import { ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { DataChecks } from './data-checks.tsx';
import { DEFAULT_YEAR, indicatorsUrl, PROVINCE, YEARS, type Indicator } from './dashboard.api.ts';
import { LeagueTable } from './league-table.tsx';
import { CommuneMapView } from './map-view.tsx';
import { Scorecard } from './scorecard.tsx';
import { Trends } from './trends.tsx';
import { WhiteSpotsView } from './white-spots.tsx';
import './dashboard.css';
import { dashboardEn, dashboardVi } from './dashboard.i18n.ts';

// This page's strings join the dictionary when its chunk loads, before anything renders.
addMessages(dashboardVi, dashboardEn);

export const TABS = ['scorecard', 'league', 'map', 'white', 'trends', 'quality'] as const;
export type Tab = (typeof TABS)[number];

/** The dashboard's state lives in the query string, so a view can be shared, bookmarked and printed as is. */
export interface DashboardState {
  tab: Tab;
  year: number;
  indicator: string;
  unit: string;
  first: string;
  second: string;
  compare: boolean;
  operator: string;
  /** A validation rule's code on the data checks, '' for every rule. */
  rule: string;
}

export function readState(search: string): DashboardState {
  const params = new URLSearchParams(search);
  const tab = params.get('tab');
  const year = Number(params.get('year'));
  const unit = params.get('unit') ?? '';
  return {
    tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'scorecard',
    year: (YEARS as readonly number[]).includes(year) ? year : DEFAULT_YEAR,
    indicator: /^[A-Z][A-Z0-9_]{1,40}$/.test(params.get('indicator') ?? '') ? (params.get('indicator') as string) : 'HH_FIBER',
    unit: /^\d{2}(\d{3})?$/.test(unit) ? unit : PROVINCE,
    first: params.get('a') ?? '',
    second: params.get('b') ?? '',
    compare: params.get('compare') === '1',
    operator: params.get('operator') ?? '',
    rule: RULE_CODE.test(params.get('rule') ?? '') ? (params.get('rule') as string) : '',
  };
}

export function stateHref(state: DashboardState, change: Partial<DashboardState> = {}): string {
  const next = { ...state, ...change };
  const params = new URLSearchParams();
  if (next.tab !== 'scorecard') params.set('tab', next.tab);
  if (next.year !== DEFAULT_YEAR) params.set('year', String(next.year));
  if (next.indicator !== 'HH_FIBER') params.set('indicator', next.indicator);
  if (next.unit !== PROVINCE) params.set('unit', next.unit);
  if (next.first) params.set('a', next.first);
  if (next.second) params.set('b', next.second);
  if (next.compare) params.set('compare', '1');
  if (next.operator) params.set('operator', next.operator);
  if (next.rule) params.set('rule', next.rule);
  const query = params.toString();
  return query ? `${paths.dashboard()}?${query}` : paths.dashboard();
}

export interface ViewProps {
  state: DashboardState;
  indicators: Indicator[];
  /** Replaces part of the state (in place: no new history entry for a select's change). */
  update: (change: Partial<DashboardState>, options?: { push?: boolean }) => void;
}

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
  const state = useMemo(() => readState(location.search), [location.search]);
  const indicators = useApi<{ items: Indicator[] }>(indicatorsUrl);
  useTitle(t('dash.title'));

  const update = (change: Partial<DashboardState>, options: { push?: boolean } = {}) =>
    navigate(stateHref(state, change), { replace: !options.push });

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
      <p class="dash-print-meta print-only">
        {t('dash.territory', { name: t('dash.province') })} · {t('dash.printed', { date: formatDate(todayInVietnam()) })}
      </p>
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
      {indicators.error ? (
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

/** The year selector every view shares. */
export function YearSelect({ id, value, onChange, years = YEARS }: { id: string; value: number; onChange: (year: number) => void; years?: readonly number[] }) {
  const { t } = useI18n();
  return (
    <div class="field dash-field">
      <label for={id}>{t('dash.year')}</label>
      <select id={id} value={String(value)} onChange={(event) => onChange(Number(event.currentTarget.value))}>
        {years.map((year) => (
          <option key={year} value={String(year)}>
            {year}
          </option>
        ))}
      </select>
    </div>
  );
}

export function IndicatorSelect({ id, value, indicators, onChange }: { id: string; value: string; indicators: Indicator[]; onChange: (code: string) => void }) {
  const { t, text } = useI18n();
  return (
    <div class="field dash-field dash-field-wide">
      <label for={id}>{t('dash.indicator')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {indicators.map((indicator) => (
          <option key={indicator.code} value={indicator.code}>
            {text(indicator.name)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Controls({ children }: { children: ComponentChildren }) {
  return <div class="dash-controls">{children}</div>;
}

/** CSV and .xlsx of the same API query. */
export const findIndicator = (indicators: Indicator[], code: string): Indicator | undefined =>
  indicators.find((indicator) => indicator.code === code) ?? indicators[0];
