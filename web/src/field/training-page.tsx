import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { AGE_GROUPS, isTrainingTopic, TOPIC_NAMES, TRAINING_TOPICS, type TrainingTopic } from '../../../src/teams/fieldwork.rules.ts';
import { formatDate, formatNumber, todayInVietnam } from '../platform/format.ts';
import { navigate } from '../platform/router.tsx';
import { Empty } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { emptyTraining, readTraining, sumOf, trainingDraftFrom, type Problems, type TrainingDraft } from './field-forms.rules.ts';
import { BackLink, focusFirstProblem, Problem, ScreenNotice, useScreenTitle, withoutProblems } from './field-parts.tsx';
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
    <section aria-labelledby="training-title">
      <h1 id="training-title" class="screen-title">
        {t('training.title')}
      </h1>
      <ScreenNotice />
      {/* A fresh form after each save: keyed by the round. */}
      <TrainingForm key={round} onSaved={() => setRound(round + 1)} />
      <RecentTrainings />
    </section>
  );
}

type TrainingItem = OutboxItem & { kind: 'training.record' };

export function TrainingForm({ fixing, onSaved }: { fixing?: TrainingItem; onSaved?: () => void }) {
  const { t, text, lang, shell } = useFieldI18n();
  const { account, save, announce } = useField();
  const today = todayInVietnam();
  const [draft, setDraft] = useState<TrainingDraft>(() => (fixing ? trainingDraftFrom(fixing.payload) : emptyTraining(today)));
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const villageCode = fixing?.payload.villageCode ?? account.villageCode;
    const read = readTraining(draft, villageCode, todayInVietnam());
    if ('problems' in read) {
      setProblems(read.problems);
      setTimeout(() => focusFirstProblem(form.current));
      return;
    }
    setBusy(true);
    try {
      await save({ kind: 'training.record', payload: { id: uuidv7(), ...read.training } }, { replaces: fixing?.id });
      const here = fixing ? fieldPaths.attention() : fieldPaths.training();
      announce(t('form.saved'), here);
      if (fixing) navigate(here);
      else {
        onSaved?.();
        window.scrollTo(0, 0);
      }
    } finally {
      setBusy(false);
    }
  };

  /** A change, and the marks it answers: a count's own, and the sum it is part of. */
  const edit = (changes: Partial<TrainingDraft>, fields: string[]) => {
    setDraft({ ...draft, ...changes });
    setProblems((current) => withoutProblems(current, fields));
  };
  const has = (field: string) => problems[field] !== undefined;
  const input = (field: string, label: string, value: string, onInput: (value: string) => void, options: { numeric?: boolean; hint?: string; max?: number } = {}) => (
    <div class={`field${has(field) ? ' has-problem' : ''}`}>
      <label for={`training-${field}`}>{label}</label>
      <input
        id={`training-${field}`}
        inputMode={options.numeric ? 'numeric' : undefined}
        class={options.numeric ? 'input-short' : undefined}
        maxLength={options.max ?? (options.numeric ? 4 : 200)}
        autocomplete="off"
        value={value}
        aria-invalid={has(field) || undefined}
        aria-describedby={has(field) ? `training-${field}-problem` : undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <Problem id={`training-${field}-problem`} message={problems[field]} />
    </div>
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
    <form ref={form} class="form field-form card" onSubmit={submit} noValidate aria-labelledby="training-form-title">
      <h2 id="training-form-title" class="section-title">
        {t('training.new')}
      </h2>
      {fixing && (
        <div class="notice notice-warning">
          <p>{t('form.fixing')}</p>
          {fixing.lastError && <p>{t('attention.reason', { reason: text(fixing.lastError.message) })}</p>}
        </div>
      )}
      <div class={`field${has('heldOn') ? ' has-problem' : ''}`}>
        <label for="training-heldOn">{t('training.date')}</label>
        <input
          id="training-heldOn"
          type="date"
          max={today}
          value={draft.heldOn}
          aria-invalid={has('heldOn') || undefined}
          aria-describedby={has('heldOn') ? 'training-heldOn-problem' : undefined}
          onInput={(event) => edit({ heldOn: event.currentTarget.value }, ['heldOn'])}
        />
        <Problem id="training-heldOn-problem" message={problems.heldOn} />
      </div>
      <div class={`field${has('topic') ? ' has-problem' : ''}`}>
        <label for="training-topic">{t('training.topic')}</label>
        <select
          id="training-topic"
          value={draft.topic}
          aria-invalid={has('topic') || undefined}
          aria-describedby={has('topic') ? 'training-topic-problem' : undefined}
          onChange={(event) => edit({ topic: event.currentTarget.value as TrainingTopic | '' }, ['topic'])}
        >
          <option value="">—</option>
          {TRAINING_TOPICS.map((topic) => (
            <option key={topic} value={topic}>
              {TOPIC_NAMES[topic][lang]}
            </option>
          ))}
        </select>
        <Problem id="training-topic-problem" message={problems.topic} />
      </div>
      {input('place', t('training.place'), draft.place, (place) => edit({ place }, ['place']))}
      {input('trainer', t('training.trainer'), draft.trainer, (trainer) => edit({ trainer }, ['trainer']), { max: 120 })}
      {input('total', t('training.total'), draft.total, (total) => edit({ total }, ['total', 'female', 'byAge', 'ethnic']), { numeric: true })}

      <fieldset class={`count-set${has('female') ? ' has-problem' : ''}`}>
        <legend>{t('training.by_sex')}</legend>
        <div class="count-grid">
          {input('female', t('training.female'), draft.female, (female) => edit({ female }, ['female', 'male']), { numeric: true })}
          {input('male', t('training.male'), draft.male, (male) => edit({ male }, ['female', 'male']), { numeric: true })}
        </div>
        {sumLine([draft.female, draft.male])}
      </fieldset>

      <fieldset class={`count-set${has('byAge') ? ' has-problem' : ''}`} aria-describedby={has('byAge') ? 'training-byAge-problem' : undefined}>
        <legend>{t('training.by_age')}</legend>
        <div class="count-grid">
          {AGE_GROUPS.map((group) => (
            <div key={group}>
              {input(`age.${group}`, t(`training.age.${group}`), draft.byAge[group], (value) => edit({ byAge: { ...draft.byAge, [group]: value } }, [`age.${group}`, 'byAge']), {
                numeric: true,
              })}
            </div>
          ))}
        </div>
        {sumLine(AGE_GROUPS.map((g) => draft.byAge[g]))}
        <Problem id="training-byAge-problem" message={problems.byAge} />
      </fieldset>

      <fieldset class={`count-set${has('ethnic') ? ' has-problem' : ''}`} aria-describedby={has('ethnic') ? 'training-ethnic-problem' : undefined}>
        <legend>{t('training.by_ethnic')}</legend>
        {draft.ethnic.map((row, index) => (
          <div key={index} class="ethnic-row">
            {input(`ethnic.${index}.name`, t('training.ethnic_name', { n: index + 1 }), row.name, (name) => setEthnic(index, { name }), { max: 40 })}
            <div class={`field${has(`ethnic.${index}`) ? ' has-problem' : ''}`}>
              <label for={`training-ethnic-${index}`}>{t('training.ethnic_count', { n: index + 1 })}</label>
              <input
                id={`training-ethnic-${index}`}
                class="input-short"
                inputMode="numeric"
                maxLength={4}
                autocomplete="off"
                value={row.count}
                aria-invalid={has(`ethnic.${index}`) || undefined}
                aria-describedby={has(`ethnic.${index}`) ? `training-ethnic-${index}-problem` : undefined}
                onInput={(event) => setEthnic(index, { count: event.currentTarget.value })}
              />
              <Problem id={`training-ethnic-${index}-problem`} message={problems[`ethnic.${index}`]} />
            </div>
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
        <button type="button" class="button button-secondary" onClick={() => setDraft({ ...draft, ethnic: [...draft.ethnic, { name: '', count: '' }] })}>
          {t('training.ethnic_add')}
        </button>
        {draft.ethnic.some((row) => row.count.trim()) && sumLine(draft.ethnic.map((row) => row.count))}
        <Problem id="training-ethnic-problem" message={problems.ethnic} />
      </fieldset>

      {Object.keys(problems).length > 0 && (
        <p class="notice notice-error" role="alert">
          {t('form.problems')}
        </p>
      )}
      <div class="form-actions form-actions-sticky">
        <button type="submit" class="button button-primary button-wide" disabled={busy}>
          {t('form.save')}
        </button>
        {fixing && (
          <button type="button" class="button button-secondary" onClick={() => navigate(fieldPaths.attention())}>
            {shell.t('action.cancel')}
          </button>
        )}
      </div>
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
                {isTrainingTopic(training.topic) ? TOPIC_NAMES[training.topic][lang] : training.topic} · {t('training.attendees', { n: formatNumber(training.attendees.total) })}
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
    <section aria-labelledby="training-title">
      <BackLink href={fieldPaths.attention()} label={t('attention.title')} />
      <h1 id="training-title" class="screen-title">
        {t('training.title')}
      </h1>
      <TrainingForm fixing={item} />
    </section>
  );
}
