/** The tables jobs owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Defaulted, Timestamp } from '../platform/schema.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobTable {
  id: string;
  name: string;
  payload: unknown;
  province_code: string;
  state: Defaulted<JobState>;
  attempts: Defaulted<number>;
  max_attempts: number;
  run_at: Timestamp;
  locked_until: Date | null;
  locked_by: string | null;
  unique_key: string | null;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

declare module '../platform/schema.ts' {
  interface Database {
    job: JobTable;
  }
}
