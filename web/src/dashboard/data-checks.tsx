import { Fragment, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { isProvinceAdmin, useSession } from '../accounts/session.ts';
import { asApiError, type ApiError } from '../platform/api.ts';
import { formatDateTime, formatNumber } from '../platform/format.ts';
import { useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi } from '../platform/use-api.ts';
import { Controls, YearSelect } from './dashboard-controls.tsx';
import { stateHref, type ViewProps } from './dashboard.state.ts';
import { Downloads } from '../platform/downloads.tsx';
import {
  checkAgain,
  PROVINCE,
  recordsAtFaultUrl,
  validationRulesUrl,
  violationsFileUrl,
  violationsUrl,
  type RecordAtFault,
  type ValidationRule,
  type Violation,
  type Violations,
} from './dashboard.api.ts';
import { comparisonText, foundOn, unitsAtFault, violationKey } from './data-checks.rules.ts';
import { TableScroll } from './parts.tsx';
import { RulesPanel } from './rules-panel.tsx';
import { useDashboardUnit } from './unit-picker.tsx';

/** A check run from this page, tied to the list it was run for: another year or unit does not inherit its message. */
type Check = { state: 'idle' } | { state: 'running' } | { state: 'done'; url: string; at: string } | { state: 'failed'; url: string; error: ApiError };

/** The validation rules broken in the province or a commune in a year, the villages first: where a fix starts. */
export function DataChecks({ state, update }: ViewProps) {
  const { t, text, lang } = useI18n();
  const { me } = useSession();
  const url = violationsUrl(state.year, state.unit, state.rule);
  const violations = useApi<Violations>(url, { keepPrevious: true });
  const rules = useApi<{ items: ValidationRule[] }>(validationRulesUrl);
  const unit = useDashboardUnit(state.unit);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [check, setCheck] = useState<Check>({ state: 'idle' });

  // The unit is the one the dashboard's picker shows: the province, a commune or a village.
  const unitName = state.unit === PROVINCE ? t('dash.province') : (unit?.fullName ?? state.unit);
  const ruleList = rules.data?.items ?? [];
  const chosenRule = ruleList.find((rule) => rule.code === state.rule);
  const items = violations.data?.items ?? [];
  const counts = unitsAtFault(items);
  const title = t('dash.dq.title', { year: state.year, unit: unitName });

  const levelName = (level: number) => (level === 1 || level === 2 || level === 3 ? t(`dash.dq.level.${level}`) : String(level));
  const nameOf = (item: Violation) => (item.level === 1 ? t('dash.province') : item.orgUnitName);
  const communeOf = (item: Violation) => (item.level === 3 && item.parentCode ? (item.parentName ?? item.parentCode) : '');

  const toggle = (key: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  const runCheck = () => {
    setCheck({ state: 'running' });
    checkAgain(state.year, state.unit, state.rule).then(
      () => {
        setCheck({ state: 'done', url, at: new Date().toISOString() });
        violations.reload();
      },
      (error: unknown) => setCheck({ state: 'failed', url, error: asApiError(error) }),
    );
  };

  return (
    <section aria-labelledby="dq-title">
      <Controls>
        <YearSelect id="dq-year" value={state.year} onChange={(year) => update({ year })} />
        <div class="field dash-field dash-field-wide">
          <label for="dq-rule">{t('dash.dq.rule')}</label>
          <select id="dq-rule" value={state.rule} onChange={(event) => update({ rule: event.currentTarget.value })}>
            <option value="">{t('dash.dq.all_rules')}</option>
            {state.rule && !chosenRule && <option value={state.rule}>{state.rule}</option>}
            {ruleList.map((rule) => (
              <option key={rule.code} value={rule.code}>
                {text(rule.description)}
              </option>
            ))}
          </select>
        </div>
      </Controls>
      <h2 id="dq-title">{title}</h2>
      <p class="footnote">{t('dash.dq.intro')}</p>
      {violations.error && <ErrorNotice error={violations.error} onRetry={violations.reload} />}
      {!violations.data ? (
        !violations.error && <Loading lines={6} />
      ) : (
        <div class="dq-results" aria-busy={violations.loading}>
          {items.length === 0 ? (
            <div role="status" class="dq-none">
              <Empty>
                <span class="dq-ok" aria-hidden="true">
                  ✓
                </span>{' '}
                {chosenRule
                  ? t('dash.dq.none_rule', { rule: text(chosenRule.description), year: state.year, unit: unitName })
                  : t('dash.dq.none', { year: state.year, unit: unitName })}
              </Empty>
            </div>
          ) : (
            <p class="dq-summary" role="status">
              {t('dash.dq.summary', {
                count: formatNumber(violations.data.total),
                villages: formatNumber(counts.villages),
                communes: formatNumber(counts.communes),
              })}
              {violations.data.total > items.length && <> {t('dash.dq.truncated', { shown: formatNumber(items.length) })}</>}
            </p>
          )}
          <div class="dq-current">
            <p class="muted">{t('dash.dq.current')}</p>
            {me && (
              <button type="button" class="button button-secondary button-small" onClick={runCheck} disabled={check.state === 'running'}>
                {t(check.state === 'running' ? 'dash.dq.checking' : 'dash.dq.check')}
              </button>
            )}
          </div>
          <div role="status">
            {check.state === 'done' && check.url === url && <p class="dq-checked">{t('dash.dq.checked', { time: formatDateTime(check.at) })}</p>}
          </div>
          {check.state === 'failed' && check.url === url && <ErrorNotice error={check.error} />}
          {items.length > 0 && (
            <>
              <TableScroll label={title}>
                <table class="table dash-cards dq-table" aria-busy={violations.loading}>
                  <thead>
                    <tr>
                      <th scope="col">{t('dash.dq.col_unit')}</th>
                      <th scope="col">{t('dash.dq.col_level')}</th>
                      <th scope="col">{t('dash.dq.col_rule')}</th>
                      <th scope="col">{t('dash.dq.col_figures')}</th>
                      <th scope="col">{t('dash.dq.col_found')}</th>
                      <th scope="col" class="dq-records-col">
                        {t('dash.dq.col_records')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((item, index) => {
                      const key = violationKey(item);
                      const expanded = open.has(key);
                      const recordsId = `dq-records-${index}`;
                      const commune = communeOf(item);
                      return (
                        <Fragment key={key}>
                          <tr data-violation={key}>
                            <th scope="row">
                              <Link href={paths.unit(item.orgUnit)}>{nameOf(item)}</Link>
                              {commune && <span class="dq-commune">{commune}</span>}
                            </th>
                            <td class="nowrap" data-label={t('dash.dq.col_level')}>
                              {levelName(item.level)}
                            </td>
                            <td data-label={t('dash.dq.col_rule')}>{text(item.description)}</td>
                            <td class="nowrap" data-label={t('dash.dq.col_figures')}>
                              <span class="dash-value">{comparisonText(item.left, item.right)}</span>
                            </td>
                            <td class="nowrap" data-label={t('dash.dq.col_found')}>
                              {foundOn(item.foundAt)}
                            </td>
                            <td class="dq-records-col" data-label={t('dash.dq.col_records')}>
                              {item.level === 3 && item.hasRecords && (
                                <button
                                  type="button"
                                  class="button button-small dq-toggle"
                                  aria-expanded={expanded}
                                  aria-controls={recordsId}
                                  onClick={() => toggle(key)}
                                >
                                  <span aria-hidden="true">{expanded ? '▴' : '▾'}</span> {t('dash.dq.show_records')}
                                  <span class="visually-hidden"> — {t('dash.dq.records_of', { unit: item.orgUnitName, rule: text(item.description) })}</span>
                                </button>
                              )}
                            </td>
                          </tr>
                          {expanded && (
                            <tr id={recordsId} class="dq-records-row">
                              <td colSpan={6}>
                                <RecordsAtFault item={item} back={stateHref(state)} />
                              </td>
                            </tr>
                          )}
                        </Fragment>
                      );
                    })}
                  </tbody>
                </table>
              </TableScroll>
              <Downloads
                csv={violationsFileUrl(state.year, state.unit, state.rule, 'csv', lang)}
                xlsx={violationsFileUrl(state.year, state.unit, state.rule, 'xlsx', lang)}
              />
            </>
          )}
        </div>
      )}
      {isProvinceAdmin(me) && <RulesPanel rules={rules} onSaved={violations.reload} />}
    </section>
  );
}

/** The households behind a rule broken at a village: personal data, so only for an account in charge of it. */
function RecordsAtFault({ item, back }: { item: Violation; back: string }) {
  const { t, text } = useI18n();
  const { me } = useSession();
  const records = useApi<{ items: RecordAtFault[] }>(me ? recordsAtFaultUrl(item) : null);
  let body: ComponentChildren;
  if (me === null || records.error?.status === 401) {
    body = (
      <>
        <p>{t('dash.dq.records_private')}</p>
        <Link class="button button-secondary button-small" href={paths.login(back)}>
          {t('dash.dq.records_login')}
        </Link>
      </>
    );
  } else if (records.error?.status === 403) {
    body = <p>{t('dash.dq.records_out_of_scope', { unit: item.orgUnitName })}</p>;
  } else if (records.error) {
    body = <ErrorNotice error={records.error} onRetry={records.reload} />;
  } else if (!records.data) {
    body = <Loading lines={2} />;
  } else if (records.data.items.length === 0) {
    body = <p>{t('dash.dq.records_none')}</p>;
  } else {
    body = (
      <ul class="dq-records-list">
        {records.data.items.map((record) => (
          <li key={record.id}>
            <Link href={paths.household(item.orgUnit, record.label)}>{record.label}</Link>
            <span class="dq-detail">{text(record.detail)}</span>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div class="dq-records" aria-busy={records.loading}>
      <h3 class="dq-records-title">{t('dash.dq.records_title', { unit: item.orgUnitName })}</h3>
      {body}
    </div>
  );
}
