/** The tables audit owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Timestamp } from '../platform/schema.ts';

export interface AuditEntryTable {
  id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  org_unit_code: string | null;
  province_code: string | null;
  outcome: 'ok' | 'denied';
  before: unknown;
  after: unknown;
}

declare module '../platform/schema.ts' {
  interface Database {
    audit_entry: AuditEntryTable;
  }
}
