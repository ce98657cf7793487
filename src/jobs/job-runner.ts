import type { Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { DEFAULT_BACKOFF, errorText, later, retryDelayMs, type Backoff } from '../platform/retry.rules.ts';
import { enqueueJob } from './enqueue-job.ts';
import { claimDueJobs, failAbandonedJobs, failAttempt, finishJob } from './job.repository.ts';

/** What a handler is handed: the job's payload to parse, and which attempt this is (from 1). */
export interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  provinceCode: string;
  attempt: number;
}

/**
 * Does one job. A job can run more than once (a retry after a failure, or after its process died
 * mid-way), so a handler must be safe to run again on the same payload.
 */
export type JobHandler = (job: ClaimedJob, db: Db) => Promise<void>;

export interface JobRunnerOptions {
  /** The province this installation serves: recurring jobs are queued for it. */
  provinceCode: string;
  clock?: () => Date;
  /** How long a claimed job is this runner's: a job must finish well within it. */
  leaseMs?: number;
  batchSize?: number;
  backoff?: Backoff;
  random?: () => number;
}

export interface JobRunner {
  registerJobHandler(name: string, handler: JobHandler): void;
  /** A job queued once per period of `everyMinutes`, whichever process gets there first. */
  registerRecurringJob(name: string, everyMinutes: number, handler: JobHandler): void;
  /** Queues the recurring jobs due, then runs the due jobs it can take; returns how many it ran. */
  runDueJobs(db: Db): Promise<number>;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { provinceCode, clock = () => new Date(), leaseMs = 5 * 60_000, batchSize = 10, backoff = DEFAULT_BACKOFF, random = Math.random } = options;
  // Each process has its own name, so only the runner holding a job's lease can close it.
  const runner = newId();
  const handlers = new Map<string, JobHandler>();
  const recurring = new Map<string, { everyMs: number; queuedFor: number }>();

  async function queueRecurring(db: Db, now: Date): Promise<void> {
    for (const [name, schedule] of recurring) {
      const periodStart = Math.floor(now.getTime() / schedule.everyMs) * schedule.everyMs;
      if (schedule.queuedFor === periodStart) continue;
      const runAt = new Date(periodStart);
      await enqueueJob(db, { name, provinceCode, runAt, uniqueKey: `${name}@${runAt.toISOString()}` });
      schedule.queuedFor = periodStart;
    }
  }

  async function run(db: Db, job: ClaimedJob, maxAttempts: number): Promise<void> {
    const handler = handlers.get(job.name);
    try {
      if (!handler) throw new Error(`No handler for job ${job.name}`);
      await handler(job, db);
    } catch (error) {
      const retryAt = job.attempt < maxAttempts ? later(clock(), retryDelayMs(job.attempt, backoff, random)) : null;
      return failAttempt(db, job.id, runner, { error: errorText(error), retryAt, now: clock() });
    }
    await finishJob(db, job.id, runner, clock());
  }

  function register(name: string, handler: JobHandler): void {
    if (handlers.has(name)) throw new Error(`Job handler ${name} is registered twice`);
    handlers.set(name, handler);
  }

  return {
    registerJobHandler: register,
    registerRecurringJob(name, everyMinutes, handler) {
      register(name, handler);
      recurring.set(name, { everyMs: everyMinutes * 60_000, queuedFor: -1 });
    },
    async runDueJobs(db) {
      const now = clock();
      await queueRecurring(db, now);
      await failAbandonedJobs(db, now);
      const claimed = await claimDueJobs(db, { names: [...handlers.keys()], now, leaseUntil: later(now, leaseMs), runner, limit: batchSize });
      for (const row of claimed) {
        await run(db, { id: row.id, name: row.name, payload: row.payload, provinceCode: row.province_code, attempt: row.attempts }, row.max_attempts);
      }
      return claimed.length;
    },
  };
}
