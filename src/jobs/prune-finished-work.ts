import type { Db } from '../platform/database.ts';
import { deleteHandledEvents } from '../platform/outbox.repository.ts';
import { deleteDoneJobs } from './job.repository.ts';

/** Done jobs and handled events stay 30 days, long enough to look into a complaint, then go. */
const KEPT_DAYS = 30;

export async function pruneFinishedWork(db: Db, now: Date): Promise<{ jobs: number; events: number }> {
  const before = new Date(now.getTime() - KEPT_DAYS * 24 * 3_600_000);
  return { jobs: await deleteDoneJobs(db, before), events: await deleteHandledEvents(db, before) };
}
