import { useState } from 'preact/hooks';
import { AGE_GROUPS, isTrainingTopic, TOPIC_NAMES, TRAINING_TOPICS, type TrainingTopic } from '../../../src/teams/fieldwork.rules.ts';
import { formatDate, formatNumber, todayInVietnam } from '../platform/format.ts';
import { navigate } from '../platform/router.tsx';
import { Empty } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { emptyTraining, readTraining, sumOf, trainingDraftFrom, type TrainingDraft } from './field-forms.rules.ts';
import { Screen, useScreenTitle } from './field-parts.tsx';
import { CountInput, CountSet, DateInput, FixingNotice, FormField, FormFooter, TextInput, useFieldForm } from './form-parts.tsx';
import { fieldPaths } from './field.routes.ts';
import type { LocalTraining, OutboxItem } from './field.types.ts';
import { asPulledTraining, isWaiting } from './sync.rules.ts';
import { useWatch } from './use-watch.ts';
import { uuidv7 } from './uuidv7.ts';

/** "Tập huấn": record a session for the village, and the sessions recorded lately. */
export function TrainingPage() {
  const { t } = useFieldI18n();
  const [round, setRound] = useState(0);
  useScreenTitle(t('training.title'));
  return (
    <Screen id="training" title={t('training.title')} notice>
      {/* A fresh form after each save: keyed by the round. */}
      <TrainingForm key={round} onSaved={() => setRound(round + 1)} />
      <RecentTrainings />
    </Screen>
  );
}

type TrainingItem = OutboxItem & { kind: 'training.record' };

export function TrainingForm({ fixing, onSaved }: { fixing?: TrainingItem; onSaved?: () => void }) {
  const { t, lang } = useFieldI18n();
  const { account, save, announce } = useField();
  const today = todayInVietnam();
  const form = useFieldForm<TrainingDraft>(fixing ? trainingDraftFrom(fixing.payload) : emptyTraining(today));
  const { draft, problems, edit } = form;

  const submit = form.onSubmit(
    () => readTraining(draft, fixing?.payload.villageCode ?? account.villageCode, todayInVietnam()),
    async ({ training }) => {
      const saved = await save({ kind: 'training.record', payload: { id: uuidv7(), ...training } }, { replaces: fixing?.id });
      const here = fixing ? fieldPaths.attention() : fieldPaths.training();
      announce('', here, saved);
      if (fixing) navigate(here);
      else {
        onSaved?.();
        window.scrollTo(0, 0);
      }
    },
  );

  /** A count of attendees (up to 1000: four digits). */
  const count = (field: string, label: string, value: string, onValue: (value: string) => void) => (
    <CountInput key={field} form="training" field={field} label={label} maxLength={4} value={value} problems={problems} onValue={onValue} />
  );
  const total = Number(draft.total) || 0;
  const sumLine = (parts: string[]) => (
    <p class={`sum-line${total && sumOf(parts) !== total ? ' sum-off' : ''}`}>
      {t('form.sum', { n: formatNumber(sumOf(parts)) })} / {formatNumber(total)}
    </p>
  );
  const setEthnic = (index: number, changes: Partial<TrainingDraft['ethnic'][number]>) =>
    edit({ ethnic: draft.ethnic.map((row, i) => (i === index ? { ...row, ...changes } : row)) }, [`ethnic.${index}`, 'ethnic']);

  return (
    <form ref={form.ref} class="form field-form card" onSubmit={submit} noValidate aria-labelledby="training-form-title">
      <h2 id="training-form-title" class="section-title">
        {t('training.new')}
      </h2>
      <FixingNotice item={fixing} />
      <DateInput
        form="training"
        field="heldOn"
        label={t('training.date')}
        max={today}
        value={draft.heldOn}
        problems={problems}
        onValue={(heldOn) => edit({ heldOn }, ['heldOn'])}
      />
      <FormField form="training" field="topic" label={t('training.topic')} problems={problems}>
        {(control) => (
          <select {...control} value={draft.topic} onChange={(event) => edit({ topic: event.currentTarget.value as TrainingTopic | '' }, ['topic'])}>
            <option value="">—</option>
            {TRAINING_TOPICS.map((topic) => (
              <option key={topic} value={topic}>
                {TOPIC_NAMES[topic][lang]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <TextInput
        form="training"
        field="place"
        label={t('training.place')}
        maxLength={200}
        value={draft.place}
        problems={problems}
        onValue={(place) => edit({ place }, ['place'])}
      />
      <TextInput
        form="training"
        field="trainer"
        label={t('training.trainer')}
        maxLength={120}
        value={draft.trainer}
        problems={problems}
        onValue={(trainer) => edit({ trainer }, ['trainer'])}
      />
      {count('total', t('training.total'), draft.total, (total) => edit({ total }, ['total', 'female', 'byAge', 'ethnic']))}

      <CountSet form="training" legend={t('training.by_sex')} problems={problems} markedBy="female">
        <div class="count-grid">
          {count('female', t('training.female'), draft.female, (female) => edit({ female }, ['female', 'male']))}
          {count('male', t('training.male'), draft.male, (male) => edit({ male }, ['female', 'male']))}
        </div>
        {sumLine([draft.female, draft.male])}
      </CountSet>

      <CountSet form="training" legend={t('training.by_age')} problems={problems} markedBy="byAge" problemField="byAge">
        <div class="count-grid">
          {AGE_GROUPS.map((group) =>
            count(`age.${group}`, t(`training.age.${group}`), draft.byAge[group], (value) =>
              edit({ byAge: { ...draft.byAge, [group]: value } }, [`age.${group}`, 'byAge']),
            ),
          )}
        </div>
        {sumLine(AGE_GROUPS.map((g) => draft.byAge[g]))}
      </CountSet>

      <CountSet form="training" legend={t('training.by_ethnic')} problems={problems} markedBy="ethnic" problemField="ethnic">
        {draft.ethnic.map((row, index) => (
          <div key={index} class="ethnic-row">
            <TextInput
              form="training"
              field={`ethnic.${index}.name`}
              label={t('training.ethnic_name', { n: index + 1 })}
              maxLength={40}
              value={row.name}
              problems={problems}
              onValue={(name) => setEthnic(index, { name })}
            />
            <CountInput
              form="training"
              field={`ethnic.${index}`}
              label={t('training.ethnic_count', { n: index + 1 })}
              maxLength={4}
              value={row.count}
              problems={problems}
              onValue={(value) => setEthnic(index, { count: value })}
            />
            {draft.ethnic.length > 1 && (
              <button
                type="button"
                class="button button-quiet ethnic-remove"
                aria-label={t('training.ethnic_remove', { n: index + 1 })}
                onClick={() => edit({ ethnic: draft.ethnic.filter((_, i) => i !== index) }, ['ethnic'])}
              >
                ✕
              </button>
            )}
          </div>
        ))}
        <button type="button" class="button button-secondary" onClick={() => edit({ ethnic: [...draft.ethnic, { name: '', count: '' }] }, [])}>
          {t('training.ethnic_add')}
        </button>
        {draft.ethnic.some((row) => row.count.trim()) && sumLine(draft.ethnic.map((row) => row.count))}
      </CountSet>

      <FormFooter problems={problems} busy={form.busy} cancelHref={fixing ? fieldPaths.attention() : undefined} />
    </form>
  );
}

/** The trainings the server holds and the ones waiting on the phone, newest first. */
function RecentTrainings() {
  const { t, lang } = useFieldI18n();
  const { store, outbox } = useField();
  const held = useWatch(() => store.recentTrainings(), [store]);
  if (!held) return null;
  const known = new Set(held.map((training) => training.id));
  const waiting: (LocalTraining & { waiting?: boolean })[] = outbox
    .filter((item): item is TrainingItem => item.kind === 'training.record' && isWaiting(item) && !known.has(item.payload.id))
    .map((item) => ({ ...asPulledTraining(item.payload), waiting: true }));
  const list: (LocalTraining & { waiting?: boolean })[] = [...waiting, ...held].sort((a, b) => b.heldOn.localeCompare(a.heldOn));
  return (
    <>
      <h2 class="section-title">{t('training.recent')}</h2>
      {list.length === 0 ? (
        <Empty>{t('training.none')}</Empty>
      ) : (
        <ul class="training-list">
          {list.map((training) => (
            <li key={training.id} class="training-item">
              <p class="visit-head">
                <strong>{formatDate(training.heldOn)}</strong>
                {training.waiting && <span class="badge badge-waiting">{t('list.waiting')}</span>}
              </p>
              <p>
                {isTrainingTopic(training.topic) ? TOPIC_NAMES[training.topic][lang] : training.topic} ·{' '}
                {t('training.attendees', { n: formatNumber(training.attendees.total) })}
              </p>
              <p class="muted">
                {training.place} · {training.trainer}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The back link of a training being fixed. */
export function TrainingFixPage({ item }: { item: TrainingItem }) {
  const { t } = useFieldI18n();
  useScreenTitle(t('training.title'));
  return (
    <Screen id="training" title={t('training.title')} back={{ href: fieldPaths.attention(), label: t('attention.title') }}>
      <TrainingForm fixing={item} />
    </Screen>
  );
}
