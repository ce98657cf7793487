import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { requireActor } from '../accounts/index.ts';
import { job, jobList, jobListQuery } from './job.schema.ts';
import { listJobs } from './list-jobs.ts';
import { retryJob } from './retry-job.ts';

export function registerJobRoutes(app: HttpServer, db: Db): void {
  const tags = ['jobs'];
  app.get('/api/jobs', {
    schema: {
      tags,
      summary: 'Background jobs of the province, newest first (province administrators)',
      querystring: jobListQuery,
      response: { 200: jobList, ...errorResponses },
    },
    handler: async (req) => listJobs(db, requireActor(req), req.query),
  });
  app.post('/api/jobs/:id/retry', {
    schema: {
      tags,
      summary: 'Run a failed job again with all its attempts, or a queued one now (province administrators; audited)',
      params: z.object({ id: z.uuid() }),
      response: { 200: job, ...errorResponses, 409: errorResponses[400] },
    },
    handler: async (req) => retryJob(db, requireActor(req), req.params.id),
  });
}
