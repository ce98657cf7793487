import type { Db } from '../platform/database.ts';
import { authorize, homeProvince, type Actor } from '../accounts/index.ts';
import { listJobs as listJobRows } from './job.repository.ts';
import { presentJob } from './job.presenter.ts';
import type { JobList, JobListQuery } from './job.schema.ts';

/** The province's background jobs, newest first: an administrator's view of what runs by itself. */
export async function listJobs(db: Db, actor: Actor | null, query: JobListQuery): Promise<JobList> {
  const province = await homeProvince(db, actor);
  await authorize(db, actor, 'job:manage', province, { entity: 'job' });
  const states = query.state ? [query.state] : (['queued', 'running', 'failed'] as const);
  const { total, items } = await listJobRows(db, province.province_code, states, query);
  return { total, items: items.map(presentJob) };
}
