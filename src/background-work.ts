import type { Db } from './platform/database.ts';
import { createOutbox, type Outbox } from './platform/outbox.ts';
import { startPollLoop, type PollLoop } from './platform/poll-loop.ts';
import { createJobRunner, pruneFinishedWork, type JobRunner } from './jobs/index.ts';
import { expireUnpaidOrders } from './orders/index.ts';
import { TRANSFER_RECEIVED, type TransferReceived } from './payments/index.ts';
import { settleShopTransfer } from './settle-shop-transfer.ts';
import { pullJob, PULL_JOB, SCHEDULE_JOB, schedulePulls } from './national/index.ts';
import { PLAN_DAY_JOB, planDayJob, requestParcelFromOrder, settleCodTransfer } from './delivery/index.ts';
import { checkPendingValidation } from './indicators/index.ts';

export interface BackgroundWork {
  outbox: Outbox;
  jobs: JobRunner;
}

/**
 * What the server does besides answering requests, composed here like the routes in app.ts: each
 * module registers its event handlers (`outbox.registerEventHandler`) and its jobs
 * (`jobs.registerJobHandler`) in this one place, and the platform imports none of them.
 */
export function composeBackgroundWork(provinceCode: string): BackgroundWork {
  const outbox = createOutbox();
  const jobs = createJobRunner({ provinceCode });
  jobs.registerRecurringJob('prune-finished-work', 24 * 60, async (_job, db) => void (await pruneFinishedWork(db, new Date())));
  jobs.registerRecurringJob('expire-order-reservations', 5, async (_job, db) => void (await expireUnpaidOrders(db, new Date())));
  outbox.registerEventHandler(TRANSFER_RECEIVED, 'shop-orders', (event, db) => settleShopTransfer(db, event.payload as TransferReceived));
  // A COD parcel paid at the door by VietQR turns paid when its transfer arrives.
  outbox.registerEventHandler(TRANSFER_RECEIVED, 'delivery-cod', (event, db) => settleCodTransfer(db, event.payload as TransferReceived));
  // The national instance's pulls from the province servers it is linked to (none: nothing to do).
  jobs.registerRecurringJob(SCHEDULE_JOB, 1, async (_job, db) => void (await schedulePulls(db, new Date())));
  jobs.registerJobHandler(PULL_JOB, pullJob);
  jobs.registerJobHandler(PLAN_DAY_JOB, planDayJob);
  // An order to be brought by a courier becomes a parcel, once however often it is told.
  outbox.registerEventHandler('order.delivery-requested', 'delivery', async (event, db) => void (await requestParcelFromOrder(db, event.payload)));
  return { outbox, jobs };
}

/**
 * Three poll loops, one per kind of work (docs/decisions/0016): the outbox every second, because
 * an event's handler should act soon after the write; the jobs every five, since a job has a time;
 * the validation rules above the leaves every second (decision 0052), once a second however many
 * writes came, since each check covers every unit they changed.
 */
export function startBackgroundWork(db: Db, work: BackgroundWork): PollLoop {
  const loops = [
    startPollLoop('outbox', () => work.outbox.dispatchDueEvents(db), 1_000),
    startPollLoop('jobs', () => work.jobs.runDueJobs(db), 5_000),
    startPollLoop(
      'validation',
      async () => {
        await checkPendingValidation(db);
        return 0;
      },
      1_000,
    ),
  ];
  return { stop: async () => void (await Promise.all(loops.map((loop) => loop.stop()))) };
}
