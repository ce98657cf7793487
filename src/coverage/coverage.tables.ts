/** The tables coverage owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Timestamp } from '../platform/schema.ts';

export type Technology = '2G' | '3G' | '4G' | '5G';

export type Quality = 'none' | 'unstable' | 'stable';

export interface OperatorTable {
  code: string;
  name: string;
  created_at: Timestamp;
}

export interface MobileCoverageTable {
  id: string;
  province_code: string;
  village_code: string;
  operator_code: string;
  technology: Technology;
  quality: Quality;
  observed_on: string;
  note: string | null;
  recorded_at: Timestamp;
  recorded_by: string | null;
}

export interface FixedBroadbandTable {
  id: string;
  province_code: string;
  village_code: string;
  operator_code: string;
  fiber_reaches: boolean;
  ftth_available: boolean;
  observed_on: string;
  note: string | null;
  recorded_at: Timestamp;
  recorded_by: string | null;
}

export interface CommuneFiberTable {
  id: string;
  province_code: string;
  commune_code: string;
  operator_code: string;
  has_point_of_presence: boolean;
  observed_on: string;
  recorded_at: Timestamp;
  recorded_by: string | null;
}

export interface SubscriberReportTable {
  id: string;
  province_code: string;
  org_unit_code: string;
  operator_code: string;
  reported_on: string;
  smartphone_subscribers: number;
  recorded_at: Timestamp;
}

/** A village's coverage at the end of each year one of its records was observed in (migration 0017, kept by triggers). */
export interface CoverageVillageStateTable {
  village_code: string;
  year: number;
  /** The best technology with stable quality, as its generation (4 for 4G); 0 when none. */
  best_stable: number;
  fiber_reaches: boolean;
  operators: { operatorCode: string; technology: string; quality: string }[] | null;
}

declare module '../platform/schema.ts' {
  interface Database {
    operator: OperatorTable;
    mobile_coverage: MobileCoverageTable;
    fixed_broadband: FixedBroadbandTable;
    commune_fiber: CommuneFiberTable;
    subscriber_report: SubscriberReportTable;
    coverage_village_state: CoverageVillageStateTable;
  }
}
