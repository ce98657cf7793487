import { useMemo } from 'preact/hooks';
import { useI18n } from '../platform/i18n.ts';
import { TableScroll } from './parts.tsx';
import { ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { Controls, findIndicator, IndicatorSelect, PartialYear } from './dashboard-controls.tsx';
import { type ViewProps } from './dashboard.state.ts';
import { Downloads } from '../platform/downloads.tsx';
import { BASE_YEAR, CURRENT_YEAR, PROVINCE, YEARS, targetsInForceUrl, valuesUrl, type Indicator, type IndicatorValues, type Target } from './dashboard.api.ts';
import { compareNames, formatValue, polylinePoints } from './dashboard.rules.ts';
import { trajectory } from './targets.rules.ts';

interface Series {
  code: string;
  name: string;
  /** One value per year of the chart; null where there is none (yet). */
  values: (number | null)[];
  /** The trajectory drawn as its own line, its targets marked. */
  kind?: 'target';
}

export function Trends({ state, indicators, update }: ViewProps) {
  const { t, text } = useI18n();
  const indicator = findIndicator(indicators, state.indicator);
  const period = YEARS.join(',');
  const communesQuery = { indicator: indicator?.code ?? '', orgUnit: PROVINCE, period, level: 2 };
  const unitQuery = { indicator: indicator?.code ?? '', orgUnit: state.unit, period };
  const communes = useApi<IndicatorValues>(state.compare ? valuesUrl(communesQuery) : null, { keepPrevious: true });
  const unit = useApi<IndicatorValues>(valuesUrl(unitQuery), { keepPrevious: true });
  const targets = useApi<{ items: Target[] }>(targetsInForceUrl(state.unit), { keepPrevious: true });

  // The plan's years are drawn too: the trajectory runs to the last target (2030), the values to today.
  const ownTargets = useMemo(() => (targets.data?.items ?? []).filter((target) => target.indicatorCode === indicator?.code), [targets.data, indicator]);
  const lastYear = Math.max(CURRENT_YEAR, ...ownTargets.map((target) => target.year));
  const years = useMemo(() => Array.from({ length: lastYear - BASE_YEAR + 1 }, (_, i) => BASE_YEAR + i), [lastYear]);
  const seriesOf = (cells: IndicatorValues['cells'] | undefined) => {
    const series = new Map<string, Series>();
    for (const cell of cells ?? []) {
      const name = cell.orgUnit === PROVINCE ? t('dash.province') : cell.orgUnitName;
      const entry = series.get(cell.orgUnit) ?? { code: cell.orgUnit, name, values: years.map(() => null) };
      const index = years.indexOf(Number(cell.period));
      if (index >= 0) entry.values[index] = cell.value;
      series.set(cell.orgUnit, entry);
    }
    return series;
  };
  const all = useMemo(() => seriesOf(communes.data?.cells), [communes.data, years, t]);
  const single = useMemo(() => seriesOf(unit.data?.cells).get(state.unit), [unit.data, years, state.unit, t]);
  const communeList = useMemo(() => [...all.values()].sort((a, b) => compareNames(a.name, b.name)), [all]);

  if (!indicator) return null;
  const first = state.first || communeList[0]?.code || '';
  const second = state.second || communeList[1]?.code || '';
  const planned = single ? trajectory(ownTargets, years, (year) => single.values[years.indexOf(year)] ?? null) : [];
  const target: Series | undefined =
    single && planned.some((value) => value !== null)
      ? { code: `${single.code}-target`, name: t('dash.tr.target_line'), values: planned, kind: 'target' }
      : undefined;
  const shown = (state.compare ? [all.get(first), all.get(second)] : [single, target]).filter((s): s is Series => !!s);
  const error = (state.compare ? communes.error : null) ?? unit.error ?? targets.error;
  const ready = state.compare ? !!communes.data : !!unit.data && !!targets.data;
  const span = { from: BASE_YEAR, to: lastYear };
  const fileQuery = state.compare ? communesQuery : unitQuery;

  const unitSelect = (id: string, label: string, value: string, onChange: (code: string) => void) => (
    <div class="field dash-field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {communeList.map((commune) => (
          <option key={commune.code} value={commune.code}>
            {commune.name}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section aria-labelledby="tr-title">
      <Controls>
        <IndicatorSelect id="tr-indicator" value={indicator.code} indicators={indicators} onChange={(code) => update({ indicator: code })} />
        <div class="field field-check dash-field">
          <input id="tr-compare" type="checkbox" checked={state.compare} onChange={(event) => update({ compare: event.currentTarget.checked })} />
          <label for="tr-compare">{t('dash.tr.compare')}</label>
        </div>
        {state.compare && (
          <>
            {unitSelect('tr-first', t('dash.tr.first'), first, (code) => update({ first: code }))}
            {unitSelect('tr-second', t('dash.tr.second'), second, (code) => update({ second: code }))}
          </>
        )}
      </Controls>
      <h2 id="tr-title">{t('dash.tr.title', { ...span, indicator: text(indicator.name) })}</h2>
      {error && <ErrorNotice error={error} onRetry={() => [communes, unit, targets].forEach((r) => r.reload())} />}
      {!ready ? (
        <Loading lines={6} />
      ) : (
        <>
          <LineChart series={shown} indicator={indicator} years={years} />
          <PartialYear year={CURRENT_YEAR} />
          <TableScroll label={t('dash.tr.title', { ...span, indicator: text(indicator.name) })}>
            <table class="table dash-trend-table">
              <thead>
                <tr>
                  <th scope="col">{t('dash.tr.unit')}</th>
                  {years.map((year) => (
                    <th key={year} scope="col" class="num">
                      {year}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((series, i) => (
                  <tr key={series.code} data-series={series.kind ?? 'unit'}>
                    <th scope="row">
                      <span class={`dash-key ${keyClass(series, i)}`} aria-hidden="true" />
                      {series.name}
                    </th>
                    {series.values.map((value, j) => (
                      <td key={j} class="num">
                        {value !== null ? formatValue(value, indicator) : (years[j] ?? 0) > CURRENT_YEAR ? '' : t('dash.null')}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Downloads csv={valuesUrl(fileQuery, 'csv')} xlsx={valuesUrl(fileQuery, 'xlsx')} />
        </>
      )}
    </section>
  );
}

const lineClass = (series: Series, i: number) => (series.kind === 'target' ? 'dash-line-target' : `dash-line-${i}`);
const keyClass = (series: Series, i: number) => (series.kind === 'target' ? 'dash-key-target' : `dash-key-${i}`);

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 84;
const BOTTOM = 36;
const TOP = 12;
const RIGHT = 32;

/** A plain SVG line chart: years across, one line per unit, dashed for the second so colour is not the only cue. */
function LineChart({ series, indicator, years }: { series: Series[]; indicator: Indicator; years: readonly number[] }) {
  const { t, text } = useI18n();
  const values = series.flatMap((s) => s.values).filter((value): value is number => value !== null);
  if (values.length === 0) return <p class="empty">{t('dash.null')}</p>;
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (indicator.factor === 100) {
    min = Math.max(0, Math.floor(min / 10) * 10);
    max = Math.min(100, Math.ceil(max / 10) * 10);
  }
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => min + f * (max - min));
  const xOf = (i: number) => LEFT + (i * plotWidth) / (years.length - 1);
  const yOf = (value: number) => TOP + plotHeight - ((value - min) / (max - min)) * plotHeight;
  const label = t('dash.tr.chart', { indicator: text(indicator.name), units: series.map((s) => s.name).join(', ') });
  return (
    <svg class="dash-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <title>{label}</title>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={yOf(tick)} y2={yOf(tick)} class="dash-grid" />
          <text x={LEFT - 6} y={yOf(tick) + 4} text-anchor="end" class="dash-axis">
            {formatValue(Math.round(tick * 10 ** indicator.decimals) / 10 ** indicator.decimals, indicator)}
          </text>
        </g>
      ))}
      {years.map((year, i) => (
        <text key={year} x={xOf(i)} y={HEIGHT - 8} text-anchor="middle" class="dash-axis">
          {year}
        </text>
      ))}
      {series.map((s, i) => (
        <g key={s.code} class={`dash-line ${lineClass(s, i)}`}>
          <polyline
            points={polylinePoints(s.values, plotWidth, plotHeight, { min, max }, 0)
              .split(' ')
              .filter(Boolean)
              .map((point) => {
                const [x, y] = point.split(',').map(Number);
                return `${LEFT + (x ?? 0)},${TOP + (y ?? 0)}`;
              })
              .join(' ')}
            fill="none"
          />
          {s.values.map((value, j) => (value === null ? null : <circle key={j} cx={xOf(j)} cy={yOf(value)} r="4" />))}
        </g>
      ))}
    </svg>
  );
}
