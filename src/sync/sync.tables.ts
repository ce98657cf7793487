/** The tables sync owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Timestamp } from '../platform/schema.ts';

export interface SyncDeviceTable {
  id: string;
  account_id: string;
  province_code: string;
  village_code: string | null;
  app_version: string | null;
  first_seen_at: Timestamp;
  last_sync_at: Timestamp;
}

export type SyncStatus = 'applied' | 'rejected' | 'conflict';

export interface SyncMutationTable {
  id: string;
  account_id: string;
  device_id: string | null;
  province_code: string;
  village_code: string | null;
  kind: string;
  payload: unknown;
  status: SyncStatus;
  result: unknown;
  received_at: Timestamp;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: 'kept_server' | 'applied_phone' | 'fixed_by_phone' | null;
}

declare module '../platform/schema.ts' {
  interface Database {
    sync_device: SyncDeviceTable;
    sync_mutation: SyncMutationTable;
  }
}
