import type { Survey } from '../../../src/households/household.schema.ts';
import type { AttentionItem, Device, Resolution } from '../../../src/sync/sync.schema.ts';
import { SURVEY_FIELDS } from '../households/survey.rules.ts';

/**
 * The pure part of the officers' review of phone sync: the two versions of a conflict side by side,
 * the list grouped by village, which resolutions to offer, how long a phone has been silent.
 */

export type ReviewTab = 'activity' | 'attention' | 'devices';
export const REVIEW_TABS: readonly ReviewTab[] = ['activity', 'attention', 'devices'];

export const parseTab = (value: string | null): ReviewTab => ((REVIEW_TABS as readonly string[]).includes(value ?? '') ? (value as ReviewTab) : 'activity');

/** The choices for "silent for N days"; 7 is the overview API's own default, so a bare URL agrees with it. */
export const STALE_DAY_CHOICES = [3, 7, 14, 30] as const;
export const DEFAULT_STALE_DAYS = 7;

/** Only the offered choices: a hand-edited `?days=` must not make the selector show a value it has no option for. */
export function parseStaleDays(value: string | null): number {
  const days = Number(value);
  return (STALE_DAY_CHOICES as readonly number[]).includes(days) ? days : DEFAULT_STALE_DAYS;
}

/** The survey's fields in the register's order, the day first: the rows of the comparison. */
export const COMPARED_FIELDS = ['surveyedOn', ...SURVEY_FIELDS] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface FieldComparison {
  field: ComparedField;
  phone: Survey[ComparedField] | null;
  server: Survey[ComparedField] | null;
  differs: boolean;
}

/**
 * Every field of both versions, each marked when they differ. A side that is missing (a household
 * never surveyed, a payload that is not a survey) differs wherever the other side has a value.
 */
export function compareSurveys(phone: Survey | null, server: Survey | null): FieldComparison[] {
  return COMPARED_FIELDS.map((field) => {
    const a = phone?.[field] ?? null;
    const b = server?.[field] ?? null;
    return { field, phone: a, server: b, differs: a !== b };
  });
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The survey a phone sent with an update or a registration; anything else carries none. */
export function phoneSurvey(item: Pick<AttentionItem, 'kind' | 'payload'>): Survey | null {
  if (item.kind !== 'household.update' && item.kind !== 'household.register') return null;
  if (!isRecord(item.payload) || !isRecord(item.payload.survey)) return null;
  const survey = item.payload.survey;
  // The payload is whatever the phone sent (it may be what the server refused): only a survey's shape is shown as one.
  const complete = COMPARED_FIELDS.every((field) =>
    field === 'surveyedOn' ? typeof survey[field] === 'string' : field === 'homeFtth' ? typeof survey[field] === 'boolean' : typeof survey[field] === 'number',
  );
  return complete ? (survey as unknown as Survey) : null;
}

/** The version the phone edited: with the server's, it tells the officer how far behind the phone was. */
export function phoneBaseVersion(item: Pick<AttentionItem, 'kind' | 'payload'>): number | null {
  if (item.kind !== 'household.update' || !isRecord(item.payload)) return null;
  return typeof item.payload.baseVersion === 'number' ? item.payload.baseVersion : null;
}

/**
 * What an officer may choose (resolve-mutation.ts): applying the phone's version only makes sense
 * for a household update in conflict, the server re-applies nothing else; keeping the server's
 * (dropping the phone's change) fits every item. `fixed_by_phone` belongs to the account that sent it.
 */
export function resolutionsFor(item: Pick<AttentionItem, 'kind' | 'status'>): Resolution[] {
  return item.status === 'conflict' && item.kind === 'household.update' ? ['applied_phone', 'kept_server'] : ['kept_server'];
}

export interface VillageGroup<T> {
  code: string | null;
  name: string | null;
  items: T[];
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** By village, villages A to Z, items unfiled last; within a village the oldest first, the first to fix. */
export function groupByVillage<T extends Pick<AttentionItem, 'villageCode' | 'villageName' | 'receivedAt'>>(items: readonly T[]): VillageGroup<T>[] {
  const groups = new Map<string, VillageGroup<T>>();
  for (const item of items) {
    const key = item.villageCode ?? '';
    const group = groups.get(key) ?? { code: item.villageCode, name: item.villageName, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  for (const group of groups.values()) group.items.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  return [...groups.values()].sort((a, b) => (a.code === null ? 1 : b.code === null ? -1 : collator.compare(a.name ?? a.code, b.name ?? b.code)));
}

/** Open items per phone: what each phone still has waiting on an officer or on its own user. */
export function countByDevice(items: readonly Pick<AttentionItem, 'deviceId'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) if (item.deviceId) counts.set(item.deviceId, (counts.get(item.deviceId) ?? 0) + 1);
  return counts;
}

/** Silent for `days` days or more: the overview counts a phone the same way (read-team-activity.ts). */
export const isSilent = (device: Pick<Device, 'daysSinceSync'>, days: number): boolean => device.daysSinceSync >= days;

export type Elapsed = { unit: 'now' } | { unit: 'minutes' | 'hours' | 'days'; count: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago, in the largest whole unit; a clock a little ahead of the server's reads as "just now", not in the future. */
export function elapsedSince(iso: string, now: Date): Elapsed {
  const ms = now.getTime() - new Date(iso).getTime();
  if (!Number.isFinite(ms) || ms < MINUTE) return { unit: 'now' };
  if (ms < HOUR) return { unit: 'minutes', count: Math.floor(ms / MINUTE) };
  if (ms < DAY) return { unit: 'hours', count: Math.floor(ms / HOUR) };
  return { unit: 'days', count: Math.floor(ms / DAY) };
}

/** A short, stable name for a phone: its id is a UUID nobody reads, its last characters tell two phones apart. */
export const phoneName = (deviceId: string | null): string | null => (deviceId ? deviceId.slice(-6).toUpperCase() : null);
