import type { JobState } from './jobs.tables.ts';

/** A failed job can run again, and a queued one can go now; a running or done job cannot. */
export const RETRYABLE_STATES = ['queued', 'failed'] as const satisfies readonly JobState[];

export const isRetryable = (state: JobState): boolean => (RETRYABLE_STATES as readonly JobState[]).includes(state);
