import { useState } from 'preact/hooks';
import type { Job, JobList } from '../../../src/jobs/job.schema.ts';
import { isRetryable } from '../../../src/jobs/job.rules.ts';
import { isProvinceAdmin, useSession } from '../accounts/session.ts';
import { api, withQuery } from '../platform/api.ts';
import { formatDateTime, formatNumber, NO_VALUE } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading, Pager, useTitle } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import { useSave } from '../platform/use-save.ts';
import { jobsEn, jobsVi } from './jobs.i18n.ts';
import './jobs.css';

addMessages(jobsVi, jobsEn);

const JOBS_PAGE = 50;
const FILTERS = ['watch', 'queued', 'running', 'failed', 'done'] as const;
type Filter = (typeof FILTERS)[number];

/** What runs by itself, and what failed and waits for a person: for the province's administrators. */
export function JobsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('jobs.title'));
  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">{t('jobs.title')}</h1>
      <p class="lead">{t('jobs.lead')}</p>
      {me === undefined && <Loading />}
      {me === null && (
        <div class="notice notice-info">
          <p>{t('jobs.login')}</p>
          <Link class="button button-secondary" href={paths.login(paths.jobs())}>
            {t('nav.login')}
          </Link>
        </div>
      )}
      {me && !isProvinceAdmin(me) && (
        <div class="notice notice-info">
          <p>{t('jobs.forbidden')}</p>
        </div>
      )}
      {isProvinceAdmin(me) && <JobsTable />}
    </section>
  );
}

function JobsTable() {
  const { t, text } = useI18n();
  const [filter, setFilter] = useState<Filter>('watch');
  const [offset, setOffset] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const page = useApi<JobList>(withQuery('/api/jobs', { state: filter === 'watch' ? undefined : filter, limit: JOBS_PAGE, offset }), { keepPrevious: true });
  const retry = useSave((message) => {
    setDone(message);
    page.reload();
  });
  const runAgain = (job: Job) =>
    retry.run(async () => {
      await api.post<Job>(`/api/jobs/${job.id}/retry`);
      return t('jobs.retried', { name: job.name });
    });
  const choose = (next: Filter) => {
    setFilter(next);
    setOffset(0);
    setDone(null);
  };
  return (
    <>
      <div class="field jobs-filter">
        <label for="jobs-filter">{t('jobs.show')}</label>
        <select id="jobs-filter" value={filter} onChange={(event) => choose(event.currentTarget.value as Filter)}>
          {FILTERS.map((option) => (
            <option key={option} value={option}>
              {t(`jobs.filter.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <div role="status">{done && <p class="notice notice-info">{done}</p>}</div>
      {retry.error && (
        <div class="notice notice-error" role="alert">
          <p>{text(retry.error.text)}</p>
        </div>
      )}
      {page.error && <ErrorNotice error={page.error} onRetry={page.reload} />}
      {!page.error && !page.data && <Loading lines={6} />}
      {page.data?.total === 0 && <Empty>{t('jobs.none')}</Empty>}
      {page.data && page.data.total > 0 && (
        <>
          <TableBox id="jobs-caption" title={t('jobs.caption', { total: formatNumber(page.data.total) })} busy={page.loading} tableClass="table-jobs">
            <thead>
              <tr>
                <th scope="col">{t('jobs.name')}</th>
                <th scope="col">{t('jobs.state')}</th>
                <th scope="col">{t('jobs.attempts')}</th>
                <th scope="col">{t('jobs.next')}</th>
                <th scope="col">{t('jobs.last_error')}</th>
                <th scope="col">{t('jobs.created')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('jobs.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((job) => (
                <tr key={job.id}>
                  <td>
                    <code>{job.name}</code>
                  </td>
                  <td>
                    <span class={job.state === 'failed' ? 'badge badge-denied' : job.state === 'done' ? 'badge badge-ok' : 'badge badge-muted'}>
                      {t(`jobs.state.${job.state}`)}
                    </span>
                  </td>
                  <td class="num">{t('jobs.attempts_of', { attempts: formatNumber(job.attempts), max: formatNumber(job.maxAttempts) })}</td>
                  <td class="nowrap">{job.nextAttemptAt ? <time dateTime={job.nextAttemptAt}>{formatDateTime(job.nextAttemptAt)}</time> : NO_VALUE}</td>
                  <td>{job.lastError ?? NO_VALUE}</td>
                  <td class="nowrap">
                    <time dateTime={job.createdAt}>{formatDateTime(job.createdAt)}</time>
                  </td>
                  <td>
                    {isRetryable(job.state) && (
                      <button type="button" class="button button-secondary" disabled={retry.busy} onClick={() => runAgain(job)}>
                        {retry.busy ? t('jobs.retrying') : t(job.state === 'failed' ? 'jobs.retry' : 'jobs.retry_now')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableBox>
          <Pager total={page.data.total} offset={offset} limit={JOBS_PAGE} onOffset={setOffset} label={t('pager.label', { what: t('jobs.title') })} />
        </>
      )}
    </>
  );
}
