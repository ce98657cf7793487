import { useMemo } from 'preact/hooks';
import { formatNumber } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import { TableScroll } from './parts.tsx';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { Controls, PartialYear, YearSelect } from './dashboard-controls.tsx';
import { type ViewProps } from './dashboard.state.ts';
import { Downloads } from '../platform/downloads.tsx';
import { operatorsUrl, whiteSpotsFileUrl, whiteSpotsUrl, YEARS, type Operator, type WhiteSpot, type WhiteSpots } from './dashboard.api.ts';
import { compareNames } from './dashboard.rules.ts';

export function WhiteSpotsView({ state, update }: ViewProps) {
  const { t, lang } = useI18n();
  const spots = useApi<WhiteSpots>(whiteSpotsUrl(state.year), { keepPrevious: true });
  const operators = useApi<{ items: Operator[] }>(operatorsUrl);
  const operatorName = useMemo(() => new Map((operators.data?.items ?? []).map((operator) => [operator.code, operator.name])), [operators.data]);
  const nameOf = (code: string) => operatorName.get(code) ?? code;

  const rows = useMemo(() => {
    const items = (spots.data?.items ?? []).filter((item) => !state.operator || item.operators.some((operator) => operator.operatorCode === state.operator));
    return items.sort((a, b) => compareNames(a.communeName, b.communeName) || compareNames(a.villageName, b.villageName));
  }, [spots.data, state.operator]);

  const yesNo = (value: boolean) => (value ? t('common.yes') : t('common.no'));
  const operatorText = (item: WhiteSpot) =>
    item.operators.map((operator) => `${nameOf(operator.operatorCode)} ${operator.technology} (${qualityText(operator.quality)})`).join('; ');
  const qualityText = (quality: string) => (quality === 'stable' || quality === 'unstable' || quality === 'none' ? t(`dash.ws.quality.${quality}`) : quality);

  return (
    <section aria-labelledby="ws-title">
      <Controls>
        <YearSelect id="ws-year" value={state.year} years={YEARS} onChange={(year) => update({ year })} />
        <div class="field dash-field">
          <label for="ws-operator">{t('dash.ws.operator')}</label>
          <select id="ws-operator" value={state.operator} onChange={(event) => update({ operator: event.currentTarget.value })}>
            <option value="">{t('dash.ws.all_operators')}</option>
            {(operators.data?.items ?? []).map((operator) => (
              <option key={operator.code} value={operator.code}>
                {operator.name}
              </option>
            ))}
          </select>
        </div>
      </Controls>
      <h2 id="ws-title">{t('dash.ws.title', { year: state.year })}</h2>
      <PartialYear year={state.year} />
      {spots.error && <ErrorNotice error={spots.error} onRetry={spots.reload} />}
      {!spots.data ? (
        <Loading lines={8} />
      ) : (
        <>
          <dl class="facts dash-counts">
            <div class="fact">
              <dt>{t('dash.ws.without_mobile')}</dt>
              <dd>{formatNumber(spots.data.withoutMobile)}</dd>
            </div>
            <div class="fact">
              <dt>{t('dash.ws.without_broadband')}</dt>
              <dd>{formatNumber(spots.data.withoutBroadband)}</dd>
            </div>
          </dl>
          <p class="muted" role="status">
            {t('dash.ws.shown', { count: formatNumber(rows.length) })}
          </p>
          {rows.length === 0 ? (
            <Empty>{t('dash.ws.empty')}</Empty>
          ) : (
            <TableScroll label={t('dash.ws.title', { year: state.year })}>
              <table class="table dash-white" aria-busy={spots.loading}>
                <thead>
                  <tr>
                    <th scope="col">{t('dash.ws.village')}</th>
                    <th scope="col">{t('dash.ws.commune')}</th>
                    <th scope="col">{t('dash.ws.best')}</th>
                    <th scope="col">{t('dash.ws.no_mobile_col')}</th>
                    <th scope="col">{t('dash.ws.no_broadband_col')}</th>
                    <th scope="col">{t('dash.ws.operators')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((item) => (
                    <tr key={item.villageCode}>
                      <th scope="row">
                        <Link href={paths.unit(item.villageCode)}>{item.villageName}</Link>
                        {item.isDemo && <span class="badge badge-demo badge-compact dash-demo-badge">{t('demo.badge_short')}</span>}
                      </th>
                      <td>{item.communeName}</td>
                      <td>{item.bestStableTechnology ?? t('dash.ws.none_tech')}</td>
                      <td class={item.withoutMobile ? 'dash-gap' : undefined}>{yesNo(item.withoutMobile)}</td>
                      <td class={item.withoutBroadband ? 'dash-gap' : undefined}>{yesNo(item.withoutBroadband)}</td>
                      <td class="dash-operators">{item.operators.length ? operatorText(item) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <Downloads csv={whiteSpotsFileUrl(state.year, state.operator, 'csv', lang)} xlsx={whiteSpotsFileUrl(state.year, state.operator, 'xlsx', lang)} />
        </>
      )}
    </section>
  );
}
