// The jobs module's public face: queue a job in your transaction, register a handler when the app
// is composed, and the administrators' routes.
export { enqueueJob, type JobRequest } from './enqueue-job.ts';
export { createJobRunner, type ClaimedJob, type JobHandler, type JobRunner, type JobRunnerOptions } from './job-runner.ts';
export { pruneFinishedWork } from './prune-finished-work.ts';
export { registerJobRoutes } from './job.routes.ts';
export type { Job, JobList } from './job.schema.ts';
