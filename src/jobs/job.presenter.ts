import type { Selectable } from 'kysely';
import type { JobTable } from './jobs.tables.ts';
import type { Job } from './job.schema.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function presentJob(row: Selectable<JobTable>): Job {
  const nextAttemptAt = row.state === 'queued' ? row.run_at : row.state === 'running' ? row.locked_until : null;
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    nextAttemptAt: iso(nextAttemptAt),
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: iso(row.finished_at),
  };
}
