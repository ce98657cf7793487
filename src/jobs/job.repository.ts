import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { dueNow } from '../platform/sql-time.ts';
import type { JobState } from './jobs.tables.ts';
import { RETRYABLE_STATES } from './job.rules.ts';

export interface NewJob {
  id: string;
  name: string;
  payload: unknown;
  provinceCode: string;
  runAt?: Date | undefined;
  uniqueKey?: string | undefined;
  maxAttempts: number;
}

/** False when a job with the same unique key exists already (it is then left as it is). */
export async function insertJob(db: Db, job: NewJob): Promise<boolean> {
  const result = await db
    .insertInto('job')
    .values({
      id: job.id,
      name: job.name,
      payload: JSON.stringify(job.payload),
      province_code: job.provinceCode,
      run_at: job.runAt ?? dueNow(),
      unique_key: job.uniqueKey ?? null,
      max_attempts: job.maxAttempts,
    })
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Takes up to `limit` jobs this process has handlers for: those due, and those whose runner's lease
 * ran out (its process stopped mid-job) with attempts left. SKIP LOCKED lets two runners claim at
 * once without waiting on, or taking, each other's rows.
 */
export async function claimDueJobs(db: Db, claim: { names: readonly string[]; now: Date; leaseUntil: Date; runner: string; limit: number }) {
  if (claim.names.length === 0) return [];
  return db
    .updateTable('job')
    .set({ state: 'running', attempts: sql`attempts + 1`, locked_until: claim.leaseUntil, locked_by: claim.runner })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('job')
        .select('id')
        .where('name', 'in', claim.names)
        .where((w) =>
          w.or([
            w.and([w('state', '=', 'queued'), w('run_at', '<=', claim.now)]),
            w.and([w('state', '=', 'running'), w('locked_until', '<=', claim.now), w('attempts', '<', w.ref('max_attempts'))]),
          ]),
        )
        .orderBy('run_at')
        .limit(claim.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

/** A job whose every attempt ended with its process (the lease ran out each time) has failed. */
export async function failAbandonedJobs(db: Db, now: Date): Promise<void> {
  await db
    .updateTable('job')
    .set({
      state: 'failed',
      locked_until: null,
      finished_at: now,
      last_error: 'The process running it stopped before it finished / Tiến trình chạy việc đã dừng trước khi xong',
    })
    .where('state', '=', 'running')
    .where('locked_until', '<=', now)
    .where('attempts', '>=', (eb) => eb.ref('max_attempts'))
    .execute();
}

/** Only the runner holding the lease closes the job: one whose lease ran out may have been retaken. */
export async function finishJob(db: Db, id: string, runner: string, now: Date): Promise<void> {
  await db
    .updateTable('job')
    .set({ state: 'done', finished_at: now, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('locked_by', '=', runner)
    .where('state', '=', 'running')
    .execute();
}

/** A failed attempt: queued again at `retryAt`, or failed for good when there is none. */
export async function failAttempt(db: Db, id: string, runner: string, failure: { error: string; retryAt: Date | null; now: Date }): Promise<void> {
  await db
    .updateTable('job')
    .set({
      state: failure.retryAt ? 'queued' : 'failed',
      run_at: failure.retryAt ?? sql<Date>`run_at`,
      finished_at: failure.retryAt ? null : failure.now,
      locked_until: null,
      last_error: failure.error,
    })
    .where('id', '=', id)
    .where('locked_by', '=', runner)
    .where('state', '=', 'running')
    .execute();
}

export async function listJobs(db: Db, provinceCode: string, states: readonly JobState[], page: { limit: number; offset: number }) {
  const query = db.selectFrom('job').where('province_code', '=', provinceCode).where('state', 'in', states);
  const [items, total] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items };
}

export async function findJob(db: Db, id: string) {
  return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A failed job gets its full number of attempts again; a queued one waiting to retry goes now. */
export async function requeueJob(db: Db, id: string, now: Date) {
  return db
    .updateTable('job')
    .set({ state: 'queued', run_at: now, finished_at: null, attempts: sql`case when state = 'failed' then 0 else attempts end` })
    .where('id', '=', id)
    .where('state', 'in', RETRYABLE_STATES)
    .returningAll()
    .executeTakeFirst();
}

/** Done jobs are kept a while for the administrators' page, then removed; failed ones wait for a person. */
export async function deleteDoneJobs(db: Db, finishedBefore: Date): Promise<number> {
  const result = await db.deleteFrom('job').where('state', '=', 'done').where('finished_at', '<', finishedBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}
