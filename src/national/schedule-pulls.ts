import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { enqueueJob, type JobHandler } from '../jobs/index.ts';
import { FIRST_YEAR, yearsFrom } from '../indicators/index.ts';
import { listLinks } from './national.repository.ts';
import { isDue } from './national.rules.ts';
import { pullProvince } from './pull-province.ts';

export const PULL_JOB = 'national.pull';
export const SCHEDULE_JOB = 'national.schedule-pulls';

/** One pull job per province whose period has passed; a province's jobs never pile up (one per attempt slot). */
export async function schedulePulls(db: Db, now: Date): Promise<number> {
  let queued = 0;
  for (const link of await listLinks(db)) {
    if (!isDue(link, now)) continue;
    const slot = Math.floor(now.getTime() / (link.every_minutes * 60_000));
    const { created } = await enqueueJob(db, {
      name: PULL_JOB,
      payload: { province: link.province_code },
      provinceCode: link.province_code,
      uniqueKey: `${PULL_JOB}:${link.province_code}:${slot}`,
      maxAttempts: 1,
    });
    if (created) queued += 1;
  }
  return queued;
}

/**
 * Pulls one province. A failed pull is recorded on the link and is not a failed job: the next
 * scheduled pull is the retry, and the dashboard shows the province stale meanwhile.
 */
export const pullJob: JobHandler = async (job, db) => {
  const { province } = z.object({ province: z.string() }).parse(job.payload);
  await pullProvince(db, province, yearsFrom(FIRST_YEAR).map(String));
};
