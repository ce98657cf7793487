import type { ComponentChildren, JSX, RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { COUNT_FIELDS, type SurveyDraft } from '../households/survey.rules.ts';
import { DateField } from '../platform/date-field.tsx';
import { focusFirstProblem } from '../platform/focus-first-problem.ts';
import { Link } from '../platform/router.tsx';
import { useFieldI18n } from './field.i18n.ts';
import type { Message, OutboxItem } from './field.types.ts';

/**
 * What every form of the field app is made of: a field with its label and its problem, the
 * "fix the marked fields" line, the save bar, the note on a refused change being fixed, and the
 * survey's fields. One copy, so that a screen reader meets the same labels, descriptions and
 * marks on every form, and a change of one reaches them all.
 */

/** A problem per field, in both languages, whether found on the phone or by the server. */
export type Problems = Record<string, Message>;

/** A field's problem under it, referenced by the input's aria-describedby. */
export function Problem({ id, message }: { id: string; message: Message | undefined }) {
  const { text } = useFieldI18n();
  if (!message) return null;
  return (
    <p id={id} class="field-problem">
      {text(message)}
    </p>
  );
}

/** The problems left once the user has changed these fields: a mark goes as soon as it is acted on. */
export function withoutProblems<T extends object>(problems: T, fields: readonly string[]): T {
  if (!fields.some((field) => field in problems)) return problems;
  const left = { ...problems } as Record<string, unknown>;
  for (const field of fields) delete left[field];
  return left as T;
}

export interface FieldForm<D> {
  /** What is typed so far (strings, as inputs give them). */
  draft: D;
  problems: Problems;
  /** A save is under way: the save button waits. */
  busy: boolean;
  ref: RefObject<HTMLFormElement>;
  has: (field: string) => boolean;
  /** A change, and the marks it answers (the field's own, and any sum it is part of). */
  edit: (changes: Partial<D>, fields: readonly string[]) => void;
  /**
   * The form's submit handler: `read` checks the draft by the server's own rules; its problems
   * mark the fields (focus goes to the first), else `save` runs, once, however often it is tapped.
   */
  onSubmit: <R extends object>(
    read: () => R | { problems: Problems },
    save: (checked: R) => Promise<void>,
  ) => (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => Promise<void>;
}

/**
 * A form's state. Until the first keystroke the draft is `initial` as it is now, so a form whose
 * record arrives after the screen (a household from the database) fills in when it comes.
 */
export function useFieldForm<D extends object>(initial: D): FieldForm<D> {
  const [edited, setEdited] = useState<D | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  const draft = edited ?? initial;
  return {
    draft,
    problems,
    busy,
    ref,
    has: (field) => problems[field] !== undefined,
    edit: (changes, fields) => {
      setEdited({ ...draft, ...changes });
      setProblems((current) => withoutProblems(current, fields));
    },
    onSubmit: (read, save) => async (event) => {
      event.preventDefault();
      if (busy) return;
      const checked = read();
      if ('problems' in checked) {
        setProblems(checked.problems as Problems);
        focusFirstProblem(ref.current);
        return;
      }
      setBusy(true);
      try {
        await save(checked);
      } finally {
        setBusy(false);
      }
    },
  };
}

/** What a control needs to be labelled and described: spread it on the input. */
export interface Control {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  /** The form's prefix of ids (`visit`, `training`, `survey`…): ids are `<form>-<field>`. */
  form: string;
  field: string;
  label: string;
  problems: Problems;
  /** Under the control, and read with it. */
  hint?: string | undefined;
}

/** A labelled control with its hint and its problem. */
export function FormField({ form, field, label, problems, hint, children }: FieldProps & { children: (control: Control) => ComponentChildren }) {
  const id = `${form}-${field}`;
  const problem = problems[field];
  const describedBy = [problem ? `${id}-problem` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div class={`field${problem ? ' has-problem' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy || undefined })}
      {hint && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
      <Problem id={`${id}-problem`} message={problem} />
    </div>
  );
}

type InputProps = FieldProps & { value: string; onValue: (value: string) => void };

/** A count typed with the phone's number pad. */
export function CountInput({ value, onValue, maxLength = 2, ...field }: InputProps & { maxLength?: number }) {
  return (
    <FormField {...field}>
      {(control) => (
        <input
          {...control}
          class="input-short"
          inputMode="numeric"
          autocomplete="off"
          maxLength={maxLength}
          value={value}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      )}
    </FormField>
  );
}

/** A line of text. */
export function TextInput({ value, onValue, maxLength, ...field }: InputProps & { maxLength: number }) {
  return (
    <FormField {...field}>
      {(control) => <input {...control} maxLength={maxLength} autocomplete="off" value={value} onInput={(event) => onValue(event.currentTarget.value)} />}
    </FormField>
  );
}

/** A day, today at the latest: field work is recorded after it happened. Typed dd/mm/yyyy or picked. */
export function DateInput({ form, field, label, problems, value, onValue, max, required }: Omit<InputProps, 'hint'> & { max: string; required?: boolean }) {
  const { text } = useFieldI18n();
  const problem = problems[field];
  return <DateField id={`${form}-${field}`} label={label} value={value} onValue={onValue} max={max} required={required} problem={problem && text(problem)} />;
}

/**
 * A group of counts (by sex, by age…), marked when `markedBy` has a problem; with `problemField`
 * that problem is shown under the group and describes it.
 */
export function CountSet({
  form,
  legend,
  problems,
  markedBy,
  problemField,
  children,
}: {
  form: string;
  legend: string;
  problems: Problems;
  markedBy: string;
  problemField?: string;
  children: ComponentChildren;
}) {
  const marked = problems[markedBy] !== undefined;
  const problemId = problemField ? `${form}-${problemField}-problem` : undefined;
  return (
    <fieldset class={`count-set${marked ? ' has-problem' : ''}`} aria-describedby={problemField && problems[problemField] ? problemId : undefined}>
      <legend>{legend}</legend>
      {children}
      {problemField && problemId && <Problem id={problemId} message={problems[problemField]} />}
    </fieldset>
  );
}

/** The note over a refused change being fixed: what it is, and why the server said no. */
export function FixingNotice({ item, children }: { item: OutboxItem | undefined; children?: ComponentChildren }) {
  const { t, text } = useFieldI18n();
  if (!item) return null;
  return (
    <div class="notice notice-warning">
      <p>{t('form.fixing')}</p>
      {item.lastError && <p>{t('attention.reason', { reason: text(item.lastError.message) })}</p>}
      {children}
    </div>
  );
}

/** "Fix the marked fields", then the save bar, kept in reach of the thumb at the screen's foot. */
export function FormFooter({ problems, busy, cancelHref }: { problems: Problems; busy: boolean; cancelHref?: string | undefined }) {
  const { t, shell } = useFieldI18n();
  return (
    <>
      {Object.keys(problems).length > 0 && (
        <p class="notice notice-error" role="alert">
          {t('form.problems')}
        </p>
      )}
      <div class="form-actions form-actions-sticky">
        <button type="submit" class="button button-primary button-wide" disabled={busy}>
          {t('form.save')}
        </button>
        {cancelHref && (
          <Link class="button button-secondary" href={cancelHref}>
            {shell.t('action.cancel')}
          </Link>
        )}
      </div>
    </>
  );
}

/** A household's survey: the day, the counts, fibre at home. The register's own fields and words. */
export function SurveyFields({ form, today }: { form: FieldForm<SurveyDraft>; today: string }) {
  const { shell } = useFieldI18n();
  const { draft, problems, edit } = form;
  return (
    <>
      <DateInput
        form="survey"
        field="surveyedOn"
        label={shell.t('survey.surveyedOn')}
        max={today}
        value={draft.surveyedOn}
        problems={problems}
        onValue={(surveyedOn) => edit({ surveyedOn }, ['surveyedOn'])}
      />
      <div class="count-grid">
        {COUNT_FIELDS.map((field) => (
          <CountInput
            key={field}
            form="survey"
            field={field}
            label={shell.t(`survey.${field}`)}
            value={draft[field]}
            problems={problems}
            onValue={(value) => edit({ [field]: value }, [field])}
          />
        ))}
      </div>
      <div class="activity-check activity-check-single">
        <input
          id="survey-homeFtth"
          type="checkbox"
          checked={draft.homeFtth}
          onChange={(event) => edit({ homeFtth: event.currentTarget.checked }, ['homeFtth'])}
        />
        <label for="survey-homeFtth">{shell.t('survey.homeFtth')}</label>
      </div>
      <p class="field-hint">{shell.t('survey.apps_hint')}</p>
    </>
  );
}
