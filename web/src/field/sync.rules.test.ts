import { describe, expect, it } from 'vitest';
import type { LocalHousehold, OutboxItem, Survey } from './field.types.ts';
import {
  afterVisit,
  applyDone,
  ATTENTION_LIST_LIMIT,
  backoffDelay,
  retryDelay,
  countOutbox,
  householdViews,
  nextBatch,
  rebaseUpdates,
  reconcileAttention,
  settleBatch,
  visitsOf,
} from './sync.rules.ts';
import type { AttentionItem } from './field.types.ts';

const H1 = '0190a000-0000-7000-8000-000000000001';
const H2 = '0190a000-0000-7000-8000-000000000002';
const survey: Survey = {
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
const household = (id: string, changes: Partial<LocalHousehold> = {}): LocalHousehold => ({
  id,
  villageCode: '06625001',
  label: `Hộ ${id.slice(-3)}`,
  version: 3,
  archived: false,
  latest: survey,
  ...changes,
});

let seq = 0;
const base = (id: string) => ({ seq: ++seq, id, accountId: 'a1', createdAt: '2025-08-01T01:00:00Z', attempts: 0, lastError: null, state: 'pending' as const });
const visit = (id: string, householdId: string, changes: Partial<OutboxItem> = {}): OutboxItem =>
  ({
    ...base(id),
    kind: 'visit.record',
    payload: { id: `v-${id}`, householdId, visitedOn: '2025-08-01', activities: [{ code: 'vneid_level2', people: 2 }], residentsGuided: 1 },
    ...changes,
  }) as OutboxItem;
const update = (id: string, householdId: string, baseVersion: number, changes: Partial<Survey> = {}): OutboxItem => ({
  ...base(id),
  kind: 'household.update',
  payload: { householdId, baseVersion, survey: { ...survey, surveyedOn: '2025-08-01', ...changes } },
});
const training = (id: string): OutboxItem => ({
  ...base(id),
  kind: 'training.record',
  payload: {
    id: `t-${id}`,
    villageCode: '06625001',
    heldOn: '2025-08-01',
    topic: 'vneid',
    place: 'Nhà văn hóa',
    trainer: 'Chị Lan',
    attendees: { total: 2, female: 1, male: 1, byAge: { under15: 0, from15to29: 1, from30to59: 1, from60: 0 } },
  },
});

describe('backoff', () => {
  it('doubles from 5 seconds up to 5 minutes, with jitter in the upper half', () => {
    expect(backoffDelay(1, 0)).toBe(2_500);
    expect(backoffDelay(1, 0.999_999)).toBe(5_000);
    expect(backoffDelay(2, 0.999_999)).toBe(10_000);
    expect(backoffDelay(4, 0.999_999)).toBe(40_000);
    expect(backoffDelay(30, 0.999_999)).toBe(300_000);
    expect(backoffDelay(30, 0)).toBe(150_000);
    expect(backoffDelay(1_000, 0.5)).toBeLessThanOrEqual(300_000);
  });

  it('takes the server’s Retry-After when it gives one, within 1 second and 5 minutes', () => {
    expect(retryDelay(1, 0.5, 12_000)).toBe(12_000);
    expect(retryDelay(9, 0.5, 12_000)).toBe(12_000);
    expect(retryDelay(1, 0.5, 0)).toBe(1_000);
    expect(retryDelay(1, 0.5, 3_600_000)).toBe(300_000);
    expect(retryDelay(3, 0.5, null)).toBe(backoffDelay(3, 0.5));
  });
});

describe('choosing what to send', () => {
  it('sends waiting mutations in the order they were saved, at most 20', () => {
    const outbox = Array.from({ length: 25 }, (_, i) => visit(`m${i}`, i % 2 ? H1 : H2));
    outbox.reverse();
    const batch = nextBatch(outbox);
    expect(batch).toHaveLength(20);
    expect(batch.map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
  });

  it('resends mutations left "sending" by an interrupted request, and skips refused and fixed ones', () => {
    const outbox = [visit('a', H1, { state: 'sending' }), visit('b', H1, { state: 'needs_attention' }), visit('c', H1, { state: 'fixed' }), training('d')];
    expect(nextBatch(outbox).map((m) => m.id)).toEqual(['a', 'd']);
  });

  it('holds a household update back when the batch already touches that household', () => {
    const outbox = [visit('a', H1), visit('b', H2), update('c', H1, 3), training('d')];
    expect(nextBatch(outbox).map((m) => m.id)).toEqual(['a', 'b']);
    expect(nextBatch([update('c', H1, 3), visit('e', H1)]).map((m) => m.id)).toEqual(['c', 'e']);
  });
});

describe('reading the server’s answers', () => {
  it('removes only what the server applied or already had; keeps refusals with their reason; retries the unanswered', () => {
    const batch = [visit('a', H1), visit('b', H1), update('c', H2, 3), training('d'), visit('e', H2)];
    const reason = {
      code: 'visit.people_exceed_members',
      message: { vi: 'Hộ chỉ có 4 nhân khẩu.', en: 'The household has only 4 members.' },
      field: 'activities.0.people',
    };
    const settled = settleBatch(batch, [
      { id: 'a', status: 'applied', record: { id: 'v-a' } },
      { id: 'b', status: 'rejected', error: reason },
      {
        id: 'c',
        status: 'conflict',
        error: { code: 'household.version_conflict', message: { vi: 'x', en: 'y' } },
        server: { version: 4, label: 'Hộ 002', archived: false, latest: survey },
      },
      { id: 'd', status: 'duplicate' },
      { id: 'zzz', status: 'applied' },
    ]);
    expect(settled.done.map((d) => d.item.id)).toEqual(['a', 'd']);
    expect(settled.attention).toEqual([
      { id: 'b', status: 'rejected', error: reason, server: undefined },
      {
        id: 'c',
        status: 'conflict',
        error: { code: 'household.version_conflict', message: { vi: 'x', en: 'y' } },
        server: { version: 4, label: 'Hộ 002', archived: false, latest: survey },
      },
    ]);
    expect(settled.retry).toEqual(['e']);
  });

  it('gives a refusal without a reason one, rather than an empty line', () => {
    const settled = settleBatch([visit('a', H1)], [{ id: 'a', status: 'rejected' }]);
    expect(settled.attention[0]?.error.message.en).toMatch(/without saying why/);
  });

  it('judges a duplicate by what happened the first time', () => {
    const reason = { code: 'visit.visit_in_future', message: { vi: 'x', en: 'y' } };
    const batch = [visit('a', H1), visit('b', H1), visit('c', H1)];
    const settled = settleBatch(batch, [
      { id: 'a', status: 'duplicate', originalStatus: 'applied', record: { id: 'v-a', version: 4 } },
      { id: 'b', status: 'duplicate', originalStatus: 'rejected', error: reason },
      { id: 'c', status: 'duplicate', originalStatus: 'rejected', resolution: 'kept_server', error: reason },
    ]);
    expect(settled.done.map((d) => d.item.id)).toEqual(['a', 'c']);
    expect(settled.attention.map((a) => [a.id, a.status, a.error.code])).toEqual([['b', 'rejected', 'visit.visit_in_future']]);
    // The one an officer settled by keeping the server's version changes nothing locally.
    expect(applyDone([household(H1)], settled.done).find((h) => h.id === H1)).toMatchObject({ version: 4, latest: { vneidUsers: 2 } });
  });

  it('moves an edit made on top of the phone’s own visit onto the version the visit produced', () => {
    const first = visit('a', H1);
    const edited = update('b', H1, 3);
    const done = [{ item: first, result: { id: 'a', status: 'applied' as const, record: { id: 'v-a', version: 4 } } }];
    expect(rebaseUpdates([edited], done)).toEqual([{ id: 'b', baseVersion: 4 }]);
    // A visit that moved no count gives no version, and nothing moves.
    expect(rebaseUpdates([edited], [{ item: first, result: { id: 'a', status: 'applied' as const, record: { id: 'v-a' } } }])).toEqual([]);
  });

  it('moves a later edit of the same household onto the version the phone’s own edit produced', () => {
    const first = update('a', H1, 3);
    const second = update('b', H1, 3, { members: 5 });
    const elsewhere = update('c', H1, 2);
    const done = [{ item: first, result: { id: 'a', status: 'applied' as const, record: { id: H1, version: 4 } } }];
    expect(rebaseUpdates([second, elsewhere], done)).toEqual([{ id: 'b', baseVersion: 4 }]);
  });

  it('follows the phone’s own changes one after the other, and stops where another phone wrote', () => {
    const edited = update('c', H1, 3);
    const applied = (item: OutboxItem, version: number) => ({ item, result: { id: item.id, status: 'applied' as const, record: { id: H1, version } } });
    expect(rebaseUpdates([edited], [applied(visit('a', H1), 4), applied(visit('b', H1), 5)])).toEqual([{ id: 'c', baseVersion: 5 }]);
    // Version 5 was someone else's: the edit goes as far as the phone's own visit, and the server judges it there.
    expect(rebaseUpdates([edited], [applied(visit('a', H1), 4), applied(visit('b', H1), 6)])).toEqual([{ id: 'c', baseVersion: 4 }]);
  });
});

describe('a household registered on the phone', () => {
  const register: OutboxItem = { ...base('r'), kind: 'household.register', payload: { id: H2, villageCode: '06625001', label: 'Hộ mới', survey } };
  const visited = visit('v', H2);
  const updated = update('u', H2, 0, { homeFtth: true });

  it('is sent before the visits recorded for it, in the same batch; an update of it waits for the next', () => {
    expect(nextBatch([register, visited, updated]).map((m) => m.id)).toEqual(['r', 'v']);
    // Once both are done, the update goes.
    expect(nextBatch([updated]).map((m) => m.id)).toEqual(['u']);
  });

  it('is listed at once, new and waiting, with its visit and its update laid over its first survey', () => {
    const views = householdViews([household(H1)], [register, visited, updated]);
    expect(views.find((v) => v.id === H2)).toMatchObject({ label: 'Hộ mới', version: 0, local: true, waiting: 3, latest: { homeFtth: true } });
    expect(visitsOf(H2, [], [register, visited]).map((v) => [v.id, v.state])).toEqual([['v-v', 'pending']]);
  });

  it('moves an update made before it was sent onto the versions its registration and visit produced', () => {
    const done = [
      { item: register, result: { id: 'r', status: 'applied' as const, record: { id: H2, version: 1 } } },
      { item: visited, result: { id: 'v', status: 'applied' as const, record: { id: 'v-v', version: 2 } } },
    ];
    expect(rebaseUpdates([updated], done)).toEqual([{ id: 'u', baseVersion: 2 }]);
    expect(applyDone([], done)).toEqual([expect.objectContaining({ id: H2, label: 'Hộ mới', version: 2, latest: expect.objectContaining({ vneidUsers: 2 }) })]);
  });
});

describe('the village on the phone', () => {
  it('lays unsent visits over the server’s copy, so a household’s needs change at once', () => {
    const views = householdViews([household(H1), household(H2)], [visit('a', H1)]);
    const h1 = views.find((v) => v.id === H1);
    expect(h1?.latest?.vneidUsers).toBe(2);
    expect(h1?.needs.map((n) => n.need)).toEqual(['epay', 'ehealth', 'banking', 'fibre']);
    expect(h1?.waiting).toBe(1);
    expect(views.find((v) => v.id === H2)?.needs.map((n) => n.need)).toEqual(['epay', 'vneid', 'ehealth', 'banking', 'fibre']);
  });

  it('leaves the survey and its day as they were for an unsent visit that changes no count', () => {
    const full = { ...survey, vneidUsers: 2 };
    const views = householdViews([household(H1, { latest: full })], [visit('a', H1)]);
    expect(views[0]?.latest).toEqual(full);
    expect(
      afterVisit(full, {
        visitedOn: '2025-08-01',
        activities: [
          { code: 'vneid_level2', people: 2 },
          { code: 'scam_awareness', people: 1 },
        ],
      }),
    ).toBe(full);
    expect(afterVisit(survey, { visitedOn: '2025-08-01', activities: [{ code: 'vneid_level2', people: 1 }] })).toEqual({
      ...survey,
      surveyedOn: '2025-08-01',
      vneidUsers: 1,
    });
  });

  it('keeps an unsent edit on screen over a newer pull', () => {
    const pulled = household(H1, { version: 5, latest: { ...survey, surveyedOn: '2025-07-20', members: 6 } });
    const views = householdViews([pulled], [update('a', H1, 3, { members: 2, adults: 2, epayAdults: 1, smartphoneOwners: 1, bankingUsers: 1 })]);
    expect(views[0]?.latest?.members).toBe(2);
    expect(views[0]?.version).toBe(5);
  });

  it('does not apply refused changes, but counts them on their household', () => {
    const views = householdViews([household(H1)], [visit('a', H1, { state: 'needs_attention' }), visit('b', H1, { state: 'fixed' })]);
    expect(views[0]?.latest?.vneidUsers).toBe(0);
    expect(views[0]?.attention).toBe(1);
    expect(views[0]?.waiting).toBe(0);
  });

  it('shows a household registered on the phone before the server knows it', () => {
    const register: OutboxItem = { ...base('r'), kind: 'household.register', payload: { id: H2, villageCode: '06625001', label: 'Hộ mới', survey } };
    const views = householdViews([household(H1)], [register]);
    expect(views.find((v) => v.id === H2)).toMatchObject({ label: 'Hộ mới', local: true, waiting: 1 });
  });

  it('folds what the server applied into its copy until the pull brings its own', () => {
    const done = [
      { item: visit('a', H1), result: { id: 'a', status: 'applied' as const } },
      { item: update('b', H2, 3, { homeFtth: true }), result: { id: 'b', status: 'applied' as const, record: { id: H2, version: 4 } } },
      { item: training('c'), result: { id: 'c', status: 'duplicate' as const } },
    ];
    const changed = applyDone([household(H1), household(H2)], done);
    expect(changed.find((h) => h.id === H1)?.latest?.vneidUsers).toBe(2);
    expect(changed.find((h) => h.id === H2)).toMatchObject({ version: 4, latest: { homeFtth: true } });
  });

  it('takes in the account’s refusals listed by the server, and lets go of those settled there', () => {
    const listed = (id: string): AttentionItem => ({
      id,
      kind: 'visit.record',
      status: 'rejected',
      payload: visit(id, H1).payload,
      error: { code: 'visit.people_exceed_members', message: { vi: 'x', en: 'y' } },
      server: null,
      account: { id: 'a1', username: 'doi.hindam', displayName: 'Tổ Hin Đăm' },
      deviceId: null,
      villageCode: '06625001',
      villageName: 'Hin Đăm',
      householdLabel: 'Hộ 001',
      parcelLabel: null,
      receivedAt: '2025-08-01T02:00:00Z',
      recordedAt: '2025-08-01T01:00:00Z',
    });
    const outbox = [
      visit('kept', H1, { state: 'needs_attention', recorded: true }),
      visit('settled', H1, { state: 'needs_attention', recorded: true }),
      visit('local', H1, { state: 'needs_attention', recorded: false }),
      visit('fixed', H1, { state: 'fixed', recorded: true }),
      visit('waiting', H1),
    ];
    const { add, remove } = reconcileAttention(outbox, [listed('kept'), listed('other-phone'), { ...listed('odd'), kind: 'unknown.kind' }], 'a1');
    expect(add.map((i) => [i.id, i.state, i.recorded, i.createdAt, i.lastError?.code])).toEqual([
      ['other-phone', 'needs_attention', true, '2025-08-01T01:00:00Z', 'visit.people_exceed_members'],
    ]);
    expect(remove).toEqual(['settled', 'fixed']);
    // A full list may have left some out: nothing is let go then.
    const full = Array.from({ length: ATTENTION_LIST_LIMIT }, (_, i) => listed(`x${i}`));
    expect(reconcileAttention(outbox, full, 'a1').remove).toEqual([]);
  });

  it('lists a household’s visits with the unsent ones, newest first, and counts the outbox', () => {
    const outbox = [visit('a', H1), visit('b', H1, { state: 'needs_attention' }), visit('c', H2), training('d'), visit('e', H1, { state: 'fixed' })];
    const server = [{ id: 'v-old', householdId: H1, visitedOn: '2025-06-01', activities: [{ code: 'ehealth', people: 1 }], residentsGuided: 0, note: null }];
    expect(visitsOf(H1, server, outbox).map((v) => [v.id, v.state])).toEqual([
      ['v-b', 'needs_attention'],
      ['v-a', 'pending'],
      ['v-old', 'server'],
    ]);
    expect(countOutbox(outbox)).toEqual({ waiting: 3, attention: 1 });
  });
});
