import type { PushRequest, PushedMutation } from '../../../src/sync/sync.schema.ts';
import type { MutationResult, OutboxItem, Problem, PullPage } from './field.types.ts';
import { retryDelay, nextBatch, PULL_TIMEOUT_MS, PUSH_BATCH, PUSH_TIMEOUT_MS, rebaseUpdates, settleBatch, type Settlement } from './sync.rules.ts';

/**
 * Push, then pull: the loop that takes the outbox to the server and the village back to the phone.
 * Everything it touches is passed in (storage, network, clock, timers), so the tests drive it
 * through lost connections, timeouts and refusals without a browser.
 */

/** Why a request did not get an answer the sync can act on. */
export type FailureKind =
  /** No connection, or no answer in time: wait and retry. */
  | 'offline'
  /** The server answered with a 5xx, 404 or 429, or an answer that is not one: wait and retry. */
  | 'server'
  /** The session is gone: nothing is sent until the user logs in again. */
  | 'unauthenticated'
  /** The session's CSRF token is stale: ask for the session again, then retry. */
  | 'csrf'
  /** The server refused the request as a whole (400, 403, 413…): it will refuse it again. */
  | 'refused';

export class SyncFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly problem: Problem,
    /** The server's Retry-After, when it gave one (a busy server shedding load). */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${kind}: ${problem.code}`);
  }
}

/** What the sync loop reads of a pulled page: the field app's village, the courier's day. */
export interface PulledPage {
  cursor: string;
  more: boolean;
  serverTime: string;
}

export interface SyncStore<Page extends PulledPage = PullPage> {
  /** The current account's outbox, every state. */
  outbox(): Promise<OutboxItem[]>;
  markSending(ids: readonly string[]): Promise<void>;
  /** Back to pending, with why the attempt failed. */
  release(ids: readonly string[], problem: Problem): Promise<void>;
  /** A mutation the server will not take as sent: needs attention, with the reason. */
  refuse(id: string, problem: Problem): Promise<void>;
  /** One transaction: done ones leave the outbox and reach the local copy, refused ones wait for a person. */
  settle(settlement: Settlement, rebased: readonly { id: string; baseVersion: number }[]): Promise<void>;
  cursor(): Promise<string | null>;
  /** One transaction: the page's rows and its cursor. */
  mergePull(page: Page): Promise<void>;
  /** Forgets the cursor and the village's rows (not the outbox): the next pull starts from nothing. */
  resetCursor(): Promise<void>;
  synced(at: string): Promise<void>;
  deviceId(): Promise<string>;
  /** Refusals the user dropped that the server has not been told about. */
  droppedOnes(): Promise<string[]>;
  forget(id: string): Promise<void>;
}

export interface PushAnswer {
  results: MutationResult[];
  serverTime: string;
}

export interface SyncTransport<Page extends PulledPage = PullPage> {
  /** Asks who is logged in (and refreshes the CSRF token); false when nobody is. */
  session(): Promise<boolean>;
  push(request: PushRequest, timeoutMs: number): Promise<PushAnswer>;
  pull(request: { cursor: string | null; deviceId: string }, timeoutMs: number): Promise<Page>;
  /** Tells the server the user dropped (or fixed) a refused mutation; settled already counts as done. */
  dropped(id: string, timeoutMs: number): Promise<void>;
}

export type SyncPhase = 'idle' | 'syncing' | 'waiting' | 'needs_login';

export interface SyncStatus {
  phase: SyncPhase;
  /** The last attempt could not reach the server (or the phone says it has no network). */
  offline: boolean;
  /** Failed attempts in a row; the backoff grows with it. */
  failures: number;
  /** When the next automatic attempt is due (ms since the epoch), if one is planned. */
  retryAt: number | null;
  problem: Problem | null;
}

export interface SyncDeps<Page extends PulledPage = PullPage> {
  store: SyncStore<Page>;
  transport: SyncTransport<Page>;
  now?: () => number;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** False when the device knows it has no network: no request is even tried. */
  isOnline?: () => boolean;
  /** Runs one sync at a time across the app's tabs (Web Locks), when the browser has them. */
  exclusive?: <T>(run: () => Promise<T>) => Promise<T>;
  appVersion?: string;
}

export interface SyncClient {
  status(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /** Runs a sync now, or once more after the one running; resolves when the outbox has been tried. */
  sync(reason: string): Promise<void>;
  /** The device went offline: say so, and wait for `online` rather than burning retries. */
  wentOffline(): void;
  stop(): void;
}

const UNEXPECTED: Problem = {
  code: 'sync.unexpected',
  message: {
    vi: 'Đồng bộ gặp lỗi bất ngờ; dữ liệu vẫn được giữ trên máy. Sẽ thử lại.',
    en: 'Sync hit an unexpected error; the data stays on the phone. It will try again.',
  },
};

const NO_ANSWER: Problem = {
  code: 'sync.no_answer',
  message: { vi: 'Máy chủ không trả lời cho các thay đổi đã gửi. Sẽ gửi lại.', en: 'The server did not answer for the changes sent. They will be sent again.' },
};

const NEEDS_LOGIN: Problem = {
  code: 'auth.required',
  message: { vi: 'Phiên đăng nhập đã hết. Hãy đăng nhập lại để gửi các thay đổi.', en: 'Your session has ended. Log in again to send the changes.' },
};

/** A guard against a server that keeps saying `more`: a village is a few thousand rows. */
const MAX_PULL_PAGES = 200;

const toWire = (item: OutboxItem): PushedMutation => ({
  id: item.id,
  kind: item.kind,
  payload: item.payload,
  recordedAt: item.createdAt,
  ...(item.replaces ? { supersedes: item.replaces } : {}),
});

export function createSyncClient<Page extends PulledPage = PullPage>(deps: SyncDeps<Page>): SyncClient {
  const { store, transport } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const isOnline = deps.isOnline ?? (() => true);
  const exclusive = deps.exclusive ?? ((run) => run());

  let status: SyncStatus = { phase: 'idle', offline: !isOnline(), failures: 0, retryAt: null, problem: null };
  const listeners = new Set<(status: SyncStatus) => void>();
  let running: Promise<void> | null = null;
  let again = false;
  let timer: unknown = null;
  let sessionChecked = false;
  let stopped = false;

  const update = (changes: Partial<SyncStatus>) => {
    status = { ...status, ...changes };
    for (const listener of listeners) listener(status);
  };

  const cancelTimer = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
  };

  const scheduleRetry = (problem: Problem, offline: boolean, retryAfterMs: number | null = null) => {
    const failures = status.failures + 1;
    const delay = retryDelay(failures, random(), retryAfterMs);
    cancelTimer();
    if (!stopped) timer = setTimer(() => void client.sync('retry'), delay);
    update({ phase: 'waiting', offline, failures, retryAt: now() + delay, problem });
  };

  async function push(): Promise<void> {
    let batchSize = PUSH_BATCH;
    const deviceId = await store.deviceId();
    for (;;) {
      const outbox = await store.outbox();
      const batch = nextBatch(outbox, batchSize);
      if (batch.length === 0) return;
      const ids = batch.map((item) => item.id);
      await store.markSending(ids);
      let answer: PushAnswer;
      try {
        answer = await transport.push({ deviceId, ...(deps.appVersion ? { appVersion: deps.appVersion } : {}), mutations: batch.map(toWire) }, PUSH_TIMEOUT_MS);
      } catch (error) {
        if (error instanceof SyncFailure && error.kind === 'refused') {
          // One malformed mutation must not hold the others back: send one at a time, and a
          // mutation the server refuses on its own waits for a person with the server's words.
          const [only] = batch;
          if (batch.length === 1 && only) await store.refuse(only.id, error.problem);
          else {
            await store.release(ids, error.problem);
            batchSize = 1;
          }
          continue;
        }
        await store.release(ids, error instanceof SyncFailure ? error.problem : UNEXPECTED);
        throw error;
      }
      const settlement = settleBatch(batch, answer.results);
      await store.settle(settlement, rebaseUpdates(outbox, settlement.done));
      if (settlement.retry.length === batch.length) throw new SyncFailure('server', NO_ANSWER);
    }
  }

  /** The server is told of each drop once; the phone forgets the mutation after. */
  async function tellDrops(): Promise<void> {
    for (const id of await store.droppedOnes()) {
      try {
        await transport.dropped(id, PUSH_TIMEOUT_MS);
      } catch (error) {
        // Refused for good (not this account's to settle, say): an officer settles it instead.
        if (!(error instanceof SyncFailure && error.kind === 'refused')) throw error;
      }
      await store.forget(id);
    }
  }

  async function pull(): Promise<string | undefined> {
    const deviceId = await store.deviceId();
    let cursor = await store.cursor();
    let serverTime: string | undefined;
    let restarted = false;
    for (let page = 0; page < MAX_PULL_PAGES; page++) {
      let answer: Page;
      try {
        answer = await transport.pull({ cursor, deviceId }, PULL_TIMEOUT_MS);
      } catch (error) {
        // The server no longer knows the cursor (a restored backup, say): pull the village again.
        if (restarted || !(error instanceof SyncFailure && error.problem.code === 'sync.bad_cursor')) throw error;
        restarted = true;
        await store.resetCursor();
        cursor = null;
        continue;
      }
      await store.mergePull(answer);
      serverTime = answer.serverTime;
      if (!answer.more || answer.cursor === cursor) break;
      cursor = answer.cursor;
    }
    return serverTime;
  }

  async function once(): Promise<void> {
    cancelTimer();
    if (!isOnline()) {
      update({ phase: 'idle', offline: true, retryAt: null });
      return;
    }
    update({ phase: 'syncing', retryAt: null });
    try {
      await exclusive(async () => {
        if (!sessionChecked) {
          if (!(await transport.session())) throw new SyncFailure('unauthenticated', NEEDS_LOGIN);
          sessionChecked = true;
        }
        await push();
        await tellDrops();
        const serverTime = await pull();
        await store.synced(serverTime ?? new Date(now()).toISOString());
      });
      update({ phase: 'idle', offline: false, failures: 0, retryAt: null, problem: null });
    } catch (error) {
      if (!(error instanceof SyncFailure)) {
        console.error(error);
        scheduleRetry(UNEXPECTED, false);
      } else if (error.kind === 'unauthenticated') {
        sessionChecked = false;
        update({ phase: 'needs_login', offline: false, retryAt: null, problem: error.problem });
      } else {
        if (error.kind === 'csrf') sessionChecked = false;
        scheduleRetry(error.problem, error.kind === 'offline', error.retryAfterMs);
      }
    }
  }

  const client: SyncClient = {
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sync(_reason) {
      if (stopped) return Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await once();
        } while (again && !stopped && status.phase === 'idle' && !status.offline);
      })().finally(() => {
        running = null;
      });
      return running;
    },
    wentOffline() {
      cancelTimer();
      update({ offline: true, retryAt: null, phase: status.phase === 'syncing' ? 'syncing' : status.phase === 'needs_login' ? 'needs_login' : 'idle' });
    },
    stop() {
      stopped = true;
      cancelTimer();
      listeners.clear();
    },
  };
  return client;
}
