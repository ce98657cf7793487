import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '../platform/database.ts';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';
import { enqueueJob } from './enqueue-job.ts';
import { createJobRunner, type JobRunnerOptions } from './job-runner.ts';

describe.each(testEngines())('the job runner on %s', (engine) => {
  let handle: DatabaseHandle;
  let db: Db;
  // The runners' clock runs ahead of the database's by `ahead` ms: the way to reach a run time or a lease's end.
  let ahead = 0;
  const options: JobRunnerOptions = {
    provinceCode: '20',
    clock: () => new Date(Date.now() + ahead),
    leaseMs: 60_000,
    random: () => 0,
    backoff: { firstMs: 60_000, maxMs: 120_000 },
  };

  beforeAll(async () => {
    handle = await openTestDatabase(engine);
    db = handle.db;
  });
  beforeEach(async () => {
    ahead = 0;
    await db.deleteFrom('job').execute();
  });
  afterAll(() => handle?.close());

  const jobRow = (id: string) => db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('runs a due job once, and a scheduled one only when its time comes', async () => {
    const runner = createJobRunner(options);
    const ran: unknown[] = [];
    runner.registerJobHandler('send-reminder', async (job) => void ran.push(job.payload));
    const now = await enqueueJob(db, { name: 'send-reminder', payload: { village: '06625001' }, provinceCode: '20' });
    const later = await enqueueJob(db, {
      name: 'send-reminder',
      payload: { village: '06376001' },
      provinceCode: '20',
      runAt: new Date(Date.now() + 3_600_000),
    });
    expect(await runner.runDueJobs(db)).toBe(1);
    expect(await runner.runDueJobs(db)).toBe(0);
    expect(await jobRow(now.id)).toMatchObject({ state: 'done', attempts: 1, locked_until: null });
    expect((await jobRow(later.id)).state).toBe('queued');
    ahead = 2 * 3_600_000;
    expect(await runner.runDueJobs(db)).toBe(1);
    expect(ran).toEqual([{ village: '06625001' }, { village: '06376001' }]);
  });

  it('never queues a job whose transaction rolled back', async () => {
    await db
      .transaction()
      .execute(async (tx) => {
        await enqueueJob(tx, { name: 'send-reminder', provinceCode: '20' });
        throw new Error('the write failed');
      })
      .catch(() => undefined);
    expect(await db.selectFrom('job').selectAll().execute()).toEqual([]);
  });

  it('retries a failing job later and later, then marks it failed with its last error', async () => {
    const runner = createJobRunner(options);
    runner.registerJobHandler('call-provider', async (job) => {
      throw new Error(`provider down (attempt ${job.attempt})`);
    });
    const { id } = await enqueueJob(db, { name: 'call-provider', provinceCode: '20', maxAttempts: 3 });
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      expect(await runner.runDueJobs(db)).toBe(1);
      const row = await jobRow(id);
      expect(row).toMatchObject({ state: 'queued', attempts: attempt, last_error: `provider down (attempt ${attempt})` });
      expect(new Date(row.run_at).getTime()).toBeGreaterThan(Date.now() + ahead);
      expect(await runner.runDueJobs(db)).toBe(0);
      ahead += 5 * 60_000;
    }
    expect(await runner.runDueJobs(db)).toBe(1);
    expect(await jobRow(id)).toMatchObject({ state: 'failed', attempts: 3, last_error: 'provider down (attempt 3)' });
    expect(await runner.runDueJobs(db)).toBe(0);
  });

  it('takes back, after a restart, the job of a process that died running it', async () => {
    let finishFirst = () => {};
    const crashed = createJobRunner(options);
    crashed.registerJobHandler('rebuild-village', () => new Promise<void>((resolve) => (finishFirst = resolve)));
    const { id } = await enqueueJob(db, { name: 'rebuild-village', provinceCode: '20' });
    const stuck = crashed.runDueJobs(db);
    await expect.poll(async () => (await jobRow(id)).state).toBe('running');

    const restarted = createJobRunner(options);
    let runs = 0;
    restarted.registerJobHandler('rebuild-village', async () => void (runs += 1));
    expect(await restarted.runDueJobs(db)).toBe(0);
    ahead = 2 * 60_000;
    expect(await restarted.runDueJobs(db)).toBe(1);
    expect(runs).toBe(1);
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 2 });

    // The first process's late finish changes nothing: the job is no longer its to close.
    finishFirst();
    await stuck;
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('fails a job whose every attempt died with its process', async () => {
    const crashed = createJobRunner(options);
    crashed.registerJobHandler('rebuild-village', () => new Promise<void>(() => {}));
    const { id } = await enqueueJob(db, { name: 'rebuild-village', provinceCode: '20', maxAttempts: 1 });
    void crashed.runDueJobs(db);
    await expect.poll(async () => (await jobRow(id)).state).toBe('running');
    ahead = 2 * 60_000;
    const restarted = createJobRunner(options);
    restarted.registerJobHandler('rebuild-village', async () => {});
    expect(await restarted.runDueJobs(db)).toBe(0);
    expect(await jobRow(id)).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('keeps one job per unique key, and one recurring job per period across processes', async () => {
    const first = await enqueueJob(db, { name: 'expire-reservations', provinceCode: '20', uniqueKey: 'expire-reservations@10:01' });
    const again = await enqueueJob(db, { name: 'expire-reservations', provinceCode: '20', uniqueKey: 'expire-reservations@10:01' });
    expect([first.created, again.created]).toEqual([true, false]);

    let runs = 0;
    const runners = [createJobRunner(options), createJobRunner(options)];
    for (const runner of runners) runner.registerRecurringJob('prune', 24 * 60, async () => void (runs += 1));
    await Promise.all(runners.map((runner) => runner.runDueJobs(db)));
    await Promise.all(runners.map((runner) => runner.runDueJobs(db)));
    expect(runs).toBe(1);
    expect(await db.selectFrom('job').select('state').where('name', '=', 'prune').execute()).toEqual([{ state: 'done' }]);
  });

  it('never runs one job twice at once when two runners claim together', async () => {
    const running = new Set<string>();
    const runsOf = new Map<string, number>();
    let overlaps = 0;
    const runners = [createJobRunner({ ...options, batchSize: 3 }), createJobRunner({ ...options, batchSize: 3 })];
    for (const runner of runners) {
      runner.registerJobHandler('count', async (job) => {
        if (running.has(job.id)) overlaps += 1;
        running.add(job.id);
        await new Promise((resolve) => setImmediate(resolve));
        runsOf.set(job.id, (runsOf.get(job.id) ?? 0) + 1);
        running.delete(job.id);
      });
    }
    for (let i = 0; i < 30; i += 1) await enqueueJob(db, { name: 'count', provinceCode: '20' });
    await Promise.all(
      runners.map(async (runner) => {
        while ((await runner.runDueJobs(db)) > 0);
      }),
    );
    expect(overlaps).toBe(0);
    expect(runsOf.size).toBe(30);
    expect([...runsOf.values()].every((n) => n === 1)).toBe(true);
  });
});
