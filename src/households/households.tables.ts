/** The tables households owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Defaulted, Timestamp } from '../platform/schema.ts';

export interface HouseholdTable {
  id: string;
  province_code: string;
  village_code: string;
  label: string;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: Date | null;
  /** The id of the transaction that last wrote the row (xid8, as text): the sync pull cursor. */
  change_txid: Defaulted<string>;
}

export interface HouseholdSurveyTable {
  id: string;
  province_code: string;
  household_id: string;
  village_code: string;
  surveyed_on: string;
  members: number;
  adults: number;
  smartphone_owners: number;
  epay_adults: number;
  home_ftth: boolean;
  vneid_users: number;
  ehealth_users: number;
  banking_users: number;
  recorded_at: Timestamp;
  recorded_by: string | null;
}

declare module '../platform/schema.ts' {
  interface Database {
    household: HouseholdTable;
    household_survey: HouseholdSurveyTable;
  }
}
