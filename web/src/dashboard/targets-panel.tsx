import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api, asApiError, withQuery, type ApiError } from '../platform/api.ts';
import { useI18n, type MessageKey } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { byVietnameseName, childrenUrl, type OrgUnitSummary, type Page } from '../territory/territory.api.ts';
import { PROVINCE, type Indicator, type Target } from './dashboard.api.ts';
import { formatValue } from './dashboard.rules.ts';
import { TableScroll } from './parts.tsx';
import { readTargetValue, TARGET_YEARS } from './targets.rules.ts';

const targetsUrl = (orgUnit: string) => withQuery('/api/targets', { orgUnit });

/**
 * A province administrator sets an indicator's target for a year of the 2026–2030 plan, for the
 * province or one commune, and sees the unit's targets. The server checks the right again and
 * audits the change; this panel is only where the form is shown.
 */
export function TargetsPanel({ indicators, unit: shownUnit, onSaved }: { indicators: Indicator[]; unit: string; onSaved: () => void }) {
  const { t, text } = useI18n();
  const [indicatorCode, setIndicatorCode] = useState(indicators[0]?.code ?? '');
  // Opens on the dashboard's unit (a village's commune: targets are set for the province and communes).
  const [unit, setUnit] = useState(shownUnit);
  const [year, setYear] = useState<number>(TARGET_YEARS.at(-1)!);
  const [valueText, setValueText] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const communes = useApi<Page<OrgUnitSummary>>(childrenUrl(PROVINCE, 0));
  const targets = useApi<{ items: Target[] }>(targetsUrl(unit));

  const indicator = indicators.find((i) => i.code === indicatorCode) ?? indicators[0];
  const byCode = useMemo(() => new Map(indicators.map((i) => [i.code, i])), [indicators]);
  const order = useMemo(() => new Map(indicators.map((i, n) => [i.code, n])), [indicators]);
  const sortedCommunes = useMemo(() => [...(communes.data?.items ?? [])].sort(byVietnameseName), [communes.data]);
  const unitName = unit === PROVINCE ? t('dash.tg.province') : (sortedCommunes.find((c) => c.code === unit)?.fullName ?? unit);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!indicator) return;
    setSaved('');
    setError(null);
    const read = readTargetValue(valueText, indicator);
    if ('problem' in read) {
      setProblem(read.problem);
      document.getElementById('tg-value')?.focus();
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await api.put('/api/targets', { indicatorCode: indicator.code, orgUnitCode: unit, year, value: read.value });
      setSaved(t('dash.tg.saved', { year, unit: unitName, indicator: text(indicator.name), value: formatValue(read.value, indicator) }));
      setValueText('');
      targets.reload();
      onSaved();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  // The API names the field it refuses; a refused value or year is shown under its own field too.
  const apiProblem = (field: string) => (error?.field === field || error?.issues.some((issue) => issue.field === field) ? text(error.text) : undefined);
  const valueProblem = problem ? t(problem) : apiProblem('value');
  const percent = indicator?.factor === 100;
  // In the catalogue's order, as the scorecard lists them.
  const rows = [...(targets.data?.items ?? [])].sort((a, b) => (order.get(a.indicatorCode) ?? 999) - (order.get(b.indicatorCode) ?? 999) || a.year - b.year);

  return (
    <section class="card dash-targets" aria-labelledby="tg-title">
      <h2 id="tg-title">{t('dash.tg.title')}</h2>
      <p class="footnote">{t('dash.tg.note')}</p>
      <form class="form" onSubmit={submit} noValidate>
        <div class="form-grid">
          <div class="field field-wide">
            <label for="tg-indicator">{t('dash.tg.indicator')}</label>
            <select id="tg-indicator" value={indicatorCode} onChange={(event) => setIndicatorCode(event.currentTarget.value)}>
              {indicators.map((i) => (
                <option key={i.code} value={i.code}>
                  {text(i.name)}
                </option>
              ))}
            </select>
          </div>
          <div class="field field-wide">
            <label for="tg-unit">{t('dash.tg.unit')}</label>
            <select id="tg-unit" value={unit} onChange={(event) => setUnit(event.currentTarget.value)}>
              <option value={PROVINCE}>{t('dash.tg.province')}</option>
              {sortedCommunes.map((commune) => (
                <option key={commune.code} value={commune.code}>
                  {commune.fullName}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="tg-year">{t('dash.tg.year')}</label>
            <select id="tg-year" value={String(year)} onChange={(event) => setYear(Number(event.currentTarget.value))}>
              {TARGET_YEARS.map((y) => (
                <option key={y} value={String(y)}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="tg-value">{t('dash.tg.value')}</label>
            <input
              id="tg-value"
              inputMode="decimal"
              autocomplete="off"
              maxLength={16}
              value={valueText}
              aria-invalid={valueProblem ? true : undefined}
              aria-describedby={valueProblem ? 'tg-value-problem' : 'tg-value-hint'}
              onInput={(event) => setValueText(event.currentTarget.value)}
            />
            {valueProblem ? (
              <p id="tg-value-problem" class="field-problem">
                {valueProblem}
              </p>
            ) : (
              <p id="tg-value-hint" class="field-hint">
                {t(percent ? 'dash.tg.hint_percent' : 'dash.tg.hint_count')}
              </p>
            )}
          </div>
        </div>
        {error && <ErrorNotice error={error} />}
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy || !indicator}>
            {busy ? t('action.saving') : t('dash.tg.save')}
          </button>
        </div>
        <p class="dash-targets-saved" role="status">
          {saved}
        </p>
      </form>

      <h3 id="tg-list-title">{t('dash.tg.list_title', { unit: unitName })}</h3>
      {targets.error && <ErrorNotice error={targets.error} onRetry={targets.reload} />}
      {!targets.data ? (
        !targets.error && <Loading lines={3} />
      ) : rows.length === 0 ? (
        <Empty>{t('dash.tg.list_empty')}</Empty>
      ) : (
        <TableScroll label={t('dash.tg.list_title', { unit: unitName })}>
          <table class="table dash-target-list" aria-labelledby="tg-list-title">
            <thead>
              <tr>
                <th scope="col">{t('dash.tg.col_indicator')}</th>
                <th scope="col" class="num">
                  {t('dash.tg.col_year')}
                </th>
                <th scope="col" class="num">
                  {t('dash.tg.col_value')}
                </th>
                <th scope="col" class="num">
                  {t('dash.tg.col_baseline')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const rowIndicator = byCode.get(row.indicatorCode);
                return (
                  <tr key={`${row.indicatorCode}-${row.year}`} data-target={`${row.indicatorCode}-${row.year}`}>
                    <th scope="row">{rowIndicator ? text(rowIndicator.name) : row.indicatorCode}</th>
                    <td class="num">{row.year}</td>
                    <td class="num">{rowIndicator ? formatValue(row.value, rowIndicator) : row.value}</td>
                    <td class="num">{row.baselineYear}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
