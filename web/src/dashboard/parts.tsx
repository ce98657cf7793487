import type { ComponentChildren } from 'preact';
import { useI18n } from '../platform/i18n.ts';
import { YEAR_SPAN, type Indicator, type IndicatorValueCell } from './dashboard.api.ts';
import { changeBetween, formatValue, gapText, leafKind, polylinePoints } from './dashboard.rules.ts';
import { formatDate } from '../platform/format.ts';

type Status = NonNullable<IndicatorValueCell['target']>['status'];

const STATUS_ICON: Record<Status, string> = { achieved: '✓', on_track: '➚', behind: '!' };

/** Icon and words, not colour alone. */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useI18n();
  return (
    <span class={`dash-status dash-status-${status}`}>
      <span class="dash-status-icon" aria-hidden="true">
        {STATUS_ICON[status]}
      </span>
      {t(`dash.status.${status}`)}
    </span>
  );
}

/** The value, or "no data yet" and why: null is not zero. */
export function CellValue({ cell, indicator }: { cell: IndicatorValueCell | undefined; indicator: Indicator }) {
  const { t } = useI18n();
  if (!cell || cell.value === null) {
    return (
      <span class="dash-null">
        {t('dash.null')}
        {cell?.reason && <span class="dash-null-reason"> ({t(`dash.reason.${cell.reason}`)})</span>}
      </span>
    );
  }
  return <span class="dash-value">{formatValue(cell.value, indicator)}</span>;
}

export function Completeness({ cell }: { cell: IndicatorValueCell | undefined }) {
  const { t } = useI18n();
  if (!cell) return null;
  const { reported, expected } = cell.completeness;
  const communes = leafKind(cell.indicator) === 'communes';
  // A year in progress says so beside its count: what is there is what was reported so far.
  if (cell.inProgress) {
    const key = communes ? 'dash.completeness.partial_communes' : 'dash.completeness.partial_villages';
    return <span class="dash-incomplete dash-partial">{t(key, { reported, expected, date: formatDate(cell.inProgress.until) })}</span>;
  }
  const key = communes ? 'dash.completeness.communes' : 'dash.completeness.villages';
  return <span class={reported < expected ? 'dash-incomplete' : undefined}>{t(key, { reported, expected })}</span>;
}

/** The target, where the unit stands against it, and by how much, in words and not colour alone. */
export function TargetStatus({ cell, indicator, short = false }: { cell: IndicatorValueCell | undefined; indicator: Indicator; short?: boolean }) {
  const { t } = useI18n();
  const target = cell?.target;
  // Without a value (not reported, suppressed) there is nothing to measure, which is not "no target".
  if (!target) return <span class="muted">{cell && cell.value === null ? '—' : t('dash.sc.no_target')}</span>;
  const gap = `${gapText(target.gap, indicator)}${indicator.factor === 100 ? ` ${t('dash.points')}` : ''}`;
  return (
    <span class="dash-target">
      <span>{t('dash.sc.target_value', { year: target.year, value: formatValue(target.value, indicator) })}</span>
      <StatusBadge status={target.status} />
      {target.status !== 'achieved' && (
        <span class="dash-gap">{short ? t('dash.gap_short', { gap }) : t('dash.gap', { gap, expected: formatValue(target.expected, indicator) })}</span>
      )}
    </span>
  );
}

export function ChangeSince({ from, to, indicator }: { from: number | null; to: number | null; indicator: Indicator }) {
  const { t } = useI18n();
  const change = changeBetween(from, to, indicator);
  if (!change) return <span class="muted">—</span>;
  const tone = change.good === null ? 'flat' : change.good ? 'good' : 'bad';
  return (
    <span class={`dash-change dash-change-${tone}`}>
      <span aria-hidden="true">{change.arrow} </span>
      {change.text}
      {indicator.factor === 100 && <span class="dash-unit"> {t('dash.points')}</span>}
    </span>
  );
}

/** A tiny hand-drawn line: the trend at a glance, its values spelled out for screen readers. */
export function Sparkline({ values, indicator }: { values: (number | null)[]; indicator: Indicator }) {
  const { t } = useI18n();
  const width = 84;
  const height = 26;
  const points = polylinePoints(values, width, height);
  const label = t('dash.sc.trend_label', { ...YEAR_SPAN, values: values.map((value) => (value === null ? '—' : formatValue(value, indicator))).join(', ') });
  const last = points.split(' ').pop();
  const [x, y] = last ? last.split(',') : [];
  return (
    <svg class="dash-spark" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label}>
      <title>{label}</title>
      {points && <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />}
      {x && y && <circle cx={x} cy={y} r="2.2" fill="currentColor" />}
    </svg>
  );
}

/** A table that scrolls sideways on a phone, reachable and named for keyboard users. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
