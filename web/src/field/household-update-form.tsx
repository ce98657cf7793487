import { draftFrom, readSurvey, type SurveyDraft } from '../households/survey.rules.ts';
import { formatDate, todayInVietnam } from '../platform/format.ts';
import { navigate } from '../platform/router.tsx';
import { Loading } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { Missing, Screen, useScreenTitle } from './field-parts.tsx';
import { FixingNotice, FormFooter, SurveyFields, useFieldForm } from './form-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import type { OutboxItem } from './field.types.ts';

type UpdateItem = OutboxItem & { kind: 'household.update' };

/**
 * A new dated survey of a household, with the register's own form rules (survey.rules.ts). It is
 * sent against the version the phone last had from the server; should someone have changed the
 * household since, the server answers with a conflict and both versions are shown side by side.
 */
export function HouseholdUpdateForm({ householdId, fixing }: { householdId: string; fixing?: UpdateItem }) {
  const { t, shell } = useFieldI18n();
  const { households, save, announce } = useField();
  const today = todayInVietnam();
  const household = households?.find((h) => h.id === householdId);
  // Until the first keystroke the form follows the household (its row may arrive after the screen).
  const form = useFieldForm<SurveyDraft>(
    fixing ? draftFrom(fixing.payload.survey, fixing.payload.survey.surveyedOn) : draftFrom(household?.latest ?? null, today),
  );
  useScreenTitle(t('hh.update'));

  if (!households) return <Loading lines={8} />;
  const back = fixing ? fieldPaths.attention() : fieldPaths.household(householdId);
  if (!household) return <Missing back={{ href: back, label: t(fixing ? 'attention.title' : 'hh.back') }} message={t('hh.not_found')} />;

  const submit = form.onSubmit(
    () => readSurvey(form.draft, todayInVietnam()),
    async ({ survey }) => {
      // Fixing a conflict: the user has seen the server's version, so the new one is based on it.
      const baseVersion = fixing?.server?.version ?? household.version;
      const saved = await save({ kind: 'household.update', payload: { householdId, baseVersion, survey } }, { replaces: fixing?.id });
      announce('', back, saved);
      navigate(back);
    },
  );

  const server = fixing?.server;
  return (
    <Screen id="update" title={t('hhform.title', { label: household.label })} back={{ href: back, label: fixing ? t('attention.title') : household.label }}>
      <p class="field-hint">{shell.t('households.edit_note')}</p>
      <FixingNotice item={fixing}>
        {server && <p>{t('attention.server_version', { n: server.version, date: formatDate(server.latest?.surveyedOn) })}</p>}
      </FixingNotice>
      <form ref={form.ref} class="form field-form" onSubmit={submit} noValidate>
        <SurveyFields form={form} today={today} />
        <FormFooter problems={form.problems} busy={form.busy} cancelHref={back} />
      </form>
    </Screen>
  );
}
