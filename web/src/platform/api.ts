import type { ErrorBody, Issue, Message } from '../../../src/platform/errors.ts';
import { messagesFor } from './i18n.ts';

/** A failed call: the server's stable code and its message in both languages, for the current one to be shown. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Message,
    readonly field?: string,
    readonly issues: Issue[] = [],
    /** How long the server asked to be left alone (Retry-After), when it said. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${status} ${code}: ${text.en}`);
  }
}

/** Retry-After in either of its forms, seconds or an HTTP date, as milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date begins with the day's name ("Wed, 25 Nov 2026 08:00:30 GMT"); Date.parse alone takes "-5" for a year.
  if (!/^[A-Za-z]{3}, /.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A file sent as the body itself, not JSON (a spreadsheet to import). */
  file?: Blob;
  signal?: AbortSignal;
}

/**
 * The body and its type. A file goes as its bytes, labelled octet-stream: the import route reads
 * the raw body (no multipart), and a browser's label for a .csv varies by what is installed.
 */
function requestBody(options: RequestOptions): { type?: string; body?: BodyInit } {
  if (options.file !== undefined) return { type: 'application/octet-stream', body: options.file };
  if (options.body !== undefined) return { type: 'application/json', body: JSON.stringify(options.body) };
  return {};
}

/** Kept in memory only, never in storage a script could read later: a reload asks /api/auth/me again. */
let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => undefined;
let onPasswordChangeRequired: () => void = () => undefined;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server refuses a request until the one-time password is changed. */
export function setPasswordChangeHandler(handler: () => void): void {
  onPasswordChangeRequired = handler;
}

/** Called when the server says the session is gone (expired, logged out in another tab). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const { type, body: sent } = requestBody(options);
  if (type) headers['content-type'] = type;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: sent,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    // An abandoned request is not a failure to report; a lost connection is, in words a villager understands.
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'network.unreachable', messagesFor('error.network'));
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = toApiError(response.status, body, parseRetryAfter(response.headers.get('retry-after'), Date.now()));
  // Only "log in first" means the session is gone; a wrong password (log-in, password change) does not.
  if (error.code === 'auth.required') onUnauthenticated();
  if (error.code === 'auth.password_change_required') onPasswordChangeRequired();
  throw error;
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error;
}

function toApiError(status: number, body: unknown, retryAfterMs: number | null): ApiError {
  if (!isErrorBody(body)) return new ApiError(status, `http.${status}`, messagesFor('error.unexpected', { status }), undefined, [], retryAfterMs);
  const { code, message, field, issues } = body.error;
  // A body with a code but no message (say, from a proxy) still gets words.
  return new ApiError(status, code, message ?? messagesFor('error.unexpected', { status }), field, issues ?? [], retryAfterMs);
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  delete: (path: string, options?: RequestOptions) => request<void>('DELETE', path, options),
  /** POSTs a file as the request body, with the session's CSRF header like every other write. */
  upload: <T>(path: string, file: Blob, options?: Omit<RequestOptions, 'body' | 'file'>) => request<T>('POST', path, { ...options, file }),
};

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'client.error', messagesFor('error.unexpected', { status: 0 }));
}
