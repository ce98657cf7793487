import { useMemo, useState } from 'preact/hooks';
import { useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { Controls, findIndicator, IndicatorSelect, PartialYear, YearSelect } from './dashboard-controls.tsx';
import { type ViewProps } from './dashboard.state.ts';
import { Downloads } from '../platform/downloads.tsx';
import { childLevel, PROVINCE, valuesUrl, type IndicatorValues } from './dashboard.api.ts';
import { ranks, sortCells, type SortDirection, type SortKey } from './dashboard.rules.ts';
import { CellValue, Completeness, StatusBadge, TableScroll } from './parts.tsx';

/** The values of one indicator in one year for every unit under `state.unit`, and for the unit itself. */
export function useUnitValues(indicator: string, unit: string, year: number) {
  const level = childLevel(unit);
  const childrenQuery = { indicator, orgUnit: unit, period: String(year), level };
  const selfQuery = { indicator, orgUnit: unit, period: String(year) };
  const children = useApi<IndicatorValues>(valuesUrl(childrenQuery), { keepPrevious: true });
  const self = useApi<IndicatorValues>(valuesUrl(selfQuery), { keepPrevious: true });
  return { children, self, childrenQuery, level };
}

export function LeagueTable({ state, indicators, update }: ViewProps) {
  const { t, text } = useI18n();
  const indicator = findIndicator(indicators, state.indicator);
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'value', direction: 'descending' });
  // A village is ranked among its commune's villages.
  const root = state.unit.length === 8 ? state.unit.slice(0, 5) : state.unit;
  const { children, self, childrenQuery, level } = useUnitValues(indicator?.code ?? '', root, state.year);
  const reference = self.data?.cells[0];
  const rows = useMemo(() => sortCells(children.data?.cells ?? [], sort.key, sort.direction), [children.data, sort]);
  const rankOf = useMemo(() => ranks(children.data?.cells ?? [], indicator?.higherIsBetter ?? true), [children.data, indicator]);
  if (!indicator) return null;

  const unitName = root === PROVINCE ? t('dash.province') : (reference?.orgUnitName ?? root);
  const nameHeader = level === 2 ? t('dash.lg.name_commune') : t('dash.lg.name_village');
  const toggle = (key: SortKey) =>
    setSort((current) => ({
      key,
      direction: current.key === key ? (current.direction === 'ascending' ? 'descending' : 'ascending') : key === 'name' ? 'ascending' : 'descending',
    }));
  const ariaSort = (key: SortKey) => (sort.key === key ? sort.direction : 'none');
  const arrow = (key: SortKey) => (sort.key === key ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕');

  return (
    <section aria-labelledby="lg-title">
      <Controls>
        <IndicatorSelect id="lg-indicator" value={indicator.code} indicators={indicators} onChange={(code) => update({ indicator: code })} />
        <YearSelect id="lg-year" value={state.year} onChange={(year) => update({ year })} />
      </Controls>
      {root !== PROVINCE && (
        <p class="dash-back">
          <button type="button" class="button button-quiet" onClick={() => update({ unit: PROVINCE }, { push: true })}>
            {t('dash.lg.back')}
          </button>{' '}
          <Link href={paths.unit(root)}>{t('dash.lg.open_unit', { name: unitName })}</Link>
        </p>
      )}
      <h2 id="lg-title">{t('dash.lg.title', { indicator: text(indicator.name), year: state.year })}</h2>
      <PartialYear year={state.year} />
      {children.error && <ErrorNotice error={children.error} onRetry={children.reload} />}
      {!children.data ? (
        <Loading lines={10} />
      ) : rows.length === 0 ? (
        <Empty>{t('dash.lg.none')}</Empty>
      ) : (
        <>
          <TableScroll label={t('dash.lg.title', { indicator: text(indicator.name), year: state.year })}>
            <table class="table dash-league" aria-busy={children.loading}>
              <caption>{root === PROVINCE ? t('dash.lg.communes') : t('dash.lg.villages', { name: unitName })}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {t('dash.lg.rank')}
                  </th>
                  <th scope="col" aria-sort={ariaSort('name')}>
                    <button type="button" class="dash-sort" onClick={() => toggle('name')}>
                      {nameHeader} <span aria-hidden="true">{arrow('name')}</span>
                    </button>
                  </th>
                  <th scope="col" class="num" aria-sort={ariaSort('value')}>
                    <button type="button" class="dash-sort" onClick={() => toggle('value')}>
                      {t('dash.lg.value')} <span aria-hidden="true">{arrow('value')}</span>
                    </button>
                  </th>
                  <th scope="col">{t('dash.lg.completeness')}</th>
                </tr>
              </thead>
              <tbody>
                {reference && (
                  <tr class="dash-reference">
                    <td class="num" />
                    <th scope="row">{root === PROVINCE ? t('dash.lg.reference_province') : t('dash.lg.reference', { name: unitName })}</th>
                    <td class="num">
                      <CellValue cell={reference} indicator={indicator} />
                      {reference.target && (
                        <div>
                          <StatusBadge status={reference.target.status} />
                        </div>
                      )}
                    </td>
                    <td>
                      <Completeness cell={reference} />
                    </td>
                  </tr>
                )}
                {rows.map((cell) => (
                  <tr
                    key={cell.orgUnit}
                    class={cell.orgUnit === state.unit ? 'dash-current' : undefined}
                    aria-current={cell.orgUnit === state.unit ? 'true' : undefined}
                  >
                    <td class="num">{rankOf.get(cell.orgUnit) ?? '—'}</td>
                    <th scope="row">
                      {level === 2 ? (
                        <button
                          type="button"
                          class="dash-drill"
                          aria-label={t('dash.lg.drill', { name: cell.orgUnitName })}
                          onClick={() => update({ unit: cell.orgUnit, tab: 'league' }, { push: true })}
                        >
                          {cell.orgUnitName}
                        </button>
                      ) : (
                        <Link href={paths.unit(cell.orgUnit)}>{cell.orgUnitName}</Link>
                      )}
                      {cell.isDemo && <span class="badge badge-demo badge-compact dash-demo-badge">{t('demo.badge_short')}</span>}
                    </th>
                    <td class="num">
                      <CellValue cell={cell} indicator={indicator} />
                    </td>
                    <td>
                      <Completeness cell={cell} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Downloads csv={valuesUrl(childrenQuery, 'csv')} xlsx={valuesUrl(childrenQuery, 'xlsx')} />
        </>
      )}
    </section>
  );
}
