import { useMemo } from 'preact/hooks';
import { isProvinceAdmin, useSession } from '../accounts/session.ts';
import { useI18n } from '../platform/i18n.ts';
import { ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { Controls, PartialYear, YearSelect } from './dashboard-controls.tsx';
import { type ViewProps } from './dashboard.state.ts';
import { Downloads } from '../platform/downloads.tsx';
import { BASE_YEAR, PROVINCE, YEAR_SPAN, YEARS, valuesUrl, type IndicatorValueCell, type IndicatorValues } from './dashboard.api.ts';
import { ChangeSince, CellValue, Completeness, Sparkline, TableScroll, TargetStatus } from './parts.tsx';
import { TargetsPanel } from './targets-panel.tsx';

export function Scorecard({ state, indicators, update }: ViewProps) {
  const { t, text } = useI18n();
  const { me } = useSession();
  const query = { indicator: indicators.map((indicator) => indicator.code).join(','), orgUnit: state.unit, period: YEARS.join(',') };
  const values = useApi<IndicatorValues>(valuesUrl(query), { keepPrevious: true });

  const byKey = useMemo(() => {
    const map = new Map<string, IndicatorValueCell>();
    for (const cell of values.data?.cells ?? []) map.set(`${cell.indicator}|${cell.period}`, cell);
    return map;
  }, [values.data]);

  const first = values.data?.cells[0];
  const name = state.unit === PROVINCE ? t('dash.province') : first?.orgUnit === state.unit ? first.orgUnitName : '…';
  const title = t('dash.sc.title', { year: state.year, name });
  return (
    <section aria-labelledby="sc-title">
      <Controls>
        <YearSelect id="sc-year" value={state.year} onChange={(year) => update({ year })} />
      </Controls>
      <h2 id="sc-title">{title}</h2>
      <PartialYear year={state.year} />
      {values.error && <ErrorNotice error={values.error} onRetry={values.reload} />}
      {!values.data ? (
        <Loading lines={8} />
      ) : (
        <>
          <TableScroll label={title}>
            <table class="table dash-scorecard dash-cards">
              <thead>
                <tr>
                  <th scope="col">{t('dash.sc.indicator')}</th>
                  <th scope="col" class="num">
                    {t('dash.sc.value')}
                  </th>
                  <th scope="col">{t('dash.sc.target')}</th>
                  <th scope="col" class="num">
                    {t('dash.sc.change')}
                  </th>
                  <th scope="col">{t('dash.sc.trend', YEAR_SPAN)}</th>
                  <th scope="col">{t('dash.sc.completeness')}</th>
                </tr>
              </thead>
              <tbody>
                {indicators.map((indicator) => {
                  const cell = byKey.get(`${indicator.code}|${state.year}`);
                  const base = byKey.get(`${indicator.code}|${BASE_YEAR}`);
                  const trend = YEARS.map((year) => byKey.get(`${indicator.code}|${year}`)?.value ?? null);
                  return (
                    <tr key={indicator.code} data-indicator={indicator.code}>
                      <th scope="row">
                        <span class="dash-indicator-name">{text(indicator.name)}</span>
                        <span class="dash-code">{indicator.code}</span>
                      </th>
                      <td class="num" data-label={t('dash.sc.value')}>
                        <CellValue cell={cell} indicator={indicator} />
                      </td>
                      <td data-label={t('dash.sc.target')}>
                        <TargetStatus cell={cell} indicator={indicator} />
                      </td>
                      <td class="num" data-label={t('dash.sc.change')}>
                        <ChangeSince from={base?.value ?? null} to={cell?.value ?? null} indicator={indicator} />
                      </td>
                      <td data-label={t('dash.sc.trend', YEAR_SPAN)}>
                        <Sparkline values={trend} indicator={indicator} />
                      </td>
                      <td data-label={t('dash.sc.completeness')}>
                        <Completeness cell={cell} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          <Downloads csv={valuesUrl(query, 'csv')} xlsx={valuesUrl(query, 'xlsx')} />
        </>
      )}
      {isProvinceAdmin(me) && <TargetsPanel key={state.unit.slice(0, 5)} indicators={indicators} unit={state.unit.slice(0, 5)} onSaved={values.reload} />}
    </section>
  );
}
