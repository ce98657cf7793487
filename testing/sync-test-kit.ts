import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { newId } from '../src/platform/ids.ts';
import { todayInVietnam } from '../src/platform/dates.ts';
import type { TestApp, TestSession } from './test-app.ts';
import type { Survey } from '../src/households/household.schema.ts';
import type { Actor } from '../src/accounts/access.policy.ts';
import { resolveSession } from '../src/accounts/sessions.ts';
import type { MutationResult, PullResponse } from '../src/sync/sync.schema.ts';
import { readPullHorizon } from '../src/sync/sync.repository.ts';

/** Builders and helpers the sync tests share: mutations as a phone makes them, pushes and pulls. */

/** A day `n` days before today in Vietnam: field work cannot be dated in the future. */
export function daysAgo(n: number, today = todayInVietnam()): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - n);
  return date.toISOString().slice(0, 10);
}

export const baseSurvey = (overrides: Partial<Survey> = {}): Survey => ({
  surveyedOn: daysAgo(30),
  members: 6,
  adults: 4,
  smartphoneOwners: 4,
  epayAdults: 1,
  homeFtth: false,
  vneidUsers: 1,
  ehealthUsers: 0,
  bankingUsers: 0,
  ...overrides,
});

export interface Mutation {
  id: string;
  kind: string;
  payload: unknown;
  recordedAt?: string;
  supersedes?: string;
}

export function visitMutation(householdId: string, overrides: Record<string, unknown> = {}): Mutation {
  return {
    id: newId(),
    kind: 'visit.record',
    payload: { id: newId(), householdId, visitedOn: daysAgo(2), activities: [{ code: 'vneid_level1', people: 1 }], residentsGuided: 1, ...overrides },
    recordedAt: new Date().toISOString(),
  };
}

export function trainingMutation(villageCode: string, overrides: Record<string, unknown> = {}): Mutation {
  return {
    id: newId(),
    kind: 'training.record',
    payload: {
      id: newId(),
      villageCode,
      heldOn: daysAgo(3),
      topic: 'vneid',
      place: 'Nhà văn hóa thôn',
      trainer: 'Tổ công nghệ số',
      attendees: { total: 10, female: 6, male: 4, byAge: { under15: 0, from15to29: 3, from30to59: 5, from60: 2 } },
      ...overrides,
    },
  };
}

export function updateMutation(householdId: string, baseVersion: number, survey: Survey): Mutation {
  return { id: newId(), kind: 'household.update', payload: { householdId, baseVersion, survey } };
}

export function registerMutation(villageCode: string, label: string, survey: Survey = baseSurvey()): Mutation {
  return { id: newId(), kind: 'household.register', payload: { id: newId(), villageCode, label, survey } };
}

export function push(t: TestApp, session: TestSession, mutations: readonly unknown[], deviceId: string = DEVICE): Promise<LightMyRequestResponse> {
  return t.as(session, 'POST', '/api/sync/push', { deviceId, appVersion: '1.0.0', mutations });
}

/** Pushes and expects an answer per mutation. */
export async function pushOk(t: TestApp, session: TestSession, mutations: readonly unknown[], deviceId: string = DEVICE): Promise<MutationResult[]> {
  const res = await push(t, session, mutations, deviceId);
  expect(res.statusCode, res.body).toBe(200);
  const { results } = res.json() as { results: MutationResult[] };
  expect(results).toHaveLength(mutations.length);
  return results;
}

export async function pull(t: TestApp, session: TestSession, query: Record<string, string | number> = {}): Promise<PullResponse> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await t.as(session, 'GET', `/api/sync/pull?${search}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PullResponse;
}

export const DEVICE = '0190f3a0-0000-7000-8000-00000000d001';

/** Registers households through the REST API; returns their ids in order. */
export async function addHouseholds(
  t: TestApp,
  session: TestSession,
  villageCode: string,
  labels: readonly string[],
  survey: Survey = baseSurvey(),
): Promise<string[]> {
  const ids: string[] = [];
  for (const label of labels) {
    const res = await t.as(session, 'POST', `/api/villages/${villageCode}/households`, { label, survey });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
  }
  return ids;
}

type Counted = 'support_visit' | 'training' | 'sync_mutation' | 'household' | 'sync_device' | 'audit_entry';

export async function count(t: TestApp, table: Counted): Promise<number> {
  const row = await t.handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The actor behind a test session, to call use cases directly. */
export async function actorOf(t: TestApp, session: TestSession): Promise<Actor> {
  const resolved = await resolveSession(t.handle.db, session.cookie.slice(session.cookie.indexOf('=') + 1), 12);
  if (!resolved) throw new Error('no live session');
  return resolved.actor;
}

export interface PulledAll {
  pages: PullResponse[];
  households: PullResponse['households'];
  visits: PullResponse['visits'];
  trainings: PullResponse['trainings'];
  teamMembers: PullResponse['teamMembers'];
  team: PullResponse['team'];
  cursor: string;
}

/**
 * Waits until every transaction that ended before now is below the pull horizon, so the next pulls
 * hand out settled rows only, each exactly once, and no recent row rides along. On the server a
 * transaction still open anywhere (another test file's) holds the horizon back a while.
 */
export async function waitUntilSettled(t: TestApp): Promise<void> {
  const { rows } = await sql<{ now: string }>`select pg_current_xact_id()::text as now`.execute(t.handle.db);
  const mark = BigInt(rows[0]!.now);
  const giveUpAt = Date.now() + 120_000;
  while (Date.now() < giveUpAt) {
    if (BigInt(await readPullHorizon(t.handle.db)) > mark) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the pull horizon did not pass the last write in two minutes (a transaction left open?)');
}

/**
 * Pulls page after page from `cursor` until a page says there is no more and `until` holds.
 * On the server, a transaction still open anywhere on it (another test file's, say) holds back
 * the pull horizon for a while, by design: recent rows ride along, and come again once settled,
 * so a row may appear twice. The pull is repeated a bounded number of times.
 */
export async function pullAll(
  t: TestApp,
  session: TestSession,
  query: Record<string, string | number> = {},
  until: (pulled: PulledAll) => boolean = () => true,
): Promise<PulledAll> {
  const all: PulledAll = { pages: [], households: [], visits: [], trainings: [], teamMembers: [], team: null, cursor: '' };
  let cursor = query.cursor === undefined ? undefined : String(query.cursor);
  const giveUpAt = Date.now() + 60_000;
  while (Date.now() < giveUpAt) {
    const page = await pull(t, session, { ...query, ...(cursor ? { cursor } : {}) });
    all.pages.push(page);
    all.households.push(...page.households);
    all.visits.push(...page.visits);
    all.trainings.push(...page.trainings);
    all.teamMembers.push(...page.teamMembers);
    all.team = page.team ?? all.team;
    all.cursor = cursor = page.cursor;
    if (page.more) continue;
    if (until(all)) return all;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the pull never showed what was expected (the horizon held back for a minute, or the rows are lost)');
}

/**
 * Closes the app and drops its database. On the server, the pool reports its connections closed
 * before they are, and dropping the database then cuts the ones still closing; with no listener
 * the pool turns that into an uncaught error. Those errors are expected here, and only here.
 */
export async function closeTestApp(t: TestApp | undefined): Promise<void> {
  if (!t) return;
  t.handle.pool?.on('error', () => undefined);
  await t.close();
}
