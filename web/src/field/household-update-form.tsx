import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { COUNT_FIELDS, draftFrom, readSurvey, type CountField, type Problems, type SurveyDraft } from '../households/survey.rules.ts';
import { formatDate, todayInVietnam } from '../platform/format.ts';
import { Link, navigate } from '../platform/router.tsx';
import { Loading } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { BackLink, focusFirstProblem, Problem, useScreenTitle, withoutProblems } from './field-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import type { OutboxItem } from './field.types.ts';

type UpdateItem = OutboxItem & { kind: 'household.update' };

/**
 * A new dated survey of a household, with the register's own form rules (survey.rules.ts). It is
 * sent against the version the phone last had from the server; should someone have changed the
 * household since, the server answers with a conflict and both versions are shown side by side.
 */
export function HouseholdUpdateForm({ householdId, fixing }: { householdId: string; fixing?: UpdateItem }) {
  const { t, text, shell } = useFieldI18n();
  const { households, save, announce } = useField();
  const today = todayInVietnam();
  const household = households?.find((h) => h.id === householdId);
  // Until the first keystroke the form follows the household (its row may arrive after the screen).
  const [edited, setDraft] = useState<SurveyDraft | null>(null);
  const draft = edited ?? (fixing ? draftFrom(fixing.payload.survey, fixing.payload.survey.surveyedOn) : household ? draftFrom(household.latest, today) : null);
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useScreenTitle(t('hh.update'));

  if (!households) return <Loading lines={8} />;
  const back = fixing ? fieldPaths.attention() : fieldPaths.household(householdId);
  if (!household || !draft) {
    return (
      <section>
        <BackLink href={back} label={t(fixing ? 'attention.title' : 'hh.back')} />
        {household ? <Loading lines={8} /> : <p class="notice notice-info">{t('hh.not_found')}</p>}
      </section>
    );
  }

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const read = readSurvey(draft, todayInVietnam());
    if ('problems' in read) {
      setProblems(read.problems);
      setTimeout(() => focusFirstProblem(form.current));
      return;
    }
    setBusy(true);
    try {
      // Fixing a conflict: the user has seen the server's version, so the new one is based on it.
      const baseVersion = fixing?.server?.version ?? household.version;
      await save({ kind: 'household.update', payload: { householdId, baseVersion, survey: read.survey } }, { replaces: fixing?.id });
      announce(t('form.saved'), back);
      navigate(back);
    } finally {
      setBusy(false);
    }
  };

  const edit = (changes: Partial<SurveyDraft>, field: string) => {
    setDraft({ ...draft, ...changes });
    setProblems((current) => withoutProblems(current, [field]));
  };
  const has = (field: string) => problems[field] !== undefined;
  const numberField = (field: CountField) => (
    <div class={`field${has(field) ? ' has-problem' : ''}`} key={field}>
      <label for={`survey-${field}`}>{shell.t(`survey.${field}`)}</label>
      <input
        id={`survey-${field}`}
        class="input-short"
        inputMode="numeric"
        autocomplete="off"
        maxLength={2}
        value={draft[field]}
        aria-invalid={has(field) || undefined}
        aria-describedby={has(field) ? `survey-${field}-problem` : undefined}
        onInput={(event) => edit({ [field]: event.currentTarget.value }, field)}
      />
      <Problem id={`survey-${field}-problem`} message={problems[field]} />
    </div>
  );

  const server = fixing?.server;
  return (
    <section aria-labelledby="update-title">
      <BackLink href={back} label={fixing ? t('attention.title') : household.label} />
      <h1 id="update-title" class="screen-title">
        {t('hhform.title', { label: household.label })}
      </h1>
      <p class="field-hint">{shell.t('households.edit_note')}</p>
      {fixing && (
        <div class="notice notice-warning">
          <p>{t('form.fixing')}</p>
          {fixing.lastError && <p>{t('attention.reason', { reason: text(fixing.lastError.message) })}</p>}
          {server && <p>{t('attention.server_version', { n: server.version, date: formatDate(server.latest?.surveyedOn) })}</p>}
        </div>
      )}
      <form ref={form} class="form field-form" onSubmit={submit} noValidate>
        <div class={`field${has('surveyedOn') ? ' has-problem' : ''}`}>
          <label for="survey-surveyedOn">{shell.t('survey.surveyedOn')}</label>
          <input
            id="survey-surveyedOn"
            type="date"
            max={today}
            value={draft.surveyedOn}
            aria-invalid={has('surveyedOn') || undefined}
            aria-describedby={has('surveyedOn') ? 'survey-surveyedOn-problem' : undefined}
            onInput={(event) => edit({ surveyedOn: event.currentTarget.value }, 'surveyedOn')}
          />
          <Problem id="survey-surveyedOn-problem" message={problems.surveyedOn} />
        </div>
        <div class="count-grid">{COUNT_FIELDS.map(numberField)}</div>
        <div class="activity-check activity-check-single">
          <input id="survey-homeFtth" type="checkbox" checked={draft.homeFtth} onChange={(event) => edit({ homeFtth: event.currentTarget.checked }, 'homeFtth')} />
          <label for="survey-homeFtth">{shell.t('survey.homeFtth')}</label>
        </div>
        <p class="field-hint">{shell.t('survey.apps_hint')}</p>
        {Object.keys(problems).length > 0 && (
          <p class="notice notice-error" role="alert">
            {t('form.problems')}
          </p>
        )}
        <div class="form-actions form-actions-sticky">
          <button type="submit" class="button button-primary button-wide" disabled={busy}>
            {t('form.save')}
          </button>
          <Link class="button button-secondary" href={back}>
            {shell.t('action.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
