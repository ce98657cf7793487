import { useMemo } from 'preact/hooks';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { withQuery } from '../platform/api.ts';
import { Link, paths } from '../platform/router.tsx';
import { ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { DEFAULT_YEAR, indicatorsUrl, PROVINCE, valuesUrl, YEARS, type Indicator, type IndicatorValueCell, type IndicatorValues } from './dashboard.api.ts';
import { ordinal, ranks } from './dashboard.rules.ts';
import { CellValue, Completeness, Sparkline, TargetStatus } from './parts.tsx';
import { dashboardEn, dashboardVi } from './dashboard.i18n.ts';
import './dashboard.css';

addMessages(dashboardVi, dashboardEn);

/**
 * What a visitor of a unit's page comes for: the report's "90% of households with a smartphone
 * and e-payment" and its kin, for this unit — households first, then the network that serves them.
 */
export const KEY_INDICATORS = ['HH_SMARTPHONE', 'HH_EPAY', 'APP_VNEID', 'HH_FIBER', 'ADULT_EPAY', 'COV_4G_POP'] as const;

export interface UnitScorecardProps {
  code: string;
  level: number;
  /** The commune a village is in (its siblings' parent); null for the province and a commune. */
  parent: { code: string; name: string } | null;
}

/**
 * A unit's own scorecard on its page: the key indicators of the last whole year, each with its
 * target and where the unit stands, its trend since 2021 and its rank among its siblings. The
 * figures are the public API's, so a visitor without an account sees small cells suppressed.
 */
export function UnitScorecard({ code, level, parent }: UnitScorecardProps) {
  const { t, text, lang } = useI18n();
  const year = DEFAULT_YEAR;
  const keys = KEY_INDICATORS.join(',');
  const catalogue = useApi<{ items: Indicator[] }>(indicatorsUrl);
  const own = useApi<IndicatorValues>(valuesUrl({ indicator: keys, orgUnit: code, period: YEARS.join(',') }));
  const siblingsOf = level === 1 ? null : (parent?.code ?? PROVINCE);
  const siblings = useApi<IndicatorValues>(siblingsOf ? valuesUrl({ indicator: keys, orgUnit: siblingsOf, period: String(year), level }) : null);

  const cells = useMemo(() => new Map((own.data?.cells ?? []).map((cell) => [`${cell.indicator}|${cell.period}`, cell])), [own.data]);
  const rankings = useMemo(() => {
    const byIndicator = new Map<string, IndicatorValueCell[]>();
    for (const cell of siblings.data?.cells ?? []) byIndicator.set(cell.indicator, [...(byIndicator.get(cell.indicator) ?? []), cell]);
    return byIndicator;
  }, [siblings.data]);
  const indicators = (catalogue.data?.items ?? []).filter((indicator) => (KEY_INDICATORS as readonly string[]).includes(indicator.code));
  const error = catalogue.error ?? own.error;

  const rankText = (indicator: Indicator): string | null => {
    const among = rankings.get(indicator.code);
    if (!among) return null;
    const rank = ranks(among, indicator.higherIsBetter).get(code);
    if (rank === undefined) return null;
    const of = among.filter((cell) => cell.value !== null).length;
    // "Hạng 3/12", "3rd of 12".
    const params = { rank: lang === 'en' ? ordinal(rank) : rank, of, parent: parent?.name ?? '' };
    return level === 2 ? t('dash.rank.communes', params) : t('dash.rank.villages', params);
  };

  return (
    <section class="section unit-scorecard" aria-labelledby="us-title">
      <div class="us-head">
        <h2 id="us-title">{t('us.title', { year })}</h2>
        <Link href={withQuery(paths.dashboard(), { unit: code })}>{t('us.open_dashboard')}</Link>
      </div>
      {error && <ErrorNotice error={error} onRetry={own.reload} />}
      {!own.data || !catalogue.data ? (
        !error && <Loading lines={4} />
      ) : (
        <ul class="us-cards">
          {indicators.map((indicator) => {
            const cell = cells.get(`${indicator.code}|${year}`);
            const rank = rankText(indicator);
            return (
              <li key={indicator.code} class="us-card" data-indicator={indicator.code}>
                <h3 class="us-name">{text(indicator.name)}</h3>
                <p class="us-value">
                  <CellValue cell={cell} indicator={indicator} />
                </p>
                <p class="us-target">
                  <TargetStatus cell={cell} indicator={indicator} short />
                </p>
                <p class="us-trend">
                  <Sparkline values={YEARS.map((y) => cells.get(`${indicator.code}|${y}`)?.value ?? null)} indicator={indicator} />
                  <span class="muted">
                    {YEARS[0]}–{YEARS.at(-1)}
                  </span>
                </p>
                {rank && <p class="us-rank">{rank}</p>}
                {cell && cell.completeness.reported < cell.completeness.expected && (
                  <p class="us-completeness">
                    <Completeness cell={cell} />
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
