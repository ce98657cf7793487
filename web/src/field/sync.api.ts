import type { z } from 'zod';
import type { session } from '../../../src/accounts/account.schema.ts';
import type { PushRequest } from '../../../src/sync/sync.schema.ts';
import { api, ApiError, asApiError, setCsrfToken } from '../platform/api.ts';
import type { Me } from '../accounts/session.ts';
import type { PullPage } from './field.types.ts';
import { PULL_LIMIT } from './sync.rules.ts';
import { SyncFailure, type FailureKind, type PushAnswer, type SyncTransport } from './sync-client.ts';

/** The sync's requests over the app's API client (same cookie, same CSRF header, same errors). */

/** Sent with every push and pull, so the officers' list of devices shows which build a phone runs. */
export const APP_VERSION = 'field-1';

const TIMED_OUT = {
  code: 'sync.timeout',
  message: {
    vi: 'Máy chủ không trả lời kịp (sóng yếu?). Dữ liệu vẫn trên máy; sẽ thử lại.',
    en: 'The server did not answer in time (weak signal?). The data stays on the phone; it will try again.',
  },
};

const NOT_AN_ANSWER = {
  code: 'sync.bad_answer',
  message: {
    vi: 'Câu trả lời của máy chủ bị thiếu (mạng chập chờn?). Sẽ thử lại.',
    en: 'The server’s answer was cut short (flaky network?). It will try again.',
  },
};

/** Which failures are worth retrying as they are, and which the server will give again. */
export function failureKind(error: ApiError): FailureKind {
  if (error.status === 0) return 'offline';
  if (error.status === 401) return 'unauthenticated';
  if (error.status === 403 && error.code === 'auth.csrf') return 'csrf';
  // A missing route (a server older than the app), a busy one, or one that failed: try later.
  if (error.status === 404 || error.status === 408 || error.status === 429 || error.status >= 500) return 'server';
  return 'refused';
}

export async function withTimeout<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await run(controller.signal);
  } catch (error) {
    if (controller.signal.aborted) throw new SyncFailure('offline', TIMED_OUT);
    const apiError = asApiError(error);
    throw new SyncFailure(failureKind(apiError), { code: apiError.code, message: apiError.text, field: apiError.field }, apiError.retryAfterMs);
  } finally {
    clearTimeout(timer);
  }
}

type OpenedSession = z.infer<typeof session>;

/** Who is logged in, with a fresh CSRF token; null when nobody is. Offline: a SyncFailure. */
export async function checkSession(timeoutMs = 15_000): Promise<Me | null> {
  try {
    const opened = await withTimeout(timeoutMs, (signal) => api.get<OpenedSession>('/api/auth/me', { signal }));
    if (!opened?.account) throw new SyncFailure('server', NOT_AN_ANSWER);
    setCsrfToken(opened.csrfToken);
    return opened.account;
  } catch (error) {
    if (error instanceof SyncFailure && error.kind === 'unauthenticated') return null;
    throw error;
  }
}

/**
 * Ends this browser's session on the server, as the site's own log-out does (accounts/session.ts),
 * with a fresh CSRF token first (a page opened offline has none) and a time limit (one bar of
 * signal). Nobody logged in any more counts as done. Offline or no answer: a SyncFailure.
 */
export async function endServerSession(timeoutMs = 15_000): Promise<void> {
  if (!(await checkSession(timeoutMs))) return;
  try {
    await withTimeout(timeoutMs, (signal) => api.post<void>('/api/auth/logout', undefined, { signal }));
  } catch (error) {
    // 401: the session ended meanwhile (expired, or logged out in another tab), as asked.
    if (!(error instanceof SyncFailure && error.kind === 'unauthenticated')) throw error;
  }
  setCsrfToken(null);
}

/** A batch to the sync push, as the app `appVersion` (the officers' list of devices shows it). */
export async function pushBatch(request: PushRequest, timeoutMs: number, appVersion: string): Promise<PushAnswer> {
  const answer = await withTimeout(timeoutMs, (signal) => api.post<PushAnswer>('/api/sync/push', { ...request, appVersion }, { signal }));
  if (!answer || !Array.isArray(answer.results)) throw new SyncFailure('server', NOT_AN_ANSWER);
  return answer;
}

/** Tells the server the user dropped (or fixed) a refused mutation; one settled already counts as done. */
export async function tellDropped(id: string, timeoutMs: number): Promise<void> {
  try {
    await withTimeout(timeoutMs, (signal) => api.post(`/api/sync/mutations/${id}/resolve`, { resolution: 'fixed_by_phone' }, { signal }));
  } catch (error) {
    // Unknown, or settled already (by an officer, or a fix that landed): nothing left to tell.
    if (
      error instanceof SyncFailure &&
      error.kind === 'refused' &&
      (error.problem.code === 'sync.already_resolved' || error.problem.code === 'sync.nothing_to_resolve')
    )
      return;
    if (error instanceof SyncFailure && error.kind === 'server' && error.problem.code === 'sync.mutation_not_found') return;
    throw error;
  }
}

/** An answer that is not what the server sends: a connection cut mid-answer. */
export const notAnAnswer = () => new SyncFailure('server', NOT_AN_ANSWER);

export function createTransport(villageCode: string, onSession: (me: Me) => void): SyncTransport {
  return {
    async session() {
      const me = await checkSession();
      if (me) onSession(me);
      return me !== null;
    },
    push: (request: PushRequest, timeoutMs: number) => pushBatch(request, timeoutMs, APP_VERSION),
    async pull({ cursor, deviceId }, timeoutMs: number): Promise<PullPage> {
      const query = { village: villageCode, cursor: cursor ?? undefined, limit: PULL_LIMIT, deviceId, appVersion: APP_VERSION };
      const page = await withTimeout(timeoutMs, (signal) => api.get<PullPage>('/api/sync/pull', { query, signal }));
      if (!page || typeof page.cursor !== 'string' || !Array.isArray(page.households)) throw new SyncFailure('server', NOT_AN_ANSWER);
      return page;
    },
    dropped: tellDropped,
  };
}
