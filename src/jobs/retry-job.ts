import type { Db } from '../platform/database.ts';
import { conflict, notFound } from '../platform/errors.ts';
import { authorize, homeProvince, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findJob, requeueJob } from './job.repository.ts';
import { presentJob } from './job.presenter.ts';
import type { Job } from './job.schema.ts';

const jobNotFound = (id: string) => notFound('job.not_found', { vi: 'Không tìm thấy việc chạy nền này.', en: `There is no background job ${id}.` }, 'id');

const notRetryable = (state: string) =>
  conflict(
    'job.not_retryable',
    {
      vi: state === 'running' ? 'Việc này đang chạy; chỉ chạy lại được việc lỗi hoặc đang chờ.' : 'Việc này đã xong; chỉ chạy lại được việc lỗi hoặc đang chờ.',
      en: `This job is ${state}; only a failed or queued job can be run again.`,
    },
    'id',
  );

/**
 * Runs a failed job again with its full number of attempts, or a queued one now rather than at
 * the end of its backoff. Audited: an administrator set work going.
 */
export async function retryJob(db: Db, actor: Actor | null, id: string): Promise<Job> {
  const province = await homeProvince(db, actor);
  const allowed = await authorize(db, actor, 'job:manage', province, { entity: 'job', entityId: id });
  return db.transaction().execute(async (tx) => {
    const before = await findJob(tx, id);
    if (!before || before.province_code !== province.province_code) throw jobNotFound(id);
    const after = await requeueJob(tx, id, new Date());
    if (!after) throw notRetryable(before.state);
    await recordAudit(tx, allowed, 'job:retry', 'job', {
      entityId: id,
      unit: province,
      before: { name: before.name, state: before.state, attempts: before.attempts, lastError: before.last_error },
      after: { state: after.state, attempts: after.attempts },
    });
    return presentJob(after);
  });
}
