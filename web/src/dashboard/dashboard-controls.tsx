import type { ComponentChildren } from 'preact';
import { useI18n } from '../platform/i18n.ts';
import { formatDate, todayInVietnam } from '../platform/format.ts';
import { CURRENT_YEAR, YEARS, type Indicator } from './dashboard.api.ts';

/** The year selector every view shares. */
export function YearSelect({ id, value, onChange, years = YEARS }: { id: string; value: number; onChange: (year: number) => void; years?: readonly number[] }) {
  const { t } = useI18n();
  return (
    <div class="field dash-field">
      <label for={id}>{t('dash.year')}</label>
      <select id={id} value={String(value)} onChange={(event) => onChange(Number(event.currentTarget.value))}>
        {years.map((year) => (
          <option key={year} value={String(year)}>
            {year === CURRENT_YEAR ? t('dash.year_current', { year }) : year}
          </option>
        ))}
      </select>
    </div>
  );
}

export function IndicatorSelect({ id, value, indicators, onChange }: { id: string; value: string; indicators: Indicator[]; onChange: (code: string) => void }) {
  const { t, text } = useI18n();
  return (
    <div class="field dash-field dash-field-wide">
      <label for={id}>{t('dash.indicator')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {indicators.map((indicator) => (
          <option key={indicator.code} value={indicator.code}>
            {text(indicator.name)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The year in progress says so: its figures are what has been reported so far, not a whole year. */
export function PartialYear({ year }: { year: number }) {
  const { t } = useI18n();
  if (year !== CURRENT_YEAR) return null;
  return <p class="notice notice-info dash-partial-year">{t('dash.year_partial', { date: formatDate(todayInVietnam()) })}</p>;
}

export function Controls({ children }: { children: ComponentChildren }) {
  return <div class="dash-controls">{children}</div>;
}

/** The indicator of that code, or the first one when the code is unknown (an old link). */
export const findIndicator = (indicators: Indicator[], code: string): Indicator | undefined =>
  indicators.find((indicator) => indicator.code === code) ?? indicators[0];
