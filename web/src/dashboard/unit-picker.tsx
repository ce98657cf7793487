import { formatDate, todayInVietnam } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { useApi } from '../platform/use-api.ts';
import { TerritorySearch } from '../territory/territory-search.tsx';
import { orgUnitUrl, type OrgUnit } from '../territory/territory.api.ts';
import { PROVINCE } from './dashboard.api.ts';
import type { ViewProps } from './dashboard.state.ts';

/**
 * Which unit the dashboard is about, and the way to another: the territory's diacritic-blind
 * search ("kien moc" finds Kiên Mộc), the units above the one shown, and back to one's own.
 */
export function UnitPicker({ state, update }: Pick<ViewProps, 'state' | 'update'>) {
  const { t } = useI18n();
  const shown = useDashboardUnit(state.unit);
  const name = state.unit === PROVINCE ? t('dash.province') : (shown?.name ?? state.unit);
  const choose = (code: string) => update({ unit: code }, { push: true });
  return (
    <>
      <p class="dash-print-meta print-only">
        {t('dash.territory', { name })} · {t('dash.printed', { date: formatDate(todayInVietnam()) })}
      </p>
      <section class="dash-unit" aria-labelledby="dash-unit-title">
        <div class="dash-unit-now">
          <p class="dash-unit-kicker" id="dash-unit-title">
            {t('dash.unit.showing')}
          </p>
          <p class="dash-unit-name" data-unit={state.unit}>
            {name}
          </p>
          {shown && shown.ancestors.length > 0 && (
            <p class="dash-unit-path">
              {shown.ancestors.map((ancestor, i) => (
                <span key={ancestor.code}>
                  {i > 0 && ' › '}
                  <button type="button" class="dash-drill" onClick={() => choose(ancestor.code)}>
                    {ancestor.level === 1 ? t('dash.province') : ancestor.name}
                  </button>
                </span>
              ))}
            </p>
          )}
          <p class="dash-unit-links">
            {state.unit !== state.home && (
              <button type="button" class="button button-quiet" onClick={() => choose(state.home)}>
                {state.home === PROVINCE ? t('dash.unit.back_province') : t('dash.unit.back_home')}
              </button>
            )}
            <Link href={state.unit === PROVINCE ? paths.home() : paths.unit(state.unit)}>{t('dash.unit.open_page', { name })}</Link>
          </p>
        </div>
        <div class="dash-unit-search">
          <TerritorySearch id="dash-unit-search" label={t('dash.unit.choose')} onChoose={(chosen) => choose(chosen.code)} />
        </div>
      </section>
    </>
  );
}

/** The unit the dashboard is about, as the territory has it; undefined while it loads. */
export function useDashboardUnit(code: string): OrgUnit | undefined {
  const unit = useApi<OrgUnit>(orgUnitUrl(code), { keepPrevious: true });
  return unit.data?.code === code ? unit.data : undefined;
}
