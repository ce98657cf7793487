import type { Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { insertJob } from './job.repository.ts';

export interface JobRequest {
  name: string;
  payload?: unknown;
  provinceCode: string;
  /** Not before this time (a scheduled job); now when unset. */
  runAt?: Date | undefined;
  /** At most one job ever has this key: asking again is a no-op (one `expire-reservations` per minute). */
  uniqueKey?: string | undefined;
  maxAttempts?: number | undefined;
}

/**
 * Queues a job, in the caller's transaction when given one: the job exists if and only if the
 * write that asked for it was committed. `created` is false when the unique key was taken.
 */
export async function enqueueJob(db: Db, request: JobRequest): Promise<{ id: string; created: boolean }> {
  const id = newId();
  const created = await insertJob(db, { ...request, id, payload: request.payload ?? {}, maxAttempts: request.maxAttempts ?? 5 });
  return { id, created };
}
