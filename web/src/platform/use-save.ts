import { useState } from 'preact/hooks';
import type { Message } from '../../../src/platform/errors.ts';
import { asApiError, type ApiError } from './api.ts';

/** What is wrong with a form, by field, in both languages. */
export type Problems = Record<string, Message>;

/**
 * Runs a form's save and keeps what was typed when it fails: the server's error for the form's
 * notice, its issues beside the fields they name (`fieldOf` turns the API's name of a field into
 * the form's), and `busy` while the request is out so a second tap sends nothing twice.
 */
export function useSave(onDone: (message: string) => void, fieldOf: (field: string) => string = (field) => field) {
  const [error, setError] = useState<ApiError | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      onDone(await action());
    } catch (failure) {
      const apiError = asApiError(failure);
      setError(apiError);
      setProblems(Object.fromEntries(apiError.issues.flatMap((issue) => (issue.field ? [[fieldOf(issue.field), issue.message]] : []))));
    } finally {
      setBusy(false);
    }
  };
  /** What to show beside `field`: an issue naming it, or a refusal that names it (an amount over what is owed). */
  const problemOf = (field: string): Message | undefined => problems[field] ?? (error?.field && fieldOf(error.field) === field ? error.text : undefined);
  /** The refusal to show over the form: one not shown beside any of its `fields`. */
  const formError = (fields: readonly string[]): ApiError | null => (error && !fields.some((field) => problemOf(field)) ? error : null);
  return { error, problems, setProblems, busy, run, problemOf, formError };
}

/**
 * What a form shows of a failed save: each field's problem (the issues the server listed, and a
 * refusal that names one field, such as a username taken, which has no issues list), and the
 * refusal that names none, for the form's notice.
 */
export function formProblems<Field extends string>(save: { error: ApiError | null; problems: Problems }) {
  // The server names the API's fields, which are the form's.
  const problems = { ...save.problems } as Partial<Record<Field, Message>>;
  if (save.error?.field && !(save.error.field in problems)) problems[save.error.field as Field] = save.error.text;
  const formWide = save.error && !save.error.field && save.error.issues.length === 0 ? save.error : null;
  return { problems, formWide };
}
