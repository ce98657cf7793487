import { useMemo, useState } from 'preact/hooks';
import { NEEDS, type Need } from '../../../src/teams/fieldwork.rules.ts';
import { useSession } from '../accounts/session.ts';
import { DateField } from '../platform/date-field.tsx';
import { formatDate, formatNumber, todayInVietnam } from '../platform/format.ts';
import { addMessages, useI18n, type MessageKey } from '../platform/i18n.ts';
import { Link, navigate, paths, useLocation } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, useTitle } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { Downloads } from '../platform/downloads.tsx';
import { communesUrl, overviewFileUrl, overviewUrl, type FieldworkOverview } from './team-activity.api.ts';
import {
  barChart,
  firstDirection,
  RECENT_WEEKS,
  scopeUnits,
  sortRows,
  toRow,
  type ActivityRow,
  type SortDirection,
  type SortKey,
} from './team-activity.rules.ts';
import './team-activity.css';
import { teamActivityEn, teamActivityVi } from './team-activity.i18n.ts';
import { syncReviewEn, syncReviewVi } from './sync-review.i18n.ts';
import { DEFAULT_STALE_DAYS, parseStaleDays, parseTab, REVIEW_TABS, type ReviewTab } from './sync-review.rules.ts';
import { NeedsAttentionView } from './needs-attention-view.tsx';
import { TeamPhonesView } from './team-phones-view.tsx';

// This page's strings join the dictionary when its chunk loads, before anything renders.
addMessages(teamActivityVi, teamActivityEn);
addMessages(syncReviewVi, syncReviewEn);

const UNIT_CODE = /^\d{2}(\d{3}(\d{3})?)?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The page's state lives in the query string, so a view can be shared, bookmarked and printed as it is. */
interface PageState {
  unit: string;
  until: string | undefined;
  /** Which part of the page: the activity overview, the changes needing attention, the phones. */
  tab: ReviewTab;
  /** A phone silent for this many days counts as silent, in the overview's count and the phones' list alike. */
  days: number;
}

/** Defaults stay out of the URL, so the links shared before the tabs existed still read the same. */
function pageHref(state: PageState): string {
  const params = new URLSearchParams({ unit: state.unit });
  if (state.until) params.set('until', state.until);
  if (state.tab !== 'activity') params.set('tab', state.tab);
  if (state.days !== DEFAULT_STALE_DAYS) params.set('days', String(state.days));
  return `${paths.teams()}?${params.toString()}`;
}

const TAB_LABELS: Record<ReviewTab, MessageKey> = {
  activity: 'review.tab.activity',
  attention: 'review.tab.attention',
  devices: 'review.tab.devices',
};

/** `/doi-so-cong-dong`: the community digital teams' work in a commune or the province, for its officers. */
export function TeamActivityPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  useTitle(t('teams.title'));
  const scopes = useMemo(() => scopeUnits(me), [me]);

  let body;
  if (me === undefined) {
    body = <Loading lines={6} />;
  } else if (me === null) {
    body = (
      <p class="notice notice-info">
        {t('teams.login')} <Link href={paths.login(location.pathname + location.search)}>{t('teams.login_link')}</Link>
      </p>
    );
  } else if (scopes.length === 0) {
    body = <p class="notice notice-info">{t('teams.no_scope')}</p>;
  } else {
    const params = new URLSearchParams(location.search);
    const unit = params.get('unit') ?? '';
    const until = params.get('until') ?? '';
    const state: PageState = {
      unit: UNIT_CODE.test(unit) ? unit : (scopes[0]?.code ?? ''),
      until: DAY.test(until) ? until : undefined,
      tab: parseTab(params.get('tab')),
      days: parseStaleDays(params.get('days')),
    };
    body = <Overview state={state} scopes={scopes} />;
  }

  return (
    <section class="teams-page" aria-labelledby="teams-title">
      <div class="teams-head">
        <h1 id="teams-title">{t('teams.title')}</h1>
        {me && scopes.length > 0 && (
          <button type="button" class="button button-secondary teams-print" onClick={() => window.print()}>
            {t('teams.print')}
          </button>
        )}
      </div>
      <p class="lead">{t('teams.lead')}</p>
      {body}
    </section>
  );
}

function Overview({ state, scopes }: { state: PageState; scopes: { code: string; name: string }[] }) {
  const { t } = useI18n();
  const overview = useApi<FieldworkOverview>(overviewUrl({ orgUnit: state.unit, until: state.until, staleDays: state.days }), { keepPrevious: true });
  // A province officer picks among the communes; a commune officer has their commune(s).
  const province = scopes.find((s) => s.code.length === 2);
  const communes = useApi<{ items: { code: string; name: string }[] }>(province ? communesUrl(province.code) : null);
  const update = (change: Partial<PageState>) => navigate(pageHref({ ...state, ...change }), { replace: true });

  const options = useMemo(() => {
    const list = scopes.map((s) => ({ code: s.code, name: s.code.length === 2 ? t('teams.province_self') : s.name }));
    for (const c of communes.data?.items ?? []) if (!list.some((o) => o.code === c.code)) list.push({ code: c.code, name: c.name });
    const current = overview.data?.unit;
    if (current && !list.some((o) => o.code === current.code)) list.push({ code: current.code, name: current.name });
    // A unit asked for in the address but outside the account's reach: the picker shows it, beside
    // the refusal, rather than a unit the page is not showing.
    if (!list.some((o) => o.code === state.unit)) list.push({ code: state.unit, name: t('teams.unit_asked', { code: state.unit }) });
    return list;
  }, [scopes, communes.data, overview.data, state.unit, t]);

  const data = overview.data;
  const nameOf = (code: string) => {
    if (data?.unit.code === code) return data.unit.level === 1 ? t('teams.province_self') : data.unit.fullName;
    return options.find((o) => o.code === code)?.name ?? code;
  };
  return (
    <>
      <div class="teams-controls">
        <div class="field teams-field">
          <label for="teams-unit">{t('teams.unit')}</label>
          <select id="teams-unit" value={state.unit} onChange={(event) => update({ unit: event.currentTarget.value })}>
            {options.map((o) => (
              <option key={o.code} value={o.code}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <DateField
          id="teams-until"
          class="teams-field"
          label={t('teams.until')}
          value={state.until ?? data?.until ?? ''}
          max={todayInVietnam()}
          onValue={(value) => {
            if (!value || DAY.test(value)) update({ until: value || undefined });
          }}
        />
        {state.until && (
          <button type="button" class="button button-quiet teams-today" onClick={() => update({ until: undefined })}>
            {t('teams.until_today')}
          </button>
        )}
      </div>
      {province && state.unit !== province.code && (
        <p class="teams-back">
          <button type="button" class="button button-quiet" onClick={() => navigate(pageHref({ ...state, unit: province.code }))}>
            {t('teams.back')}
          </button>
        </p>
      )}
      <Tabs state={state} data={data} />
      {overview.error && <ErrorNotice error={overview.error} onRetry={overview.reload} />}
      {state.tab === 'attention' && <NeedsAttentionView unit={state.unit} unitName={nameOf(state.unit)} onResolved={overview.reload} />}
      {state.tab === 'devices' && <TeamPhonesView unit={state.unit} unitName={nameOf(state.unit)} days={state.days} onDays={(days) => update({ days })} />}
      {state.tab === 'activity' &&
        (!data ? (
          !overview.error && <Loading lines={10} />
        ) : (
          <OverviewBody data={data} state={state} busy={overview.loading} onUpdate={update} onDrill={(unit) => navigate(pageHref({ ...state, unit }))} />
        ))}
    </>
  );
}

/** The page's three parts as links: each is a URL to share; the counts say where the work is before opening it. */
function Tabs({ state, data }: { state: PageState; data: FieldworkOverview | undefined }) {
  const { t } = useI18n();
  const total = data ? toRow(data.unit) : undefined;
  const counts: Record<ReviewTab, number | undefined> = { activity: undefined, attention: total?.needsAttention, devices: total?.staleDevices };
  // The phones' figure counts the silent ones only: "Phones (0)" would read as "no phones".
  const tabText = (tab: ReviewTab, count: number | undefined) => {
    const label = t(TAB_LABELS[tab]);
    if (count === undefined) return label;
    if (tab === 'devices') return count > 0 ? t('review.tab_silent', { label, count: formatNumber(count) }) : label;
    return t('review.tab_count', { label, count: formatNumber(count) });
  };
  return (
    <nav class="tabs" aria-label={t('review.tabs')}>
      <ul>
        {REVIEW_TABS.map((tab) => {
          return (
            <li key={tab}>
              <Link href={pageHref({ ...state, tab })} aria-current={state.tab === tab ? 'page' : undefined}>
                {tabText(tab, counts[tab])}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function OverviewBody(props: {
  data: FieldworkOverview;
  state: PageState;
  busy: boolean;
  onUpdate: (change: Partial<PageState>) => void;
  onDrill: (unit: string) => void;
}) {
  const { t } = useI18n();
  const { data, state, busy, onUpdate, onDrill } = props;
  const total = toRow(data.unit);
  const unitName = data.unit.level === 1 ? t('teams.province_self') : data.unit.fullName;
  const weeks = data.weeks.length;
  const quiet = [...data.unit.visits, ...data.unit.trainings].every((n) => n === 0);
  // Visits are the teams' everyday work: an empty window points to the latest one first.
  const latest = data.lastVisitOn ?? data.lastTrainingOn;
  const demo = data.unit.isDemo || data.children.some((c) => c.isDemo);

  return (
    <div aria-busy={busy}>
      {demo && <p class="notice notice-demo">{t('teams.demo')}</p>}
      <p class="teams-print-meta print-only">
        {unitName} · {t('teams.printed', { date: formatDate(todayInVietnam()) })}
      </p>
      {data.untilLatest && (
        <p class="notice notice-info teams-latest" role="status">
          {t('teams.latest_data', { week: formatDate(data.weeks.at(-1)?.start ?? data.until), until: formatDate(data.until) })}
        </p>
      )}
      {quiet && (
        <div class="notice notice-info teams-quiet" role="status">
          {latest ? (
            <>
              <p>
                {t('teams.quiet', { weeks, until: formatDate(data.until) })}{' '}
                {t('teams.quiet_last', { visit: formatDate(data.lastVisitOn), training: formatDate(data.lastTrainingOn) })}
              </p>
              <button type="button" class="button button-secondary" onClick={() => onUpdate({ until: latest })}>
                {t('teams.show_last', { weeks, last: formatDate(latest) })}
              </button>
            </>
          ) : (
            <p>{t('teams.quiet_none')}</p>
          )}
        </div>
      )}
      <h2 class="visually-hidden">{t('teams.summary', { name: unitName })}</h2>
      <dl class="facts teams-facts">
        <Fact label={t('teams.visits_recent', { weeks: RECENT_WEEKS })} value={formatNumber(total.visits)} />
        <Fact label={t('teams.trainings_recent', { weeks: RECENT_WEEKS })} value={formatNumber(total.trainings)} />
        <Fact
          label={t('teams.members_fact')}
          value={t('teams.members_value', { members: formatNumber(total.members), trained: formatNumber(total.trained) })}
        />
        <Fact
          label={t('teams.attention_fact')}
          value={formatNumber(total.needsAttention)}
          alert={total.needsAttention > 0}
          href={pageHref({ ...state, tab: 'attention' })}
          more={t('review.see_attention')}
        />
        <Fact
          label={t('teams.stale_fact', { days: data.staleDays })}
          value={formatNumber(total.staleDevices)}
          alert={total.staleDevices > 0}
          href={pageHref({ ...state, tab: 'devices' })}
          more={t('review.see_devices')}
        />
      </dl>
      {/* Weeks of zeros make a tall empty chart: the notice above already says nothing happened. */}
      {!quiet && <WeeklyChart data={data} name={unitName} />}
      <ActivityTable data={data} total={total} onDrill={onDrill} />
      <p class="muted teams-note">{t('teams.lacking_note')}</p>
      <p class="muted teams-note">{t('teams.attention_note', { days: data.staleDays })}</p>
    </div>
  );
}

/** A figure; with `href`, a link to the part of the page behind it, `more` saying where it goes to a screen reader. */
function Fact({ label, value, alert = false, href, more }: { label: string; value: string; alert?: boolean; href?: string; more?: string }) {
  return (
    <div class={`fact${alert ? ' teams-fact-alert' : ''}`}>
      <dt>{label}</dt>
      <dd>
        {href ? (
          <Link href={href} class="teams-fact-link">
            {value}
            {more && <span class="visually-hidden"> — {more}</span>}
          </Link>
        ) : (
          value
        )}
      </dd>
    </div>
  );
}

const CHART = { width: 640, height: 220, left: 36, right: 8, top: 12, bottom: 34 };

/** Visits and trainings per week as plain SVG bars; the same figures are spelled out for screen readers. */
function WeeklyChart({ data, name }: { data: FieldworkOverview; name: string }) {
  const { t } = useI18n();
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const chart = barChart(data.unit.visits, data.unit.trainings, plotWidth, plotHeight);
  const weekText = data.weeks.map((w, k) =>
    t('teams.chart_week', { week: formatDate(w.start), visits: formatNumber(data.unit.visits[k] ?? 0), trainings: formatNumber(data.unit.trainings[k] ?? 0) }),
  );
  const label = t('teams.chart_label', {
    weeks: data.weeks.length,
    from: formatDate(data.weeks[0]?.start),
    until: formatDate(data.until),
    values: weekText.join('; '),
  });
  const title = t('teams.chart_title', { name });
  return (
    <figure class="teams-chart" aria-labelledby="teams-chart-title">
      <figcaption id="teams-chart-title" class="teams-chart-title">
        {title}
      </figcaption>
      <ul class="teams-legend" aria-hidden="true">
        <li>
          <span class="teams-swatch teams-swatch-visits" />
          {t('teams.legend_visits')}
        </li>
        <li>
          <span class="teams-swatch teams-swatch-trainings" />
          {t('teams.legend_trainings')}
        </li>
      </ul>
      <svg class="teams-chart-svg" viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        <g transform={`translate(${CHART.left} ${CHART.top})`}>
          {chart.ticks.map((tick) => {
            const y = plotHeight - (tick / chart.max) * plotHeight;
            return (
              <g key={tick} class="teams-tick">
                <line x1={0} x2={plotWidth} y1={y} y2={y} />
                <text x={-6} y={y} dy="0.32em" text-anchor="end">
                  {formatNumber(tick)}
                </text>
              </g>
            );
          })}
          {chart.groups.map((group, k) => (
            <g key={data.weeks[k]?.start ?? k}>
              <rect class="teams-bar-visits" x={group.visits.x} y={group.visits.y} width={group.visits.width} height={group.visits.height}>
                <title>{weekText[k]}</title>
              </rect>
              <rect class="teams-bar-trainings" x={group.trainings.x} y={group.trainings.y} width={group.trainings.width} height={group.trainings.height}>
                <title>{weekText[k]}</title>
              </rect>
              {k % 2 === (chart.groups.length - 1) % 2 && (
                <text class="teams-week" x={group.x + plotWidth / chart.groups.length / 2} y={plotHeight + 20} text-anchor="middle">
                  {formatDate(data.weeks[k]?.start).slice(0, 5)}
                </text>
              )}
            </g>
          ))}
        </g>
      </svg>
    </figure>
  );
}

const NEED_LABELS: Record<Need, MessageKey> = {
  smartphone: 'teams.need.smartphone',
  epay: 'teams.need.epay',
  vneid: 'teams.need.vneid',
  ehealth: 'teams.need.ehealth',
  banking: 'teams.need.banking',
  fibre: 'teams.need.fibre',
};

function ActivityTable(props: { data: FieldworkOverview; total: ActivityRow; onDrill: (unit: string) => void }) {
  const { t, lang } = useI18n();
  const { data, total, onDrill } = props;
  const totalLabel = data.unit.level === 1 ? t('teams.province_self') : t('teams.total', { name: data.unit.name });
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'visits', direction: 'descending' });
  const rows = useMemo(
    () =>
      sortRows(
        data.children.map((c) => toRow(c)),
        sort.key,
        sort.direction,
      ),
    [data, sort],
  );
  if (data.childLevel === null) return null;

  const communes = data.childLevel === 2;
  const caption = communes
    ? t('teams.table_communes', { weeks: RECENT_WEEKS, until: formatDate(data.until) })
    : t('teams.table_villages', { name: data.unit.name, weeks: RECENT_WEEKS, until: formatDate(data.until) });
  const columns: { key: SortKey; label: string }[] = [
    { key: 'visits', label: t('teams.col_visits', { weeks: RECENT_WEEKS }) },
    { key: 'trainings', label: t('teams.col_trainings', { weeks: RECENT_WEEKS }) },
    { key: 'members', label: t('teams.col_members') },
    { key: 'households', label: t('teams.col_households') },
  ];
  const tail: { key: SortKey; label: string }[] = [
    { key: 'needsAttention', label: t('teams.col_attention') },
    { key: 'staleDevices', label: t('teams.col_stale') },
  ];
  const nameLabel = communes ? t('teams.col_commune') : t('teams.col_village');

  const toggle = (key: SortKey) =>
    setSort((current) => ({ key, direction: current.key === key ? (current.direction === 'ascending' ? 'descending' : 'ascending') : firstDirection(key) }));
  const header = (key: SortKey, label: string, extra: { rowSpan?: number; className?: string } = {}) => (
    <th scope="col" rowSpan={extra.rowSpan} class={extra.className} aria-sort={sort.key === key ? sort.direction : undefined}>
      <button type="button" class="teams-sort" onClick={() => toggle(key)}>
        {label} <span aria-hidden="true">{sort.key === key ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );

  return (
    <section class="teams-table-section" aria-labelledby="teams-table-title">
      <h2 id="teams-table-title">{caption}</h2>
      {rows.length === 0 ? (
        <Empty>{t('teams.none')}</Empty>
      ) : (
        <>
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="teams-table-title">
            <table class="table table-sticky teams-table">
              <thead>
                <tr>
                  {header('name', nameLabel, { rowSpan: 2, className: 'teams-name' })}
                  {columns.map((c) => header(c.key, c.label, { rowSpan: 2, className: 'num' }))}
                  <th scope="colgroup" colSpan={NEEDS.length} class="teams-group">
                    {t('teams.col_lacking')}
                  </th>
                  {tail.map((c) => header(c.key, c.label, { rowSpan: 2, className: 'num' }))}
                </tr>
                <tr>{NEEDS.map((need) => header(need, t(NEED_LABELS[need]), { className: 'num' }))}</tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.code}>
                    <th scope="row" class="teams-name">
                      {communes ? (
                        <button type="button" class="teams-drill" aria-label={t('teams.drill', { name: row.name })} onClick={() => onDrill(row.code)}>
                          {row.name}
                        </button>
                      ) : (
                        <Link href={paths.unit(row.code)}>{row.name}</Link>
                      )}
                      {row.isDemo && <span class="badge badge-demo badge-compact teams-demo-badge">{t('demo.badge_short')}</span>}
                    </th>
                    <Cells row={row} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr class="teams-total">
                  <th scope="row" class="teams-name">
                    {totalLabel}
                  </th>
                  <Cells row={total} />
                </tr>
              </tfoot>
            </table>
          </div>
          <Downloads csv={overviewFileUrl(data, 'csv', lang)} xlsx={overviewFileUrl(data, 'xlsx', lang)} />
        </>
      )}
    </section>
  );
}

function Cells({ row }: { row: ActivityRow }) {
  const { t } = useI18n();
  const warn = (n: number) => (n > 0 ? 'num teams-warn' : 'num');
  return (
    <>
      <td class="num">{formatNumber(row.visits)}</td>
      <td class="num">{formatNumber(row.trainings)}</td>
      <td class="num">{t('teams.members_cell', { members: formatNumber(row.members), trained: formatNumber(row.trained) })}</td>
      <td class="num">{formatNumber(row.households)}</td>
      {NEEDS.map((need) => (
        <td key={need} class="num">
          {formatNumber(row.lacking[need])}
        </td>
      ))}
      <td class={warn(row.needsAttention)}>{formatNumber(row.needsAttention)}</td>
      <td class={warn(row.staleDevices)}>{formatNumber(row.staleDevices)}</td>
    </>
  );
}
