import { describe, expect, it } from 'vitest';
import type { PushRequest } from '../../../src/sync/sync.schema.ts';
import type { LocalHousehold, MutationResult, OutboxItem, Problem, PullPage } from './field.types.ts';
import { createSyncClient, SyncFailure, type PushAnswer, type SyncStore, type SyncTransport } from './sync-client.ts';
import { H1, waitingVisit } from '../../../testing/field-test-kit.ts';
import { applyDone, type Settlement } from './sync.rules.ts';

const survey = {
  surveyedOn: '2025-07-01',
  members: 4,
  adults: 3,
  smartphoneOwners: 2,
  epayAdults: 1,
  homeFtth: false,
  vneidUsers: 0,
  ehealthUsers: 0,
  bankingUsers: 1,
};

/** The store as a few arrays, with the same rules as the Dexie one. */
class MemoryStore implements SyncStore {
  items: OutboxItem[] = [];
  households: LocalHousehold[] = [{ id: H1, villageCode: '06625001', label: 'Hộ 001', version: 1, archived: false, latest: survey }];
  pulled: PullPage[] = [];
  savedCursor: string | null = null;
  lastSync: string | null = null;
  private seq = 0;

  add(id: string, people = 1): void {
    this.items.push(waitingVisit(id, { seq: ++this.seq, people }));
  }
  find(id: string) {
    return this.items.find((item) => item.id === id);
  }
  async outbox() {
    return this.items.map((item) => ({ ...item }));
  }
  async markSending(ids: readonly string[]) {
    for (const id of ids) {
      const item = this.find(id);
      if (item) Object.assign(item, { state: 'sending', attempts: item.attempts + 1 });
    }
  }
  async release(ids: readonly string[], problem: Problem) {
    for (const id of ids) Object.assign(this.find(id) ?? {}, { state: 'pending', lastError: problem });
  }
  async refuse(id: string, problem: Problem) {
    Object.assign(this.find(id) ?? {}, { state: 'needs_attention', status: 'rejected', lastError: problem });
  }
  async settle(settlement: Settlement) {
    const done = new Set(settlement.done.map((d) => d.item.id));
    for (const changed of applyDone(this.households, settlement.done)) this.households = this.households.map((h) => (h.id === changed.id ? changed : h));
    this.items = this.items.filter((item) => !done.has(item.id));
    for (const a of settlement.attention) Object.assign(this.find(a.id) ?? {}, { state: 'needs_attention', status: a.status, lastError: a.error });
    for (const id of settlement.retry) Object.assign(this.find(id) ?? {}, { state: 'pending' });
  }
  async cursor() {
    return this.savedCursor;
  }
  async mergePull(page: PullPage) {
    this.pulled.push(page);
    this.savedCursor = page.cursor;
  }
  async synced(at: string) {
    this.lastSync = at;
  }
  async deviceId() {
    return '0190a000-0000-7000-8000-00000000dead';
  }
  async resetCursor() {
    this.savedCursor = null;
    this.households = [];
  }
  async droppedOnes() {
    return this.items.filter((item) => item.state === 'dropped').map((item) => item.id);
  }
  async forget(id: string) {
    this.items = this.items.filter((item) => item.id !== id);
  }
}

/** A pull page with nothing in it but what the test says. */
const page = (changes: Partial<PullPage> & Pick<PullPage, 'cursor' | 'more'>): PullPage => ({
  village: { code: '06625001', name: 'Hin Đăm' },
  households: [],
  team: null,
  teamMembers: [],
  visits: [],
  trainings: [],
  attention: [],
  serverTime: '2025-08-01T02:00:00Z',
  ...changes,
});

type Answer = PushAnswer | SyncFailure | ((request: PushRequest) => PushAnswer | SyncFailure);

/** A server that answers each push from a script, and pulls from a list of pages. */
class ScriptedServer implements SyncTransport {
  pushes: PushRequest[] = [];
  pullCursors: (string | null)[] = [];
  drops: string[] = [];
  loggedIn = true;
  sessionChecks = 0;
  constructor(
    private answers: Answer[] = [],
    private pages: PullPage[] = [page({ cursor: 'c1', more: false })],
  ) {}
  static applyAll = (request: PushRequest): PushAnswer => ({
    results: request.mutations.map((m): MutationResult => ({ id: m.id, status: 'applied' })),
    serverTime: '2025-08-01T02:00:00Z',
  });
  async session() {
    this.sessionChecks += 1;
    return this.loggedIn;
  }
  async push(request: PushRequest) {
    this.pushes.push(structuredClone(request));
    const next = this.answers.length ? this.answers.shift() : ScriptedServer.applyAll;
    const answer = typeof next === 'function' ? next(request) : next;
    if (answer instanceof SyncFailure) throw answer;
    if (!answer) throw new Error('no answer scripted');
    return answer;
  }
  async pull({ cursor }: { cursor: string | null }) {
    this.pullCursors.push(cursor);
    // Past the scripted pages, nothing new: the same cursor back.
    return this.pages.shift() ?? page({ cursor: cursor ?? 'c0', more: false });
  }
  async dropped(id: string) {
    this.drops.push(id);
  }
}

const offline = new SyncFailure('offline', { code: 'network.unreachable', message: { vi: 'Mất kết nối', en: 'No connection' } });

function setup(answers: Answer[] = [], pages?: PullPage[]) {
  const store = new MemoryStore();
  const server = new ScriptedServer(answers, pages);
  const timers: { run: () => void; ms: number }[] = [];
  const client = createSyncClient({
    store,
    transport: server,
    now: () => 1_000_000,
    random: () => 0.5,
    setTimer: (run, ms) => timers.push({ run, ms }),
    clearTimer: () => timers.splice(0),
  });
  return { store, server, timers, client };
}

describe('the sync client', () => {
  it('sends the outbox in order in batches of 20 and empties it only for what the server holds', async () => {
    const { store, server, client } = setup();
    for (let i = 0; i < 45; i++) store.add(`m${String(i).padStart(2, '0')}`);
    await client.sync('start');
    expect(server.pushes.map((p) => p.mutations.length)).toEqual([20, 20, 5]);
    expect(server.pushes.flatMap((p) => p.mutations.map((m) => m.id))).toEqual(
      store.pulled.length ? Array.from({ length: 45 }, (_, i) => `m${String(i).padStart(2, '0')}`) : [],
    );
    expect(server.pushes[0]?.deviceId).toBe('0190a000-0000-7000-8000-00000000dead');
    expect(store.items).toEqual([]);
    expect(client.status()).toMatchObject({ phase: 'idle', failures: 0, offline: false });
    expect(store.lastSync).toBe('2025-08-01T02:00:00Z');
  });

  it('keeps everything when the network fails, and retries later with a growing wait', async () => {
    const { store, server, timers, client } = setup([offline, offline]);
    store.add('a');
    store.add('b');
    await client.sync('start');
    expect(store.items.map((i) => [i.id, i.state, i.attempts])).toEqual([
      ['a', 'pending', 1],
      ['b', 'pending', 1],
    ]);
    expect(store.find('a')?.lastError?.code).toBe('network.unreachable');
    expect(client.status()).toMatchObject({ phase: 'waiting', offline: true, failures: 1, retryAt: 1_000_000 + 3_750 });
    expect(timers.map((t) => t.ms)).toEqual([3_750]);

    timers[0]?.run();
    await client.sync('wait for the retry');
    expect(client.status()).toMatchObject({ failures: 2, retryAt: 1_000_000 + 7_500 });

    await client.sync('online');
    expect(store.items).toEqual([]);
    expect(server.pushes).toHaveLength(3);
    expect(client.status()).toMatchObject({ phase: 'idle', failures: 0, retryAt: null });
  });

  it('waits as long as a busy server asks (Retry-After) rather than its own backoff, and keeps the outbox', async () => {
    const busy = new SyncFailure('server', { code: 'sync.busy', message: { vi: 'Máy chủ đang bận', en: 'The server is busy' } }, 17_000);
    const { store, timers, client } = setup([busy]);
    store.add('a');
    await client.sync('start');
    expect(client.status()).toMatchObject({ phase: 'waiting', offline: false, failures: 1, retryAt: 1_000_000 + 17_000, problem: { code: 'sync.busy' } });
    expect(timers.map((t) => t.ms)).toEqual([17_000]);
    expect(store.items.map((i) => i.state)).toEqual(['pending']);
  });

  it('sends again, under the same ids, what a lost answer left unconfirmed; the server answers duplicate', async () => {
    // The first request reached the server and was applied, but its answer never came back.
    const timedOut = new SyncFailure('offline', { code: 'sync.timeout', message: { vi: 'Hết thời gian chờ', en: 'Timed out' } });
    const { store, server, client } = setup([
      timedOut,
      (request) => ({ results: request.mutations.map((m) => ({ id: m.id, status: 'duplicate' as const })), serverTime: '2025-08-01T02:00:00Z' }),
    ]);
    store.add('a');
    await client.sync('save');
    expect(store.items.map((i) => i.id)).toEqual(['a']);
    await client.sync('retry');
    expect(server.pushes.map((p) => p.mutations[0]?.id)).toEqual(['a', 'a']);
    expect(store.items).toEqual([]);
  });

  it('keeps refused and conflicting mutations for a person, with the server’s reason, and sends the rest', async () => {
    const reason = { code: 'visit.people_exceed_members', message: { vi: 'Hộ chỉ có 4 nhân khẩu.', en: 'The household has only 4 members.' } };
    const { store, client } = setup([
      (request) => ({
        results: request.mutations.map((m, i): MutationResult => (i === 1 ? { id: m.id, status: 'rejected', error: reason } : { id: m.id, status: 'applied' })),
        serverTime: '2025-08-01T02:00:00Z',
      }),
    ]);
    store.add('a');
    store.add('b', 9);
    store.add('c');
    await client.sync('save');
    expect(store.items.map((i) => [i.id, i.state, i.status, i.lastError?.message.en])).toEqual([
      ['b', 'needs_attention', 'rejected', 'The household has only 4 members.'],
    ]);
    // What was applied already shows in the local copy before any pull.
    expect(store.households[0]?.latest?.vneidUsers).toBe(2);
    await client.sync('manual');
    expect(store.items).toHaveLength(1);
  });

  it('treats a replay of an unresolved refusal as the refusal it was, and sends a fix with what it supersedes', async () => {
    const reason = { code: 'visit.visit_in_future', message: { vi: 'Ngày hỗ trợ không thể ở tương lai.', en: 'The visit date cannot be in the future.' } };
    const { store, server, client } = setup([
      (request) => ({
        results: request.mutations.map((m) => ({ id: m.id, status: 'duplicate' as const, originalStatus: 'rejected' as const, error: reason })),
        serverTime: '2025-08-01T02:00:00Z',
      }),
    ]);
    store.add('a');
    await client.sync('start');
    expect(store.items.map((i) => [i.id, i.state, i.lastError?.code])).toEqual([['a', 'needs_attention', 'visit.visit_in_future']]);

    store.add('b');
    Object.assign(store.items[1] ?? {}, { replaces: 'a' });
    Object.assign(store.items[0] ?? {}, { state: 'fixed', fixedBy: 'b' });
    await client.sync('save');
    expect(server.pushes[1]?.mutations).toEqual([expect.objectContaining({ id: 'b', supersedes: 'a' })]);
  });

  it('tells the server of a refusal the user dropped, then forgets it', async () => {
    const { store, server, client } = setup();
    store.add('a');
    Object.assign(store.items[0] ?? {}, { state: 'dropped', recorded: true });
    await client.sync('start');
    expect(server.pushes).toEqual([]);
    expect(server.drops).toEqual(['a']);
    expect(store.items).toEqual([]);
  });

  it('finds the one mutation a server refuses as a whole request, and lets the others through', async () => {
    const refused = new SyncFailure('refused', { code: 'validation.invalid', message: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid' } });
    const { store, server, client } = setup([refused, ScriptedServer.applyAll, refused, ScriptedServer.applyAll]);
    store.add('a');
    store.add('b');
    store.add('c');
    await client.sync('save');
    expect(server.pushes.map((p) => p.mutations.map((m) => m.id))).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
    expect(store.items.map((i) => [i.id, i.state, i.lastError?.code])).toEqual([['b', 'needs_attention', 'validation.invalid']]);
  });

  it('pulls page after page from the saved cursor until the server has no more', async () => {
    const { store, server, client } = setup(
      [],
      [page({ cursor: 'c1', more: true }), page({ cursor: 'c2', more: true }), page({ cursor: 'c3', more: false, serverTime: '2025-08-01T03:00:00Z' })],
    );
    store.savedCursor = 'c0';
    await client.sync('start');
    expect(server.pushes).toEqual([]);
    expect(server.pullCursors).toEqual(['c0', 'c1', 'c2']);
    expect(store.savedCursor).toBe('c3');
    expect(store.lastSync).toBe('2025-08-01T03:00:00Z');
  });

  it('pulls the whole village again when the server no longer knows the cursor', async () => {
    const { store, server, client } = setup();
    store.savedCursor = 'from-a-restored-backup';
    const pull = server.pull.bind(server);
    server.pull = async (request) => {
      if (request.cursor === 'from-a-restored-backup') {
        server.pullCursors.push(request.cursor);
        throw new SyncFailure('refused', { code: 'sync.bad_cursor', message: { vi: 'Mốc đồng bộ không hợp lệ.', en: 'The sync cursor is not valid.' } });
      }
      return pull(request);
    };
    await client.sync('start');
    expect(server.pullCursors).toEqual(['from-a-restored-backup', null]);
    expect(store.savedCursor).toBe('c1');
    expect(client.status().phase).toBe('idle');
  });

  it('stops and asks for a log-in when the session has ended, keeping the outbox', async () => {
    const { store, server, timers, client } = setup();
    server.loggedIn = false;
    store.add('a');
    await client.sync('start');
    expect(client.status()).toMatchObject({ phase: 'needs_login', problem: { code: 'auth.required' } });
    expect(timers).toEqual([]);
    expect(store.items).toHaveLength(1);
    server.loggedIn = true;
    await client.sync('manual');
    expect(store.items).toEqual([]);
  });

  it('asks for the session again after a stale CSRF token, then goes on', async () => {
    const { store, server, client } = setup([new SyncFailure('csrf', { code: 'auth.csrf', message: { vi: 'x', en: 'x' } })]);
    store.add('a');
    await client.sync('start');
    expect(client.status().phase).toBe('waiting');
    await client.sync('retry');
    expect(server.sessionChecks).toBe(2);
    expect(store.items).toEqual([]);
  });

  it('runs one sync at a time, and once more for a save made during it', async () => {
    let second: Promise<void> | undefined;
    const { store, server, client } = setup([
      (request) => {
        // The user saves another visit while the first request is on its way.
        store.add('b');
        second = client.sync('save');
        return ScriptedServer.applyAll(request);
      },
    ]);
    store.add('a');
    await client.sync('start');
    await second;
    expect(server.pushes.map((p) => p.mutations.map((m) => m.id))).toEqual([['a'], ['b']]);
    expect(server.pullCursors).toEqual([null, 'c1']);
  });

  it('does not try while the device is offline, and says so', async () => {
    const store = new MemoryStore();
    const server = new ScriptedServer();
    let online = false;
    const client = createSyncClient({ store, transport: server, isOnline: () => online, setTimer: () => 0, clearTimer: () => undefined });
    store.add('a');
    await client.sync('start');
    expect(client.status()).toMatchObject({ phase: 'idle', offline: true });
    expect(server.pushes).toEqual([]);
    online = true;
    await client.sync('online');
    expect(client.status()).toMatchObject({ phase: 'idle', offline: false });
    expect(store.items).toEqual([]);
  });
});
