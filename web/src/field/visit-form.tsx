import { ACTIVITY_NAMES, MAX_PEOPLE_IN_HOUSEHOLD, VISIT_ACTIVITIES, type VisitActivityCode } from '../../../src/teams/fieldwork.rules.ts';
import { formatNumber, todayInVietnam } from '../platform/format.ts';
import { navigate } from '../platform/router.tsx';
import { Loading } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { emptyVisit, readVisit, visitDraftFrom, type VisitDraft } from './field-forms.rules.ts';
import { Missing, Screen, useScreenTitle } from './field-parts.tsx';
import { CountInput, DateInput, FixingNotice, FormField, FormFooter, Problem, useFieldForm } from './form-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import type { OutboxItem } from './field.types.ts';
import { uuidv7 } from './uuidv7.ts';
import { afterVisit } from './sync.rules.ts';

const NOTE_MAX = 500;

/**
 * "Ghi nhận hỗ trợ": what was done for a household, checked on the phone by the server's own
 * rules (checkVisit) before it enters the outbox, so a refusal days later is the exception.
 * With `fixing`, a refused visit comes back as it was typed and is sent again under a new id.
 */
export function VisitForm({ householdId, fixing }: { householdId: string; fixing?: OutboxItem & { kind: 'visit.record' } }) {
  const { t, text } = useFieldI18n();
  const { households, save, announce } = useField();
  const today = todayInVietnam();
  const form = useFieldForm<VisitDraft>(fixing ? visitDraftFrom(fixing.payload) : emptyVisit(today));
  const { draft, problems, has, edit } = form;
  useScreenTitle(t('visit.title'));

  const household = households?.find((h) => h.id === householdId);
  if (!households) return <Loading lines={8} />;
  const back = fixing ? fieldPaths.attention() : fieldPaths.household(householdId);
  if (!household) return <Missing back={{ href: back, label: t(fixing ? 'attention.title' : 'hh.back') }} message={t('hh.not_found')} />;

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

  const submit = form.onSubmit(
    () => readVisit(draft, householdId, todayInVietnam(), household.latest),
    async ({ visit }) => {
      const saved = await save({ kind: 'visit.record', payload: { id: uuidv7(), ...visit, note: visit.note ?? null } }, { replaces: fixing?.id });
      // afterVisit hands back the same survey when the visit changes no count.
      const counted = household.latest && afterVisit(household.latest, visit) !== household.latest;
      announce(t(counted ? 'visit.survey_changes' : 'visit.survey_same'), back, saved);
      navigate(back);
    },
  );

  return (
    <Screen id="visit" title={t('visit.title')} back={{ href: back, label: fixing ? t('attention.title') : household.label }}>
      <p class="lead-line">
        <strong>{household.label}</strong>
        {household.latest && <span class="muted"> · {t('visit.members', { n: formatNumber(household.latest.members) })}</span>}
      </p>
      <FixingNotice item={fixing} />
      <form ref={form.ref} class="form field-form" onSubmit={submit} noValidate>
        <DateInput
          form="visit"
          field="visitedOn"
          label={t('visit.date')}
          max={today}
          required
          value={draft.visitedOn}
          problems={problems}
          onValue={(visitedOn) => edit({ visitedOn }, ['visitedOn'])}
        />

        <fieldset
          class={`activity-set${has('activities') ? ' has-problem' : ''}`}
          aria-describedby={[has('activities') ? 'visit-activities-problem' : null, 'visit-activities-hint'].filter(Boolean).join(' ')}
        >
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

        <CountInput
          form="visit"
          field="residentsGuided"
          label={t('visit.guided')}
          value={draft.residentsGuided}
          problems={problems}
          onValue={(residentsGuided) => edit({ residentsGuided }, ['residentsGuided'])}
        />

        <FormField form="visit" field="note" label={t('visit.note')} hint={t('visit.note_hint')} problems={problems}>
          {(control) => (
            <textarea {...control} rows={3} maxLength={NOTE_MAX} value={draft.note} onInput={(event) => edit({ note: event.currentTarget.value }, ['note'])} />
          )}
        </FormField>

        <FormFooter problems={problems} busy={form.busy} cancelHref={back} />
      </form>
    </Screen>
  );
}
