/** The tables national owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Decimal, Defaulted, Timestamp } from '../platform/schema.ts';

export type LinkStatus = 'never' | 'ok' | 'unreachable' | 'refused';

/** A province server the national instance pulls from, and how the last pull went. */
export interface NationalLinkTable {
  province_code: string;
  base_url: string;
  /** Sent to the province as a bearer token; the province compares it with its own BANSO_EXCHANGE_TOKEN. */
  token: string;
  timeout_ms: Defaulted<number>;
  every_minutes: Defaulted<number>;
  status: Defaulted<LinkStatus>;
  last_attempt_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  value_count: Defaulted<number>;
  created_at: Timestamp;
}

/** A province's aggregated value as last pulled: replaced whole at each good pull, kept through failed ones. */
export interface NationalValueTable {
  province_code: string;
  org_unit_code: string;
  data_element: string;
  period: string;
  value: Decimal;
  pulled_at: Date;
}

declare module '../platform/schema.ts' {
  interface Database {
    national_link: NationalLinkTable;
    national_value: NationalValueTable;
  }
}
