import { RULE_CODE } from '../../../src/indicators/validation-rule.rules.ts';
import { paths } from '../platform/router.tsx';
import { DEFAULT_YEAR, PROVINCE, YEARS, type Indicator } from './dashboard.api.ts';

export const TABS = ['scorecard', 'league', 'map', 'white', 'trends', 'quality'] as const;
export type Tab = (typeof TABS)[number];

/** The dashboard's state lives in the query string, so a view can be shared, bookmarked and printed as is. */
export interface DashboardState {
  tab: Tab;
  year: number;
  indicator: string;
  /** The unit every view is about (province, commune or village); `home` when the link names none. */
  unit: string;
  /** The unit a view opens on without one: the officer's own, the province for everyone else. */
  home: string;
  first: string;
  second: string;
  compare: boolean;
  operator: string;
  /** A validation rule's code on the data checks, '' for every rule. */
  rule: string;
}

export function readState(search: string, home: string = PROVINCE): DashboardState {
  const params = new URLSearchParams(search);
  const tab = params.get('tab');
  const year = Number(params.get('year'));
  const unit = params.get('unit') ?? '';
  return {
    tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'scorecard',
    year: (YEARS as readonly number[]).includes(year) ? year : DEFAULT_YEAR,
    indicator: /^[A-Z][A-Z0-9_]{1,40}$/.test(params.get('indicator') ?? '') ? (params.get('indicator') as string) : 'HH_FIBER',
    unit: /^\d{2}(\d{3}(\d{3})?)?$/.test(unit) ? unit : home,
    home,
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
  if (next.unit !== next.home) params.set('unit', next.unit);
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
