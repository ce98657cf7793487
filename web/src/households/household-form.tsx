import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { DateField } from '../platform/date-field.tsx';
import { focusFirstProblem } from '../platform/focus-first-problem.ts';
import { useSave } from '../platform/use-save.ts';
import { todayInVietnam } from '../platform/format.ts';
import { messagesFor, useI18n } from '../platform/i18n.ts';
import { ErrorNotice } from '../platform/status.tsx';
import { addHousehold, archiveHousehold, recordSurvey, renameHousehold, type Household } from './households.api.ts';
import { COUNT_FIELDS, draftFrom, readSurvey, type CountField, type Problems, type SurveyDraft } from './survey.rules.ts';

/** As household.schema.ts allows. */
const LABEL_MAX = 60;

interface Props {
  villageCode: string;
  /** null: a new household. */
  household: Household | null;
  /** Closes the form; a non-empty message says what was saved. */
  onDone: (message: string) => void;
  /** Someone else changed the household meanwhile: close and show the fresh register. */
  onConflict: () => void;
}

/** Adds a household, or records a new dated survey of one (and renames or archives it). */
export function HouseholdForm({ villageCode, household, onDone, onConflict }: Props) {
  const { t, text } = useI18n();
  const today = todayInVietnam();
  const [label, setLabel] = useState(household?.label ?? '');
  const [draft, setDraft] = useState<SurveyDraft>(() => draftFrom(household?.latest ?? null, today));
  // Issues name fields as the API sees them ("survey.adults"); the form knows them by their last part.
  const { error, problems, setProblems, busy, run } = useSave(onDone, (field) => field.split('.').pop() ?? field);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  useEffect(() => firstField.current?.focus(), []);

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = label.trim();
    const read = readSurvey(draft, today);
    const found: Problems = 'problems' in read ? { ...read.problems } : {};
    if (!name) found.label = messagesFor('households.error_label');
    setProblems(found);
    if ('problems' in read || !name) {
      focusFirstProblem(event.currentTarget);
      return;
    }
    void run(async () => {
      if (!household) await addHousehold(villageCode, name, read.survey);
      else {
        const current = name === household.label ? household : await renameHousehold(household, name);
        await recordSurvey(current.id, read.survey);
      }
      return t('households.saved', { label: name });
    });
  };

  const archive = () => {
    if (!household) return;
    void run(async () => {
      await archiveHousehold(household);
      return t('households.archived', { label: household.label });
    });
  };

  const problemText = (field: string): string | undefined => {
    const message = problems[field];
    return message ? text(message) : undefined;
  };

  const numberField = (field: CountField) => {
    const problem = problemText(field);
    return (
      <div class="field" key={field}>
        <label for={`household-${field}`}>{t(`survey.${field}`)}</label>
        <input
          id={`household-${field}`}
          inputMode="numeric"
          autocomplete="off"
          maxLength={2}
          value={draft[field]}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `household-${field}-problem` : undefined}
          onInput={(event) => setDraft({ ...draft, [field]: event.currentTarget.value })}
        />
        {problem && (
          <p id={`household-${field}-problem`} class="field-problem">
            {problem}
          </p>
        )}
      </div>
    );
  };

  const labelProblem = problemText('label');
  const dateProblem = problemText('surveyedOn');
  const conflict = error?.code === 'household.version_conflict';
  return (
    <section class="card form-panel" aria-labelledby="household-form-title">
      <h3 id="household-form-title">{household ? t('households.edit_title', { label: household.label }) : t('households.add_title')}</h3>
      {household && <p class="footnote">{t('households.edit_note')}</p>}
      <form class="form" onSubmit={submit} noValidate>
        <div class="form-grid">
          <div class="field field-wide">
            <label for="household-label">{t('households.label')}</label>
            <input
              ref={firstField}
              id="household-label"
              maxLength={LABEL_MAX}
              autocomplete="off"
              value={label}
              aria-invalid={labelProblem ? true : undefined}
              aria-describedby={labelProblem ? 'household-label-problem' : 'household-label-hint'}
              onInput={(event) => setLabel(event.currentTarget.value)}
            />
            {labelProblem ? (
              <p id="household-label-problem" class="field-problem">
                {labelProblem}
              </p>
            ) : (
              <p id="household-label-hint" class="field-hint">
                {t('households.label_hint')}
              </p>
            )}
          </div>
          <DateField
            id="household-surveyedOn"
            label={t('survey.surveyedOn')}
            max={today}
            value={draft.surveyedOn}
            problem={dateProblem}
            onValue={(surveyedOn) => setDraft({ ...draft, surveyedOn })}
          />
          {COUNT_FIELDS.map(numberField)}
          <div class="field field-check">
            <input
              id="household-homeFtth"
              type="checkbox"
              checked={draft.homeFtth}
              onChange={(event) => setDraft({ ...draft, homeFtth: event.currentTarget.checked })}
            />
            <label for="household-homeFtth">{t('survey.homeFtth')}</label>
          </div>
        </div>
        <p class="field-hint">{t('survey.apps_hint')}</p>
        {error && <ErrorNotice error={error} onRetry={conflict ? onConflict : undefined} retryLabel={conflict ? t('households.reload') : undefined} />}
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? t('action.saving') : t('action.save')}
          </button>
          <button type="button" class="button button-secondary" onClick={() => onDone('')} disabled={busy}>
            {t('action.cancel')}
          </button>
          {household && !confirmArchive && (
            <button type="button" class="button button-danger-quiet" onClick={() => setConfirmArchive(true)} disabled={busy}>
              {t('households.archive')}
            </button>
          )}
        </div>
        {household && confirmArchive && (
          <div class="notice notice-warning" role="alert">
            <p>{t('households.archive_confirm', { label: household.label })}</p>
            <div class="form-actions">
              <button type="button" class="button button-danger" onClick={archive} disabled={busy}>
                {t('households.archive_yes')}
              </button>
              <button type="button" class="button button-secondary" onClick={() => setConfirmArchive(false)} disabled={busy}>
                {t('action.cancel')}
              </button>
            </div>
          </div>
        )}
      </form>
    </section>
  );
}
