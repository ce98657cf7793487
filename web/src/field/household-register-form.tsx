import { draftFrom } from '../households/survey.rules.ts';
import { todayInVietnam } from '../platform/format.ts';
import { navigate } from '../platform/router.tsx';
import { Loading } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { LABEL_MAX, readRegistration, type RegistrationDraft } from './field-forms.rules.ts';
import { Screen, useScreenTitle } from './field-parts.tsx';
import { FixingNotice, FormFooter, SurveyFields, TextInput, useFieldForm } from './form-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import type { OutboxItem } from './field.types.ts';
import { uuidv7 } from './uuidv7.ts';

type RegisterItem = OutboxItem & { kind: 'household.register' };

/**
 * "Thêm hộ": a household the team found that the register does not have, with its first survey,
 * checked by the register's own rules. It is made on the phone under an id of the phone's, so it
 * is in the list at once (waiting to be sent) and visits can be recorded for it offline: the
 * outbox sends them in order, the registration first. With `fixing`, a refused registration
 * (its label taken meanwhile, say) comes back as typed and is sent again for the same household.
 */
export function HouseholdRegisterForm({ fixing }: { fixing?: RegisterItem }) {
  const { t, shell } = useFieldI18n();
  const { account, households, save, announce } = useField();
  const today = todayInVietnam();
  const form = useFieldForm<RegistrationDraft>(
    fixing ? { ...draftFrom(fixing.payload.survey, fixing.payload.survey.surveyedOn), label: fixing.payload.label } : { ...draftFrom(null, today), label: '' },
  );
  const { draft, problems, edit } = form;
  useScreenTitle(t('register.title'));

  if (!households) return <Loading lines={8} />;
  const back = fixing ? fieldPaths.attention() : fieldPaths.households();

  const submit = form.onSubmit(
    // A registration being fixed is not among the households on screen: its own label is free.
    () =>
      readRegistration(
        draft,
        todayInVietnam(),
        households.filter((h) => h.id !== fixing?.payload.id).map((h) => h.label),
      ),
    async ({ registration }) => {
      const id = fixing?.payload.id ?? uuidv7();
      const saved = await save(
        { kind: 'household.register', payload: { id, villageCode: fixing?.payload.villageCode ?? account.villageCode, ...registration } },
        { replaces: fixing?.id },
      );
      const next = fixing ? back : fieldPaths.household(id);
      announce('', next, saved);
      navigate(next);
    },
  );

  return (
    <Screen id="register" title={t('register.title')} back={{ href: back, label: t(fixing ? 'attention.title' : 'hh.back') }}>
      <p class="field-hint">{t('register.intro')}</p>
      <FixingNotice item={fixing} />
      <form ref={form.ref} class="form field-form" onSubmit={submit} noValidate>
        <TextInput
          form="household"
          field="label"
          label={shell.t('households.label')}
          hint={shell.t('households.label_hint')}
          maxLength={LABEL_MAX}
          value={draft.label}
          problems={problems}
          onValue={(label) => edit({ label }, ['label'])}
        />
        <SurveyFields form={form} today={today} />
        <FormFooter problems={problems} busy={form.busy} cancelHref={back} />
      </form>
    </Screen>
  );
}
