import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ACTIVITY_NAMES, MAX_PEOPLE_IN_HOUSEHOLD, VISIT_ACTIVITIES, type VisitActivityCode } from '../../../src/teams/fieldwork.rules.ts';
import { formatNumber, todayInVietnam } from '../platform/format.ts';
import { Link, navigate } from '../platform/router.tsx';
import { Loading } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { emptyVisit, readVisit, visitDraftFrom, type Problems, type VisitDraft } from './field-forms.rules.ts';
import { BackLink, focusFirstProblem, Problem, useScreenTitle, withoutProblems } from './field-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import type { OutboxItem } from './field.types.ts';
import { uuidv7 } from './uuidv7.ts';

const NOTE_MAX = 500;

/**
 * "Ghi nhận hỗ trợ": what was done for a household, checked on the phone by the server's own
 * rules (checkVisit) before it enters the outbox, so a refusal days later is the exception.
 * With `fixing`, a refused visit comes back as it was typed and is sent again under a new id.
 */
export function VisitForm({ householdId, fixing }: { householdId: string; fixing?: OutboxItem & { kind: 'visit.record' } }) {
  const { t, text, shell } = useFieldI18n();
  const { households, save, announce } = useField();
  const today = todayInVietnam();
  const [draft, setDraft] = useState<VisitDraft>(() => (fixing ? visitDraftFrom(fixing.payload) : emptyVisit(today)));
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useScreenTitle(t('visit.title'));

  const household = households?.find((h) => h.id === householdId);
  if (!households) return <Loading lines={8} />;
  const back = fixing ? fieldPaths.attention() : fieldPaths.household(householdId);
  if (!household) {
    return (
      <section>
        <BackLink href={back} label={t(fixing ? 'attention.title' : 'hh.back')} />
        <p class="notice notice-info">{t('hh.not_found')}</p>
      </section>
    );
  }

  const edit = (changes: Partial<VisitDraft>, fields: string[]) => {
    setDraft({ ...draft, ...changes });
    setProblems((current) => withoutProblems(current, fields));
  };
  const setPeople = (code: VisitActivityCode, value: string | undefined) => {
    const people = { ...draft.people };
    if (value === undefined) delete people[code];
    else people[code] = value;
    edit({ people }, [`activity.${code}`, 'activities']);
  };
  const step = (code: VisitActivityCode, by: number) => {
    const current = Number(draft.people[code]) || 0;
    setPeople(code, String(Math.min(MAX_PEOPLE_IN_HOUSEHOLD, Math.max(1, current + by))));
  };

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const read = readVisit(draft, householdId, todayInVietnam(), household.latest);
    if ('problems' in read) {
      setProblems(read.problems);
      // After the render that marks the fields.
      setTimeout(() => focusFirstProblem(form.current));
      return;
    }
    setBusy(true);
    try {
      const { visit } = read;
      await save({ kind: 'visit.record', payload: { id: uuidv7(), ...visit, note: visit.note ?? null } }, { replaces: fixing?.id });
      announce(t('form.saved'), back);
      navigate(back);
    } finally {
      setBusy(false);
    }
  };

  const has = (field: string) => problems[field] !== undefined;
  const describedBy = (field: string, hint?: string) => [has(field) ? `visit-${field}-problem` : null, hint].filter(Boolean).join(' ') || undefined;

  return (
    <section aria-labelledby="visit-title">
      <BackLink href={back} label={fixing ? t('attention.title') : household.label} />
      <h1 id="visit-title" class="screen-title">
        {t('visit.title')}
      </h1>
      <p class="lead-line">
        <strong>{household.label}</strong>
        {household.latest && <span class="muted"> · {t('visit.members', { n: formatNumber(household.latest.members) })}</span>}
      </p>
      {fixing && (
        <div class="notice notice-warning">
          <p>{t('form.fixing')}</p>
          {fixing.lastError && <p>{t('attention.reason', { reason: text(fixing.lastError.message) })}</p>}
        </div>
      )}
      <form ref={form} class="form field-form" onSubmit={submit} noValidate>
        <div class={`field${has('visitedOn') ? ' has-problem' : ''}`}>
          <label for="visit-date">{t('visit.date')}</label>
          <input
            id="visit-date"
            type="date"
            max={today}
            required
            value={draft.visitedOn}
            aria-invalid={has('visitedOn') || undefined}
            aria-describedby={describedBy('visitedOn')}
            onInput={(event) => edit({ visitedOn: event.currentTarget.value }, ['visitedOn'])}
          />
          <Problem id="visit-visitedOn-problem" message={problems.visitedOn} />
        </div>

        <fieldset class={`activity-set${has('activities') ? ' has-problem' : ''}`} aria-describedby={describedBy('activities', 'visit-activities-hint')}>
          <legend>{t('visit.activities')}</legend>
          <p id="visit-activities-hint" class="field-hint">
            {t('visit.activities_hint')}
          </p>
          <Problem id="visit-activities-problem" message={problems.activities} />
          {VISIT_ACTIVITIES.map((code) => {
            const chosen = draft.people[code] !== undefined;
            const name = text(ACTIVITY_NAMES[code]);
            const field = `activity.${code}`;
            return (
              <div key={code} class={`activity${chosen ? ' is-chosen' : ''}${has(field) ? ' has-problem' : ''}`}>
                <div class="activity-check">
                  <input
                    id={`activity-${code}`}
                    type="checkbox"
                    checked={chosen}
                    aria-invalid={(has('activities') && !chosen) || undefined}
                    onChange={(event) => setPeople(code, event.currentTarget.checked ? '1' : undefined)}
                  />
                  <label for={`activity-${code}`}>{name}</label>
                </div>
                {chosen && (
                  <div class="stepper">
                    <button type="button" class="stepper-button" aria-label={t('visit.fewer', { activity: name })} onClick={() => step(code, -1)}>
                      −
                    </button>
                    <input
                      id={`activity-${code}-people`}
                      class="stepper-input"
                      inputMode="numeric"
                      autocomplete="off"
                      maxLength={2}
                      aria-label={t('visit.people_for', { activity: name })}
                      value={draft.people[code]}
                      aria-invalid={has(field) || undefined}
                      aria-describedby={has(field) ? `visit-${field}-problem` : undefined}
                      onInput={(event) => setPeople(code, event.currentTarget.value)}
                    />
                    <button type="button" class="stepper-button" aria-label={t('visit.more', { activity: name })} onClick={() => step(code, 1)}>
                      +
                    </button>
                    <span class="stepper-unit" aria-hidden="true">
                      {t('visit.people')}
                    </span>
                  </div>
                )}
                <Problem id={`visit-${field}-problem`} message={problems[field]} />
              </div>
            );
          })}
        </fieldset>

        <div class={`field${has('residentsGuided') ? ' has-problem' : ''}`}>
          <label for="visit-guided">{t('visit.guided')}</label>
          <input
            id="visit-guided"
            class="input-short"
            inputMode="numeric"
            autocomplete="off"
            maxLength={2}
            value={draft.residentsGuided}
            aria-invalid={has('residentsGuided') || undefined}
            aria-describedby={describedBy('residentsGuided')}
            onInput={(event) => edit({ residentsGuided: event.currentTarget.value }, ['residentsGuided'])}
          />
          <Problem id="visit-residentsGuided-problem" message={problems.residentsGuided} />
        </div>

        <div class={`field${has('note') ? ' has-problem' : ''}`}>
          <label for="visit-note">{t('visit.note')}</label>
          <textarea
            id="visit-note"
            rows={3}
            maxLength={NOTE_MAX}
            value={draft.note}
            aria-invalid={has('note') || undefined}
            aria-describedby={describedBy('note', 'visit-note-hint')}
            onInput={(event) => edit({ note: event.currentTarget.value }, ['note'])}
          />
          <p id="visit-note-hint" class="field-hint">
            {t('visit.note_hint')}
          </p>
          <Problem id="visit-note-problem" message={problems.note} />
        </div>

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
