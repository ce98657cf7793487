import type { ComponentChildren } from 'preact';
import type { Message } from '../../../src/platform/errors.ts';
import { formatNumber, readMoney } from '../platform/format.ts';
import { messagesFor, useI18n } from '../platform/i18n.ts';

/** What a control needs to be labelled and described: spread it on the input. */
export interface Control {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled control of the carrier's forms, with its hint and its problem under it, both read
 * with it; the problem is the page's own check or the server's refusal naming the field.
 */
export function LabelledField(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  problem?: Message | undefined;
  children: (control: Control) => ComponentChildren;
}) {
  const { id, label, hint, problem, children } = props;
  const { text } = useI18n();
  const describedBy = [problem ? `${id}-problem` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div class={`field${problem ? ' has-problem' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy || undefined })}
      {problem && (
        <p id={`${id}-problem`} class="field-problem">
          {text(problem)}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** An amount of đồng, typed as people write it (350000, 350.000), tidied to 350.000 when the field is left. */
export function MoneyField(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  problem?: Message | undefined;
  value: string;
  onValue: (typed: string) => void;
}) {
  const { value, onValue, ...field } = props;
  return (
    <LabelledField {...field}>
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          class="money-echo"
          value={value}
          onInput={(event) => onValue(event.currentTarget.value)}
          onBlur={() => {
            const dong = readMoney(value);
            if (dong !== null) onValue(formatNumber(dong));
          }}
        />
      )}
    </LabelledField>
  );
}

/** The typed amount as đồng, or what is wrong with it, in both languages; `min` is the least the form takes. */
export function checkMoney(typed: string, min: number): { dong: number } | { problem: Message } {
  if (typed.trim() === '') return { problem: messagesFor('cash.amount_required') };
  const dong = readMoney(typed);
  if (dong === null) return { problem: messagesFor('cash.amount_unreadable') };
  if (dong < min) return { problem: messagesFor('cash.amount_positive') };
  return { dong };
}
