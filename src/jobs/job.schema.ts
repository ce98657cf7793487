import { z } from 'zod';

export const jobState = z.enum(['queued', 'running', 'done', 'failed']);

/** A job as the administrators' page shows it: what it is, how it went, what comes next. */
export const job = z.object({
  id: z.string(),
  name: z.string().describe('What the job does, e.g. prune-outbox'),
  state: jobState,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('ISO 8601: when a queued job runs, or when a running job is taken back if its process died'),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof job>;

export const jobListQuery = z.object({
  state: jobState.optional().describe('One state; without it, the jobs that need watching: queued, running and failed'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type JobListQuery = z.infer<typeof jobListQuery>;

export const jobList = z.object({ total: z.number().int(), items: z.array(job) });
export type JobList = z.infer<typeof jobList>;
