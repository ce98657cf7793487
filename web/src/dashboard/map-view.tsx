import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../platform/api.ts';
import { useI18n } from '../platform/i18n.ts';
import { ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { Controls, Downloads, findIndicator, IndicatorSelect, YearSelect, type ViewProps } from './dashboard-page.tsx';
import { boundariesUrl, PROVINCE, valuesUrl, type IndicatorValueCell } from './dashboard.api.ts';
import { classify, colourOf, formatValue, NO_VALUE_COLOUR } from './dashboard.rules.ts';
import { useUnitValues } from './league-table.tsx';
import type { CommuneFeatureCollection, MapHandle } from './leaflet-map.ts';

export function CommuneMapView({ state, indicators, update }: ViewProps) {
  const { t, text } = useI18n();
  const indicator = findIndicator(indicators, state.indicator);
  const { children, childrenQuery } = useUnitValues(indicator?.code ?? '', PROVINCE, state.year);
  const boundaries = useApi<CommuneFeatureCollection>(boundariesUrl);
  const element = useRef<HTMLDivElement>(null);
  const handle = useRef<MapHandle | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<ApiError | undefined>();

  const cells = useMemo(() => new Map((children.data?.cells ?? []).map((cell) => [cell.orgUnit, cell])), [children.data]);
  const classes = useMemo(() => classify([...cells.values()].map((cell) => cell.value), indicator?.higherIsBetter ?? true), [cells, indicator]);

  // Keep the latest drill-down in a ref: the map is made once and its click handlers must not go stale.
  const select = useRef((code: string) => update({ unit: code, tab: 'league' }, { push: true }));
  select.current = (code: string) => update({ unit: code, tab: 'league' }, { push: true });

  useEffect(() => {
    if (!boundaries.data || !element.current) return;
    let cancelled = false;
    const data = boundaries.data;
    import('./leaflet-map.ts').then(
      ({ createCommuneMap }) => {
        if (cancelled || !element.current) return;
        handle.current = createCommuneMap(element.current, data, (code) => select.current(code));
        setReady(true);
      },
      (error: unknown) => setFailure(asApiError(error)),
    );
    return () => {
      cancelled = true;
      handle.current?.destroy();
      handle.current = null;
      setReady(false);
    };
  }, [boundaries.data]);

  useEffect(() => {
    if (!ready || !handle.current || !indicator) return;
    const label = (cell: IndicatorValueCell | undefined) => (cell?.value == null ? t('dash.map.no_value') : formatValue(cell.value, indicator));
    handle.current.update(
      (code) => colourOf(cells.get(code)?.value ?? null, classes),
      (code, name) => `${name}: ${label(cells.get(code))}`,
    );
  }, [ready, cells, classes, indicator, t]);

  if (!indicator) return null;
  const error = boundaries.error ?? children.error ?? failure;
  return (
    <section aria-labelledby="map-title">
      <Controls>
        <IndicatorSelect id="map-indicator" value={indicator.code} indicators={indicators} onChange={(code) => update({ indicator: code })} />
        <YearSelect id="map-year" value={state.year} onChange={(year) => update({ year })} />
      </Controls>
      <h2 id="map-title">{t('dash.map.title', { indicator: text(indicator.name), year: state.year })}</h2>
      <p class="footnote">{t('dash.map.hint')}</p>
      {error && <ErrorNotice error={error} onRetry={boundaries.error ? boundaries.reload : children.reload} />}
      {!boundaries.data && !error && <Loading lines={6} />}
      <div class="dash-map-layout">
        <div ref={element} class="dash-map" role="region" aria-label={t('dash.map.title', { indicator: text(indicator.name), year: state.year })} />
        {classes && (
          <figure class="dash-legend">
            <figcaption>
              {t('dash.map.legend')} <span class="muted">({t('dash.map.better')})</span>
            </figcaption>
            <ul>
              {classes.breaks.map((from, i) => {
                const to = classes.breaks[i + 1] ?? classes.max;
                return (
                  <li key={i}>
                    <svg class="dash-swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                      <rect width="16" height="16" fill={classes.colours[i]} />
                    </svg>
                    {formatValue(from, indicator)} – {formatValue(to, indicator)}
                  </li>
                );
              })}
              <li>
                <svg class="dash-swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                  <rect width="16" height="16" fill={NO_VALUE_COLOUR} />
                </svg>
                {t('dash.map.no_value')}
              </li>
            </ul>
          </figure>
        )}
      </div>
      <Downloads csv={valuesUrl(childrenQuery, 'csv')} xlsx={valuesUrl(childrenQuery, 'xlsx')} />
    </section>
  );
}
