/** The tables teams owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Defaulted, Timestamp } from '../platform/schema.ts';

export type Sex = 'female' | 'male';

export interface TeamTable {
  id: string;
  province_code: string;
  village_code: string;
  name: string;
  contact_phone: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  change_txid: Defaulted<string>;
}

export interface TeamMemberTable {
  id: string;
  team_id: string;
  province_code: string;
  village_code: string;
  display_name: string;
  sex: Sex;
  is_leader: Defaulted<boolean>;
  joined_on: string;
  trained_on: string | null;
  left_on: string | null;
  account_id: string | null;
  created_at: Timestamp;
  change_txid: Defaulted<string>;
}

export interface TrainingTable {
  id: string;
  province_code: string;
  village_code: string;
  held_on: string;
  topic: string;
  place: string;
  trainer: string;
  attendees: number;
  attendees_female: number;
  attendees_male: number;
  attendees_under_15: number;
  attendees_15_to_29: number;
  attendees_30_to_59: number;
  attendees_60_plus: number;
  attendees_by_ethnic_group: Record<string, number> | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
  change_txid: Defaulted<string>;
}

export interface SupportVisitTable {
  id: string;
  province_code: string;
  village_code: string;
  household_id: string;
  visited_on: string;
  vneid_level1: Defaulted<number>;
  vneid_level2: Defaulted<number>;
  ehealth: Defaulted<number>;
  banking_app: Defaulted<number>;
  epay_account: Defaulted<number>;
  scam_awareness: Defaulted<number>;
  other: Defaulted<number>;
  residents_guided: number;
  note: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
  change_txid: Defaulted<string>;
}

declare module '../platform/schema.ts' {
  interface Database {
    team: TeamTable;
    team_member: TeamMemberTable;
    training: TrainingTable;
    support_visit: SupportVisitTable;
  }
}
