import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Engine } from '../src/platform/database.ts';
import { createOutbox, publishEvent } from '../src/platform/outbox.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { createJobRunner, enqueueJob } from '../src/jobs/index.ts';

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * How fast the outbox hands events on and the runner works through jobs, each handler one small
 * idempotent insert, with one and with two dispatchers; and what an idle poll round costs (the
 * price of polling every second on the embedded engine's one connection).
 */
export async function benchBackgroundWork(engine: Engine, options = { events: 4_000, jobs: 2_000 }) {
  const handle = await openTestDatabase(engine);
  const { db } = handle;
  try {
    await sql`create table bench_effect (key text primary key)`.execute(db);
    const effect = (key: string) => sql`insert into bench_effect (key) values (${key}) on conflict do nothing`.execute(db).then(() => undefined);
    const outbox = (dispatchers: number) =>
      Array.from({ length: dispatchers }, () => {
        const one = createOutbox({ batchSize: 50 });
        one.registerEventHandler('order.paid', 'parcel', async (event) => effect(`parcel:${event.id}`));
        return one;
      });
    const drain = (rounds: Array<() => Promise<number>>) =>
      Promise.all(
        rounds.map(async (round) => {
          while ((await round()) > 0);
        }),
      );

    const publishMs = await timed(async () => {
      for (let i = 0; i < options.events; i += 1) await db.transaction().execute((tx) => publishEvent(tx, 'order.paid', { orderId: i }, '20'));
    });
    const oneDispatcherMs = await timed(() => drain(outbox(1).map((o) => () => o.dispatchDueEvents(db))));
    for (let i = 0; i < options.events; i += 1) await publishEvent(db, 'order.paid', { orderId: i }, '20');
    const twoDispatchersMs = await timed(() => drain(outbox(2).map((o) => () => o.dispatchDueEvents(db))));
    const idleDispatch = outbox(1)[0]!;
    const idleDispatchMs =
      (await timed(async () => {
        for (let i = 0; i < 100; i += 1) await idleDispatch.dispatchDueEvents(db);
      })) / 100;

    const runner = createJobRunner({ provinceCode: '20', batchSize: 20 });
    runner.registerJobHandler('make-parcel', async (job) => effect(`job:${job.id}`));
    for (let i = 0; i < options.jobs; i += 1) await enqueueJob(db, { name: 'make-parcel', payload: { orderId: i }, provinceCode: '20' });
    const jobsMs = await timed(() => drain([() => runner.runDueJobs(db)]));
    const idleJobsMs =
      (await timed(async () => {
        for (let i = 0; i < 100; i += 1) await runner.runDueJobs(db);
      })) / 100;

    return {
      engine,
      events: options.events,
      publishPerSecond: perSecond(options.events, publishMs),
      eventsPerSecondOneDispatcher: perSecond(options.events, oneDispatcherMs),
      eventsPerSecondTwoDispatchers: perSecond(options.events, twoDispatchersMs),
      idleDispatchRoundMs: Number(idleDispatchMs.toFixed(2)),
      jobs: options.jobs,
      jobsPerSecond: perSecond(options.jobs, jobsMs),
      idleJobRoundMs: Number(idleJobsMs.toFixed(2)),
    };
  } finally {
    await handle.close();
  }
}
