import { useMemo } from 'preact/hooks';
import { useI18n } from '../platform/i18n.ts';
import { TableScroll } from './parts.tsx';
import { ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { Controls, findIndicator, IndicatorSelect, type ViewProps } from './dashboard-page.tsx';
import { Downloads } from '../platform/downloads.tsx';
import { PROVINCE, TREND_YEARS, valuesUrl, type Indicator, type IndicatorValues } from './dashboard.api.ts';
import { compareNames, formatValue, polylinePoints } from './dashboard.rules.ts';

interface Series {
  code: string;
  name: string;
  values: (number | null)[];
}

export function Trends({ state, indicators, update }: ViewProps) {
  const { t, text } = useI18n();
  const indicator = findIndicator(indicators, state.indicator);
  const period = TREND_YEARS.join(',');
  const communesQuery = { indicator: indicator?.code ?? '', orgUnit: PROVINCE, period, level: 2 };
  const provinceQuery = { indicator: indicator?.code ?? '', orgUnit: PROVINCE, period };
  const communes = useApi<IndicatorValues>(valuesUrl(communesQuery), { keepPrevious: true });
  const province = useApi<IndicatorValues>(valuesUrl(provinceQuery), { keepPrevious: true });

  const all = useMemo(() => {
    const series = new Map<string, Series>();
    for (const cell of [...(province.data?.cells ?? []), ...(communes.data?.cells ?? [])]) {
      const name = cell.orgUnit === PROVINCE ? t('dash.province') : cell.orgUnitName;
      const entry = series.get(cell.orgUnit) ?? { code: cell.orgUnit, name, values: TREND_YEARS.map(() => null) };
      const index = TREND_YEARS.indexOf(Number(cell.period) as (typeof TREND_YEARS)[number]);
      if (index >= 0) entry.values[index] = cell.value;
      series.set(cell.orgUnit, entry);
    }
    return series;
  }, [province.data, communes.data, t]);
  const communeList = useMemo(() => [...all.values()].filter((s) => s.code !== PROVINCE).sort((a, b) => compareNames(a.name, b.name)), [all]);

  if (!indicator) return null;
  const first = state.first || communeList[0]?.code || '';
  const second = state.second || communeList[1]?.code || '';
  const unit = state.unit;
  const shown = (state.compare ? [all.get(first), all.get(second)] : [all.get(unit) ?? all.get(PROVINCE)]).filter((s): s is Series => !!s);
  const error = communes.error ?? province.error;

  const unitSelect = (id: string, label: string, value: string, withProvince: boolean, onChange: (code: string) => void) => (
    <div class="field dash-field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {withProvince && <option value={PROVINCE}>{t('dash.province')}</option>}
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
        {state.compare ? (
          <>
            {unitSelect('tr-first', t('dash.tr.first'), first, false, (code) => update({ first: code }))}
            {unitSelect('tr-second', t('dash.tr.second'), second, false, (code) => update({ second: code }))}
          </>
        ) : (
          unitSelect('tr-unit', t('dash.tr.unit'), all.has(unit) ? unit : PROVINCE, true, (code) => update({ unit: code }))
        )}
      </Controls>
      <h2 id="tr-title">{t('dash.tr.title', { indicator: text(indicator.name) })}</h2>
      {error && <ErrorNotice error={error} onRetry={communes.reload} />}
      {!communes.data || !province.data ? (
        <Loading lines={6} />
      ) : (
        <>
          <LineChart series={shown} indicator={indicator} />
          <TableScroll label={t('dash.tr.title', { indicator: text(indicator.name) })}>
            <table class="table dash-trend-table">
              <thead>
                <tr>
                  <th scope="col">{t('dash.tr.unit')}</th>
                  {TREND_YEARS.map((year) => (
                    <th key={year} scope="col" class="num">
                      {year}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((series, i) => (
                  <tr key={series.code}>
                    <th scope="row">
                      <span class={`dash-key dash-key-${i}`} aria-hidden="true" />
                      {series.name}
                    </th>
                    {series.values.map((value, j) => (
                      <td key={j} class="num">
                        {value === null ? t('dash.null') : formatValue(value, indicator)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Downloads csv={valuesUrl(communesQuery, 'csv')} xlsx={valuesUrl(communesQuery, 'xlsx')} />
        </>
      )}
    </section>
  );
}

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 84;
const BOTTOM = 36;
const TOP = 12;
const RIGHT = 32;

/** A plain SVG line chart: years across, one line per unit, dashed for the second so colour is not the only cue. */
function LineChart({ series, indicator }: { series: Series[]; indicator: Indicator }) {
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
  const xOf = (i: number) => LEFT + (i * plotWidth) / (TREND_YEARS.length - 1);
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
      {TREND_YEARS.map((year, i) => (
        <text key={year} x={xOf(i)} y={HEIGHT - 8} text-anchor="middle" class="dash-axis">
          {year}
        </text>
      ))}
      {series.map((s, i) => (
        <g key={s.code} class={`dash-line dash-line-${i}`}>
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
