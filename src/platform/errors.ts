/** A message every person-facing error carries, in Vietnamese first and English second. */
export interface Message {
  vi: string;
  en: string;
}

/**
 * The message of a refinement in both languages, carried through zod's single message string;
 * `describeIssue` reads it back. Every refinement a person may meet is written with it.
 */
export const bilingual = (message: Message): string => JSON.stringify(message);

export function readBilingual(text: string): Message | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'vi' in parsed && 'en' in parsed && typeof parsed.vi === 'string' && typeof parsed.en === 'string') {
      return { vi: parsed.vi, en: parsed.en };
    }
  } catch {
    // Not ours: a plain message, which the caller uses for both languages.
  }
  return undefined;
}

/** One problem inside a larger request: a field of a body or a cell of an imported row. */
export interface Issue {
  code: string;
  message: Message;
  field?: string | undefined;
  row?: number | undefined;
}

/** The one error shape of the API: a stable machine code, both languages, the field at fault. */
export interface ErrorBody {
  error: {
    code: string;
    message: Message;
    field?: string | undefined;
    issues?: Issue[] | undefined;
  };
}

/** An expected failure: raised by rules and use cases, turned into `ErrorBody` by the HTTP layer. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Message,
    readonly field?: string,
    readonly issues?: Issue[],
  ) {
    super(`${code}: ${text.en}`);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.text, field: this.field, issues: this.issues } };
  }
}

export const notFound = (code: string, text: Message, field?: string) => new AppError(404, code, text, field);
export const badRequest = (code: string, text: Message, field?: string, issues?: Issue[]) => new AppError(400, code, text, field, issues);
/** A rule check that found problems refuses the request with the first, carrying them all; none, nothing happens. */
export function assertNoIssues(issues: Issue[]): void {
  const first = issues[0];
  if (first) throw badRequest(first.code, first.message, first.field, issues);
}
export const conflict = (code: string, text: Message, field?: string) => new AppError(409, code, text, field);

export const unauthenticated = () => new AppError(401, 'auth.required', { vi: 'Vui lòng đăng nhập.', en: 'Please log in.' });

export const forbidden = () =>
  new AppError(403, 'auth.forbidden', {
    vi: 'Bạn không có quyền với đơn vị này.',
    en: 'You do not have access to this unit.',
  });
