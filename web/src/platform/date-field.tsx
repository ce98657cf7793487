import type { Ref } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { dateFieldEn, dateFieldVi } from './date-field.i18n.ts';
import { dayToText, readDayText, tidyDayText, type DayTextProblem } from './date-text.rules.ts';
import { addMessages, useI18n, type I18n } from './i18n.ts';
import './date-field.css';

addMessages(dateFieldVi, dateFieldEn);

export interface DateFieldProps {
  id: string;
  label: string;
  /** More classes for the field's box (`field-wide`, a toolbar's own). */
  class?: string | undefined;
  /** `YYYY-MM-DD`, empty, or what was typed when it is not a day yet. */
  value: string;
  /**
   * Each change: the day as `YYYY-MM-DD` when the text is one, '' when the
   * field is empty, otherwise the text as typed, which the form's own check then refuses.
   */
  onValue: (value: string) => void;
  /** The calendar's limits; a typed day outside them is the form's rule to refuse, in its words. */
  min?: string | undefined;
  max?: string | undefined;
  required?: boolean | undefined;
  /** The form's own problem with the value (already in the page's language). */
  problem?: string | undefined;
  /** Ids of other text that describes the field (a hint of the form's). */
  describedBy?: string | undefined;
  inputRef?: Ref<HTMLInputElement> | undefined;
}

/** A day the example shows: the same in both languages, and unmistakably day first. */
const EXAMPLE = '25/12/2025';

/**
 * One date field for the whole app, with its label: it shows and reads dd/mm/yyyy whatever the browser's locale
 * (Chromium's own date input shows mm/dd/yyyy under vi-VN), typed or picked. The native calendar
 * is one tap away: the button opens the picker of a date input kept out of sight and out of the
 * tab order. Its problem — this field's reading of the text, else the form's — is one line under
 * it, read with it.
 */
export function DateField({ id, label, class: boxClass, value, onValue, min, max, required, problem, describedBy, inputRef }: DateFieldProps) {
  const { t } = useI18n();
  // What the person last typed, the value it told the form, and the form's value before. The text
  // shows while the form's value is one of those two (a form may ignore what is not a day yet); any
  // other value came from outside (a reset, the URL) and shows as its own day. Derived while
  // rendering, not in an effect: an effect's value can be a render old, and put back the text of
  // a key before when the next one comes quickly.
  const [typed, setTyped] = useState(() => ({ text: dayToText(value), told: value, before: value }));
  const [touched, setTouched] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const text = value === typed.told || value === typed.before ? typed.text : dayToText(value);

  const read = readDayText(text);
  const show = (shown: string, told: string) => {
    setTyped({ text: shown, told, before: value });
    onValue(told);
  };
  const type = (next: string) => {
    const day = readDayText(next);
    show(next, day.state === 'day' ? day.day : day.state === 'empty' ? '' : next);
  };
  const pick = (day: string) => {
    setTouched(true);
    show(dayToText(day), day);
  };
  const openPicker = () => {
    const input = picker.current;
    if (!input) return;
    // showPicker needs a recent user gesture (this click or key press) and is missing in old browsers.
    try {
      input.showPicker();
    } catch {
      input.focus();
      input.click();
    }
  };

  // The field's own reading shows once the person has left the field or the form has a problem.
  const own = read.state === 'problem' && (touched || problem) ? problemText(t, read.problem, text.trim()) : undefined;
  const shown = own ?? problem;
  const hintId = `${id}-format`;
  const problemId = `${id}-problem`;
  return (
    <div class={['field', 'date-field', shown ? 'has-problem' : null, boxClass].filter(Boolean).join(' ')}>
      <label for={id}>{label}</label>
      <div class="date-field-row">
        <input
          ref={inputRef}
          id={id}
          class="date-field-text"
          type="text"
          inputMode="numeric"
          autocomplete="off"
          placeholder="dd/mm/yyyy"
          required={required}
          maxLength={14}
          value={text}
          aria-invalid={shown ? true : undefined}
          aria-describedby={[shown ? problemId : null, hintId, describedBy].filter(Boolean).join(' ')}
          onInput={(event) => type(event.currentTarget.value)}
          onBlur={(event) => {
            setTouched(true);
            // Written back the field's way (`20112026` → `20/11/2026`) only once the person has left,
            // so the caret never jumps while typing; from what the input holds now.
            const left = tidyDayText(event.currentTarget.value);
            if (left !== text) setTyped({ text: left, told: value, before: value });
          }}
          onKeyDown={(event) => {
            // Alt+↓ opens a list or a calendar everywhere else on the desktop.
            if (event.altKey && event.key === 'ArrowDown') {
              event.preventDefault();
              openPicker();
            }
          }}
        />
        <button
          type="button"
          class="date-field-pick"
          aria-label={t('date.pick_for', { label: label.charAt(0).toLocaleLowerCase('vi') + label.slice(1) })}
          title={t('date.pick')}
          onClick={openPicker}
        >
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <rect x="3.5" y="5" width="17" height="15.5" rx="2" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="M3.5 10h17M8 3v4M16 3v4" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
        </button>
        <input
          ref={picker}
          class="date-field-picker"
          type="date"
          tabIndex={-1}
          aria-hidden="true"
          min={min}
          max={max}
          value={read.state === 'day' ? read.day : ''}
          onChange={(event) => {
            const day = event.currentTarget.value;
            if (day) pick(day);
          }}
        />
      </div>
      <p id={hintId} class="field-hint date-field-hint">
        {t('date.hint', { example: EXAMPLE })}
      </p>
      {shown && (
        <p id={problemId} class="field-problem">
          {shown}
        </p>
      )}
    </div>
  );
}

/** Why the text is not a day, with the text itself, so the person sees what to mend. */
function problemText(t: I18n['t'], problem: DayTextProblem, text: string): string {
  return problem === 'format' ? t('date.format', { text, example: EXAMPLE }) : t('date.no_such_day', { text });
}
