import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../platform/api.ts';
import { useI18n } from '../platform/i18n.ts';
import { Link, navigate, paths } from '../platform/router.tsx';
import { ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { Controls, findIndicator, IndicatorSelect, PartialYear, YearSelect } from './dashboard-controls.tsx';
import { stateHref, type ViewProps } from './dashboard.state.ts';
import { Downloads } from '../platform/downloads.tsx';
import { boundariesUrl, PROVINCE, unitChildrenUrl, valuesUrl, type IndicatorValues, type OrgUnitChild } from './dashboard.api.ts';
import { classify, colourOf, formatValue, mapPoints, NO_VALUE_COLOUR } from './dashboard.rules.ts';
import { useUnitValues } from './league-table.tsx';
import type { CommuneFeatureCollection, MapActions, MapHandle } from './leaflet-map.ts';

type Units = { items: OrgUnitChild[] };

export function CommuneMapView({ state, indicators, update }: ViewProps) {
  const { t, text } = useI18n();
  const indicator = findIndicator(indicators, state.indicator);
  const { children, childrenQuery } = useUnitValues(indicator?.code ?? '', PROVINCE, state.year);
  const boundaries = useApi<CommuneFeatureCollection>(boundariesUrl);
  const communeUnits = useApi<Units>(unitChildrenUrl(PROVINCE));
  // The unit chosen in the dashboard's picker (or in the ranking, or on the map) opens with its
  // villages; a village is shown among its commune's.
  const commune = state.unit.length >= 5 ? state.unit.slice(0, 5) : null;
  const villageQuery = commune && indicator ? { indicator: indicator.code, orgUnit: commune, period: String(state.year), level: 3 } : null;
  const villageValues = useApi<IndicatorValues>(villageQuery ? valuesUrl(villageQuery) : null);
  const villageUnits = useApi<Units>(commune ? unitChildrenUrl(commune) : null);
  const element = useRef<HTMLDivElement>(null);
  const handle = useRef<MapHandle | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<ApiError | undefined>();

  const cells = useMemo(() => new Map((children.data?.cells ?? []).map((cell) => [cell.orgUnit, cell])), [children.data]);
  const villageCells = useMemo(() => new Map((villageValues.data?.cells ?? []).map((cell) => [cell.orgUnit, cell])), [villageValues.data]);
  // One scale for communes and villages, so a colour means the same on both and the one legend holds.
  const classes = useMemo(
    () =>
      classify(
        [...cells.values(), ...villageCells.values()].map((cell) => cell.value),
        indicator?.higherIsBetter ?? true,
      ),
    [cells, villageCells, indicator],
  );
  const communeNames = useMemo(() => new Map((communeUnits.data?.items ?? []).map((unit) => [unit.code, unit])), [communeUnits.data]);

  // Null is "no data", never zero: it gets words, not a number.
  const valueText = useCallback(
    (value: number | null) => (value === null || !indicator ? t('dash.map.no_value') : formatValue(value, indicator)),
    [indicator, t],
  );
  const villages = villageUnits.data?.items;
  const points = useMemo(() => mapPoints(villages ?? [], villageCells, classes, valueText), [villages, villageCells, classes, valueText]);

  // Keep the latest actions in a ref: the map is made once and its handlers must not go stale.
  const actions = useRef<MapActions>({ onCommune: () => undefined, onVillage: () => undefined });
  actions.current = {
    onCommune: (code) => update({ unit: code, tab: 'map' }, { push: true }),
    onVillage: (code) => navigate(paths.unit(code)),
  };

  useEffect(() => {
    if (!boundaries.data || !element.current) return;
    let cancelled = false;
    const data = boundaries.data;
    import('./leaflet-map.ts').then(
      ({ createCommuneMap }) => {
        if (cancelled || !element.current) return;
        handle.current = createCommuneMap(element.current, data, {
          onCommune: (code) => actions.current.onCommune(code),
          onVillage: (code) => actions.current.onVillage(code),
        });
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
    handle.current.update(
      (code) => colourOf(cells.get(code)?.value ?? null, classes),
      (code, name) => `${communeNames.get(code)?.fullName ?? name}: ${valueText(cells.get(code)?.value ?? null)}`,
    );
  }, [ready, cells, classes, indicator, communeNames, valueText]);

  useEffect(() => {
    if (!ready || !handle.current) return;
    handle.current.focus(commune, points);
  }, [ready, commune, points]);

  if (!indicator) return null;
  const error = boundaries.error ?? children.error ?? villageValues.error ?? villageUnits.error ?? failure;
  const retry = boundaries.error ? boundaries.reload : children.error ? children.reload : villageValues.error ? villageValues.reload : villageUnits.reload;
  const communeName = commune ? (communeNames.get(commune)?.name ?? commune) : '';
  const missing = points.filter((point) => point.colour === null).length;
  const unplaced = (villages ?? []).filter((unit) => !unit.location).length;
  return (
    <section aria-labelledby="map-title">
      <Controls>
        <IndicatorSelect id="map-indicator" value={indicator.code} indicators={indicators} onChange={(code) => update({ indicator: code })} />
        <YearSelect id="map-year" value={state.year} onChange={(year) => update({ year })} />
      </Controls>
      <h2 id="map-title">{t('dash.map.title', { indicator: text(indicator.name), year: state.year })}</h2>
      <PartialYear year={state.year} />
      <p class="footnote">{t('dash.map.hint')}</p>
      {commune && (
        <p class="dash-back">
          <button type="button" class="button button-quiet" onClick={() => update({ unit: PROVINCE }, { push: true })}>
            {t('dash.lg.back')}
          </button>{' '}
          <Link href={stateHref(state, { tab: 'league' })}>{t('dash.map.open_league', { name: communeName })}</Link>
        </p>
      )}
      {/* Said to screen readers when a commune opens: how many villages there are to Tab through. */}
      <p class="dash-map-status" aria-live="polite">
        {commune && villages && villageValues.data && (
          <>
            {t('dash.map.villages', { name: communeName, shown: points.length, missing })}
            {unplaced > 0 && <> {t('dash.map.unplaced', { count: unplaced })}</>}
          </>
        )}
      </p>
      {error && <ErrorNotice error={error} onRetry={retry} />}
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
              {commune && (
                <li>
                  <svg class="dash-swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                    <circle cx="8" cy="8" r="6" fill="#ffffff" stroke="#6b746e" stroke-width="2" stroke-dasharray="3 2" />
                  </svg>
                  {t('dash.map.village_no_value')}
                </li>
              )}
            </ul>
          </figure>
        )}
      </div>
      <Downloads csv={valuesUrl(villageQuery ?? childrenQuery, 'csv')} xlsx={valuesUrl(villageQuery ?? childrenQuery, 'xlsx')} />
    </section>
  );
}
