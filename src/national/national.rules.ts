import type { LinkStatus } from './national.tables.ts';

/** A value as a province sends it (DHIS2 dataValueSets: the value is text). */
export interface ExchangedValue {
  dataElement: string;
  orgUnit: string;
  period: string;
  value: string;
}

/**
 * The values a pull may keep, or why it may keep none: a province speaks for its own units only,
 * so one value for a unit outside it (another province's, or one the nation does not know)
 * refuses the whole answer, as does a value that is not a number; nothing of it is written.
 */
export function checkProvinceValues(values: readonly ExchangedValue[], ownedUnits: ReadonlySet<string>): { foreignUnits: string[]; badValues: number } {
  const foreign = new Set<string>();
  let badValues = 0;
  for (const v of values) {
    if (!ownedUnits.has(v.orgUnit)) foreign.add(v.orgUnit);
    if (v.value.trim() === '' || !Number.isFinite(Number(v.value))) badValues += 1;
  }
  return { foreignUnits: [...foreign].sort(), badValues };
}

export interface Freshness {
  status: LinkStatus;
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  /** True when the values shown are not the province's current ones: the last pull failed, or none succeeded for two of its periods. */
  stale: boolean;
  lastError: string | null;
}

/** How current a province's values are at `now`. */
export function freshnessOf(
  link: { status: LinkStatus; last_success_at: Date | null; last_attempt_at: Date | null; every_minutes: number; last_error: string | null },
  now: Date,
): Freshness {
  const tooOld = link.last_success_at === null || now.getTime() - link.last_success_at.getTime() > 2 * link.every_minutes * 60_000;
  return {
    status: link.status,
    lastSyncAt: link.last_success_at?.toISOString() ?? null,
    lastAttemptAt: link.last_attempt_at?.toISOString() ?? null,
    stale: link.status !== 'ok' || tooOld,
    lastError: link.last_error,
  };
}

/** Whether a link is due for a pull at `now`: never tried, or its period has passed since the last attempt. */
export const isDue = (link: { last_attempt_at: Date | null; every_minutes: number }, now: Date): boolean =>
  link.last_attempt_at === null || now.getTime() - link.last_attempt_at.getTime() >= link.every_minutes * 60_000;

/** Sums of each data element over the provinces that have values: a province without any adds nothing, never a zero. */
export function sumProvinces(values: readonly { data_element: string; value: number }[]): (dataElement: string) => number | null {
  const sums = new Map<string, number>();
  for (const v of values) sums.set(v.data_element, (sums.get(v.data_element) ?? 0) + Number(v.value));
  return (dataElement) => sums.get(dataElement) ?? null;
}
