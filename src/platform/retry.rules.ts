/** The wait before a failed job or event is tried again: short at first, then ever longer. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 10_000, maxMs: 60 * 60_000 };

/**
 * Exponential backoff with jitter: the first retry after about `firstMs`, each next one about twice
 * as late, never beyond `maxMs`. Half of each wait is random, so that many failures with one cause
 * (a provider down for an hour) do not all come back at the same moment.
 */
export function retryDelayMs(attempt: number, backoff: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

export const later = (now: Date, ms: number): Date => new Date(now.getTime() + ms);

/** What is kept of an error: its message, bounded, whatever was thrown. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
