import { householdNeeds, isVisitActivity, surveyAfterVisit, type Need } from '../../../src/teams/fieldwork.rules.ts';
import type { MutationKind } from '../../../src/sync/sync.schema.ts';
import type {
  AttentionItem,
  LocalHousehold,
  LocalTraining,
  LocalVisit,
  MutationResult,
  OutboxItem,
  Problem,
  Survey,
  TrainingInput,
  VisitInput,
} from './field.types.ts';

/**
 * The sync's decisions, as pure functions: what to send next, what an answer means for each
 * mutation, how long to wait after a failure, and what the village looks like with the phone's
 * unsent changes laid over the server's copy. sync-client.ts does the I/O around them.
 */

/** Small batches: a request that fits in a few kilobytes survives one bar of signal. */
export const PUSH_BATCH = 20;
export const PUSH_TIMEOUT_MS = 20_000;
export const PULL_TIMEOUT_MS = 30_000;
export const PULL_LIMIT = 500;

const BACKOFF_FIRST_MS = 5_000;
const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Wait before retry number `failures` (1, 2, …): doubling from 5 s up to 5 min, with jitter so
 * that a whole commune's phones regaining signal at once do not all knock at the same second.
 * `random` is in [0, 1); the wait is between half and all of the doubled step.
 */
export function backoffDelay(failures: number, random: number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(step * (0.5 + random / 2));
}

/**
 * The wait before the next try: what the server asked for when it said (a busy server spreads its
 * phones out with Retry-After, and knows its load better than a phone does), within 1 s and the
 * backoff's cap; otherwise the backoff.
 */
export function retryDelay(failures: number, random: number, retryAfterMs: number | null): number {
  if (retryAfterMs === null) return backoffDelay(failures, random);
  return Math.min(BACKOFF_CAP_MS, Math.max(1_000, retryAfterMs));
}

/** The household a mutation is about, if any. */
export function householdOf(item: OutboxItem): string | null {
  switch (item.kind) {
    case 'visit.record':
    case 'household.update':
      return item.payload.householdId;
    case 'household.register':
      return item.payload.id;
    case 'training.record':
    case 'parcel.deliver':
    case 'parcel.fail':
    case 'route.reorder':
      return null;
  }
}

/** A household's survey after a visit, by the server's own rule; unknown activity codes count for nothing. */
export function afterVisit(latest: Survey, visit: Pick<VisitInput, 'visitedOn' | 'activities'>): Survey {
  return surveyAfterVisit(latest, { visitedOn: visit.visitedOn, activities: visit.activities.filter(isVisitActivity) }) ?? latest;
}

/** A visit or training the phone sent, as the server will list it in a pull. */
export const asPulledVisit = (visit: VisitInput): LocalVisit => ({ ...visit, note: visit.note ?? null });
export const asPulledTraining = (training: TrainingInput): LocalTraining => ({
  ...training,
  attendees: { ...training.attendees, byEthnicGroup: training.attendees.byEthnicGroup ?? null },
});

const bySeq = (a: OutboxItem, b: OutboxItem) => (a.seq ?? 0) - (b.seq ?? 0);

export const isWaiting = (item: OutboxItem) => item.state === 'pending' || item.state === 'sending';

/**
 * The next mutations to send, in the order they were saved. A household update waits for the
 * next batch when an earlier mutation of the batch touches the same household: that one may
 * change the household's version, and the update is rebased on it first (`rebaseUpdates`).
 * `sending` ones are included: they were in a request the app never heard back from.
 */
export function nextBatch(outbox: readonly OutboxItem[], max: number = PUSH_BATCH): OutboxItem[] {
  const batch: OutboxItem[] = [];
  const touched = new Set<string>();
  for (const item of outbox.filter(isWaiting).sort(bySeq)) {
    if (batch.length >= max) break;
    const household = householdOf(item);
    if (item.kind === 'household.update' && household && touched.has(household)) break;
    if (household) touched.add(household);
    batch.push(item);
  }
  return batch;
}

export interface Settlement {
  /** The server holds these (applied now, or earlier: duplicate): they leave the outbox. */
  done: { item: OutboxItem; result: MutationResult }[];
  /** Refused: kept, with the server's reason, until a person fixes or drops them. */
  attention: { id: string; status: 'rejected' | 'conflict'; error: Problem; server?: MutationResult['server'] | undefined }[];
  /** No answer for them in the response: sent again next time. */
  retry: string[];
}

const NO_REASON: Problem = {
  code: 'sync.no_reason',
  message: { vi: 'Máy chủ không nhận thay đổi này nhưng không cho biết lý do.', en: 'The server refused this change without saying why.' },
};

/**
 * What each answer of a push means for the mutation it answers; nothing is dropped without one.
 * A duplicate is judged by what happened the first time: a replay of a refusal nobody resolved
 * still needs attention (the first answer was lost on the way), one resolved since is settled.
 */
export function settleBatch(batch: readonly OutboxItem[], results: readonly MutationResult[]): Settlement {
  const answers = new Map(results.map((result) => [result.id, result]));
  const settlement: Settlement = { done: [], attention: [], retry: [] };
  for (const item of batch) {
    const result = answers.get(item.id);
    if (!result) {
      settlement.retry.push(item.id);
      continue;
    }
    const status = result.status === 'duplicate' && !result.resolution ? (result.originalStatus ?? 'applied') : result.status;
    if (status === 'rejected' || status === 'conflict') {
      settlement.attention.push({ id: item.id, status, error: result.error ?? NO_REASON, server: result.server });
    } else {
      settlement.done.push({ item, result });
    }
  }
  return settlement;
}

/** The household version a mutation the server applied produced, if it moved the household. */
function producedVersion({ item, result }: Settlement['done'][number]): { household: string; version: number } | null {
  const household = householdOf(item);
  const version = result.record?.version;
  if (!household || version === undefined || item.kind === 'training.record') return null;
  if (result.status === 'duplicate' && result.originalStatus !== 'applied') return null;
  return { household, version };
}

/**
 * Household updates still waiting that were edited on top of the phone's own change the server
 * just applied: they saw it on screen, so they move to the version it produced (one above the
 * version it was applied to) instead of conflicting with their own phone. An update based on any
 * other version (another phone wrote in between) is left alone for the server to judge.
 * Several of the phone's own changes of one household in a batch (a registration, then visits)
 * are followed one after the other, as far as they go unbroken: a household registered on the
 * phone is version 0 there, and its update follows the registration and the visits after it.
 */
export function rebaseUpdates(outbox: readonly OutboxItem[], done: Settlement['done']): { id: string; baseVersion: number }[] {
  /** Per household, each version the phone's own changes moved on from, to the one they produced. */
  const moves = new Map<string, Map<number, number>>();
  for (const entry of done) {
    const produced = producedVersion(entry);
    if (!produced) continue;
    const household = moves.get(produced.household) ?? new Map<number, number>();
    household.set(produced.version - 1, produced.version);
    moves.set(produced.household, household);
  }
  const rebased: { id: string; baseVersion: number }[] = [];
  for (const item of outbox) {
    if (item.kind !== 'household.update' || !isWaiting(item)) continue;
    const household = moves.get(item.payload.householdId);
    let version = item.payload.baseVersion;
    // Each step goes up a version, so this ends.
    for (let next = household?.get(version); next !== undefined; next = household?.get(version)) version = next;
    if (version !== item.payload.baseVersion) rebased.push({ id: item.id, baseVersion: version });
  }
  return rebased;
}

/**
 * The server's copy of the households after mutations it applied, until the next pull brings
 * its own word: so a household's needs do not flash back between the push and the pull.
 */
export function applyDone(households: readonly LocalHousehold[], done: Settlement['done']): LocalHousehold[] {
  const byId = new Map(households.map((h) => [h.id, h]));
  const changed = new Map<string, LocalHousehold>();
  for (const entry of done) {
    const { item, result } = entry;
    if (result.status === 'duplicate' && result.originalStatus && result.originalStatus !== 'applied') continue;
    const version = producedVersion(entry)?.version;
    if (item.kind === 'household.register') {
      const { id, villageCode, label, survey } = item.payload;
      changed.set(id, { id, villageCode, label, version: version ?? 1, archived: false, latest: survey });
      continue;
    }
    if (item.kind !== 'visit.record' && item.kind !== 'household.update') continue;
    const id = item.payload.householdId;
    const current = changed.get(id) ?? byId.get(id);
    if (!current) continue;
    if (item.kind === 'household.update') {
      changed.set(id, { ...current, latest: item.payload.survey, version: version ?? current.version });
    } else {
      changed.set(id, { ...current, latest: current.latest ? afterVisit(current.latest, item.payload) : null, version: version ?? current.version });
    }
  }
  return [...changed.values()];
}

/** The server lists at most this many of an account's open refusals in a pull. */
export const ATTENTION_LIST_LIMIT = 200;

/** As sync.schema.ts lists them; not imported from there, which would bring zod into the phone's bundle. */
const KINDS: readonly string[] = ['visit.record', 'training.record', 'household.update', 'household.register'] satisfies readonly MutationKind[];
const isKind = (kind: string): kind is OutboxItem['kind'] => KINDS.includes(kind);

/**
 * The account's open refusals as the server lists them on every pull, against the phone's:
 * one the phone does not have (sent from another phone, or before the app was reinstalled) joins
 * its list; one the server no longer lists was settled there (an officer kept the server's
 * version or applied the phone's, or a fix or drop reached it) and leaves the phone.
 */
export function reconcileAttention(
  outbox: readonly OutboxItem[],
  listed: readonly AttentionItem[],
  accountId: string,
): { add: OutboxItem[]; remove: string[] } {
  const known = new Map(outbox.map((item) => [item.id, item]));
  const open = new Set(listed.map((item) => item.id));
  const add: OutboxItem[] = [];
  for (const item of listed) {
    if (known.has(item.id) || !isKind(item.kind)) continue;
    add.push({
      id: item.id,
      kind: item.kind,
      payload: item.payload,
      accountId,
      createdAt: item.recordedAt ?? item.receivedAt,
      attempts: 0,
      lastError: item.error,
      state: 'needs_attention',
      status: item.status,
      server: item.server ?? undefined,
      recorded: true,
    } as OutboxItem);
  }
  // A full list may have left some out: then nothing can be concluded from an absence.
  const complete = listed.length < ATTENTION_LIST_LIMIT;
  const remove = complete
    ? outbox
        .filter((item) => item.recorded && (item.state === 'needs_attention' || item.state === 'fixed' || item.state === 'dropped') && !open.has(item.id))
        .map((item) => item.id)
    : [];
  return { add, remove };
}

export interface HouseholdView extends LocalHousehold {
  needs: { need: Need; people: number }[];
  /** Unsent changes laid over this household. */
  waiting: number;
  /** Refused changes of this household waiting for a person. */
  attention: number;
  /** Registered on this phone, not yet on the server. */
  local: boolean;
}

/**
 * The village as the phone shows it: the server's copy with every unsent change applied in the
 * order it was made. A pull replaces the server's copy only; an edit still in the outbox stays on
 * screen over it until the server has answered for it.
 */
export function householdViews(households: readonly LocalHousehold[], outbox: readonly OutboxItem[]): HouseholdView[] {
  const views = new Map<string, HouseholdView>(households.map((h) => [h.id, { ...h, needs: [], waiting: 0, attention: 0, local: false }]));
  for (const item of [...outbox].sort(bySeq)) {
    const id = householdOf(item);
    if (!id) continue;
    if (item.state === 'needs_attention') {
      const view = views.get(id);
      if (view) view.attention += 1;
      continue;
    }
    if (!isWaiting(item)) continue;
    if (item.kind === 'household.register') {
      const { villageCode, label, survey } = item.payload;
      const known = views.get(id);
      views.set(
        id,
        known
          ? { ...known, waiting: known.waiting + 1 }
          : { id, villageCode, label, version: 0, archived: false, latest: survey, needs: [], waiting: 1, attention: 0, local: true },
      );
      continue;
    }
    const view = views.get(id);
    if (!view) continue;
    view.waiting += 1;
    if (item.kind === 'household.update') view.latest = item.payload.survey;
    else if (item.kind === 'visit.record' && view.latest) view.latest = afterVisit(view.latest, item.payload);
  }
  const result = [...views.values()];
  for (const view of result) view.needs = view.latest ? householdNeeds(view.latest) : [];
  return result;
}

/** A household's visits, the server's and the phone's unsent ones, newest first. */
export interface VisitView extends LocalVisit {
  state: 'server' | 'pending' | 'needs_attention';
}

export function visitsOf(householdId: string, visits: readonly LocalVisit[], outbox: readonly OutboxItem[]): VisitView[] {
  const list: VisitView[] = visits.filter((v) => v.householdId === householdId).map((v) => ({ ...v, state: 'server' }));
  const known = new Set(list.map((v) => v.id));
  for (const item of outbox) {
    if (item.kind !== 'visit.record' || item.payload.householdId !== householdId || known.has(item.payload.id)) continue;
    const visit = asPulledVisit(item.payload);
    if (isWaiting(item)) list.push({ ...visit, state: 'pending' });
    else if (item.state === 'needs_attention') list.push({ ...visit, state: 'needs_attention' });
  }
  return list.sort((a, b) => (a.visitedOn === b.visitedOn ? b.id.localeCompare(a.id) : b.visitedOn.localeCompare(a.visitedOn)));
}

export interface OutboxCounts {
  waiting: number;
  attention: number;
}

export function countOutbox(outbox: readonly OutboxItem[]): OutboxCounts {
  let waiting = 0;
  let attention = 0;
  for (const item of outbox) {
    if (isWaiting(item)) waiting += 1;
    else if (item.state === 'needs_attention') attention += 1;
  }
  return { waiting, attention };
}
