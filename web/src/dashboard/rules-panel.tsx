import type { JSX } from 'preact';
import { focusFirstProblem } from '../platform/focus-first-problem.ts';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { dataElement } from '../../../src/indicators/indicator.schema.ts';
import { COMPARISONS, RULE_CODE_MAX, RULE_DESCRIPTION_MAX, RULE_SIDE_MAX } from '../../../src/indicators/validation-rule.rules.ts';
import { api, asApiError, type ApiError } from '../platform/api.ts';
import { useI18n } from '../platform/i18n.ts';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { useApi, type Resource } from '../platform/use-api.ts';
import type { ValidationRule } from './dashboard.api.ts';
import { TableScroll } from './parts.tsx';
import {
  draftFrom,
  emptyDraft,
  OPERATOR_WORDS,
  problemsFrom,
  readRule,
  ruleInWords,
  ruleText,
  ruleUrl,
  type Problems,
  type RuleDraft,
  type RuleField,
} from './rules-panel.rules.ts';

type DataElement = Pick<z.infer<typeof dataElement>, 'code' | 'name'>;

const dataElementsUrl = '/api/data-elements';

/** The form adds a rule, or changes one whose code stays (the code is how violations and the audit name it). */
type Editing = { mode: 'add' } | { mode: 'edit'; rule: ValidationRule };

const ADD_BUTTON = 'vr-add';
const editButtonId = (code: string) => `vr-edit-${code}`;
const fieldId = (field: RuleField) => `vr-${field}`;

/**
 * A province administrator adds a validation rule or changes one. The server checks the right
 * again, audits the change and rechecks every unit against the rule, so the violations listed
 * above follow at once; `onSaved` reloads them.
 */
export function RulesPanel({ rules, onSaved }: { rules: Resource<{ items: ValidationRule[] }>; onSaved: () => void }) {
  const { t, text } = useI18n();
  const elements = useApi<{ items: DataElement[] }>(dataElementsUrl);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [draft, setDraft] = useState<RuleDraft>(emptyDraft);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  // The button that opened the form, for focus to go back to when it closes.
  const returnTo = useRef<string | null>(null);

  const ruleList = rules.data?.items ?? [];
  const elementList = elements.data?.items ?? [];
  const names = useMemo(() => new Map((elements.data?.items ?? []).map((element) => [element.code, element.name])), [elements.data]);
  const dataElements = useMemo(() => (elements.data ? new Set(elements.data.items.map((element) => element.code)) : null), [elements.data]);
  const takenCodes = useMemo(() => new Set((rules.data?.items ?? []).map((rule) => rule.code)), [rules.data]);
  const nameOf = (code: string) => {
    const name = names.get(code);
    return name ? text(name) : undefined;
  };

  useEffect(() => {
    if (editing) {
      document.getElementById(editing.mode === 'add' ? fieldId('code') : fieldId('vi'))?.focus();
    } else if (returnTo.current) {
      document.getElementById(returnTo.current)?.focus();
      returnTo.current = null;
    }
  }, [editing]);

  const open = (next: Editing, from: string) => {
    returnTo.current = from;
    setEditing(next);
    setDraft(next.mode === 'add' ? emptyDraft() : draftFrom(next.rule));
    setProblems({});
    setError(null);
    setSaved('');
  };

  const cancel = () => setEditing(null);

  const change = (field: RuleField, value: string) => setDraft((previous) => ({ ...previous, [field]: value }));
  const changeOperator = (value: string) => {
    const operator = COMPARISONS.find((known) => known === value);
    if (operator) setDraft((previous) => ({ ...previous, operator }));
  };

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    if (!editing) return;
    setSaved('');
    setError(null);
    const read = readRule(draft, { adding: editing.mode === 'add', takenCodes, dataElements });
    if ('problems' in read) {
      setProblems(read.problems);
      focusFirstProblem(form);
      return;
    }
    setProblems({});
    setBusy(true);
    try {
      await api.put(ruleUrl(read.code), read.body);
      returnTo.current = editing.mode === 'add' ? ADD_BUTTON : editButtonId(read.code);
      setEditing(null);
      setSaved(t(editing.mode === 'add' ? 'dash.vr.saved_add' : 'dash.vr.saved_edit', { rule: text(read.body.description) }));
      rules.reload();
      onSaved();
    } catch (failure) {
      // The draft stays as typed: the administrator corrects it rather than typing it again.
      const apiError = asApiError(failure);
      const found = problemsFrom(apiError.issues);
      setError(apiError);
      setProblems(found);
      focusFirstProblem(form);
    } finally {
      setBusy(false);
    }
  };

  const input = (field: RuleField, label: string, options: { hint?: string; max: number; formula?: boolean }) => {
    const id = fieldId(field);
    const problem = problems[field];
    const describedBy = [problem && `${id}-problem`, options.hint && `${id}-hint`].filter(Boolean).join(' ');
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <input
          id={id}
          value={draft[field]}
          maxLength={options.max}
          autocomplete="off"
          spellcheck={options.formula ? false : undefined}
          autoCapitalize={options.formula ? 'characters' : undefined}
          list={options.formula ? 'vr-elements' : undefined}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy || undefined}
          onInput={(event) => change(field, event.currentTarget.value)}
        />
        {problem && (
          <p id={`${id}-problem`} class="field-problem">
            {text(problem)}
          </p>
        )}
        {options.hint && (
          <p id={`${id}-hint`} class="field-hint">
            {options.hint}
          </p>
        )}
      </div>
    );
  };

  // The targets panel's spacing, and its rule that keeps an administrator's form off paper.
  return (
    <section class="card dash-targets" aria-labelledby="vr-title">
      <h2 id="vr-title">{t('dash.vr.title')}</h2>
      <p class="footnote">{t('dash.vr.note')}</p>
      <p class="dash-targets-saved" role="status">
        {saved}
      </p>
      {!editing && (
        <p>
          <button id={ADD_BUTTON} type="button" class="button button-primary" onClick={() => open({ mode: 'add' }, ADD_BUTTON)}>
            {t('dash.vr.add')}
          </button>
        </p>
      )}
      {editing && (
        <section class="card form-panel" aria-labelledby="vr-form-title">
          <h3 id="vr-form-title">{editing.mode === 'add' ? t('dash.vr.form_add') : t('dash.vr.form_edit', { code: editing.rule.code })}</h3>
          <form class="form" onSubmit={submit} noValidate>
            {editing.mode === 'add' && input('code', t('dash.vr.code'), { hint: t('dash.vr.code_hint'), max: RULE_CODE_MAX })}
            {input('vi', t('dash.vr.description_vi'), { max: RULE_DESCRIPTION_MAX })}
            {input('en', t('dash.vr.description_en'), { max: RULE_DESCRIPTION_MAX })}
            {input('leftSide', t('dash.vr.left'), { hint: t('dash.vr.side_hint'), max: RULE_SIDE_MAX, formula: true })}
            <div class="field">
              <label for="vr-operator">{t('dash.vr.operator')}</label>
              <select id="vr-operator" value={draft.operator} onChange={(event) => changeOperator(event.currentTarget.value)}>
                {COMPARISONS.map((operator) => (
                  <option key={operator} value={operator}>
                    {t(OPERATOR_WORDS[operator])}
                  </option>
                ))}
              </select>
            </div>
            {input('rightSide', t('dash.vr.right'), { hint: t('dash.vr.side_hint'), max: RULE_SIDE_MAX, formula: true })}
            <datalist id="vr-elements">
              {elementList.map((element) => (
                <option key={element.code} value={element.code}>
                  {text(element.name)}
                </option>
              ))}
            </datalist>
            {elementList.length > 0 && (
              <details>
                <summary>{t('dash.vr.elements', { count: elementList.length })}</summary>
                <ul>
                  {elementList.map((element) => (
                    <li key={element.code}>
                      <code>{element.code}</code> — {text(element.name)}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {error && <ErrorNotice error={error} />}
            <div class="form-actions">
              <button type="submit" class="button button-primary" disabled={busy}>
                {busy ? t('action.saving') : t('dash.vr.save')}
              </button>
              <button type="button" class="button button-secondary" onClick={cancel} disabled={busy}>
                {t('action.cancel')}
              </button>
            </div>
          </form>
        </section>
      )}

      {rules.error && <ErrorNotice error={rules.error} onRetry={rules.reload} />}
      {!rules.data ? (
        !rules.error && <Loading lines={3} />
      ) : ruleList.length === 0 ? (
        <Empty>{t('dash.vr.list_empty')}</Empty>
      ) : (
        <TableScroll label={t('dash.vr.title')}>
          <table class="table dash-cards" aria-labelledby="vr-title">
            <thead>
              <tr>
                <th scope="col">{t('dash.vr.col_rule')}</th>
                <th scope="col">{t('dash.vr.col_condition')}</th>
                <th scope="col">{t('dash.vr.col_action')}</th>
              </tr>
            </thead>
            <tbody>
              {ruleList.map((rule) => (
                <tr key={rule.code} data-rule={rule.code}>
                  <th scope="row">{text(rule.description)}</th>
                  <td data-label={t('dash.vr.col_condition')}>
                    <div>
                      <code>{ruleText(rule)}</code>
                      <div class="muted">{ruleInWords(rule, nameOf)}</div>
                    </div>
                  </td>
                  <td>
                    <button
                      id={editButtonId(rule.code)}
                      type="button"
                      class="button button-secondary button-small"
                      onClick={() => open({ mode: 'edit', rule }, editButtonId(rule.code))}
                    >
                      {t('dash.vr.edit')}
                      <span class="visually-hidden"> — {text(rule.description)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
