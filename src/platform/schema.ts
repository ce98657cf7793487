import type { ColumnType } from 'kysely';

/** A column the database fills on insert (a default) but that can be set explicitly. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric columns: numbers in, numbers out (see the type parsers in database.ts). */
type Decimal = ColumnType<number, number | string, number | string>;

export type OrgUnitKind = 'tinh' | 'xa' | 'phuong' | 'thon' | 'ban' | 'khoi_pho';
export type Role = 'province_admin' | 'commune_officer' | 'team_member' | 'telecom_operator' | 'seller' | 'courier';
export type Technology = '2G' | '3G' | '4G' | '5G';
export type Quality = 'none' | 'unstable' | 'stable';

export interface OrgUnitTable {
  code: string;
  parent_code: string | null;
  level: number;
  kind: OrgUnitKind;
  name: string;
  full_name: string;
  name_en: string | null;
  search_name: string;
  /** Vietnamese collation as a byte-ordered key: order by it with `collate "C"`. */
  sort_key: string;
  path: string;
  province_code: string;
  is_demo: Defaulted<boolean>;
  area_km2: Decimal | null;
  population: number | null;
  latitude: Decimal | null;
  longitude: Decimal | null;
  ethnic_groups: Defaulted<string[]>;
  details: Defaulted<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

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

export interface AccountTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: Defaulted<boolean>;
  created_at: Timestamp;
  disabled_at: Date | null;
}

export interface RoleAssignmentTable {
  id: string;
  account_id: string;
  role: Role;
  org_unit_code: string;
  scope_path: string;
  province_code: string;
  created_at: Timestamp;
}

export interface SessionTable {
  token_hash: string;
  account_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
}

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

export interface DataValueTable {
  data_element: string;
  period: string;
  org_unit_code: string;
  province_code: string;
  value: Decimal;
  leaves: number;
  updated_at: Timestamp;
}

export interface IndicatorTable {
  code: string;
  name_vi: string;
  name_en: string;
  definition_vi: string;
  definition_en: string;
  reference: string | null;
  numerator: string;
  denominator: string | null;
  factor: number;
  decimals: number;
  higher_is_better: boolean;
  time_aggregation: 'stock' | 'flow';
  module: string;
  sort_order: Defaulted<number>;
  updated_at: Timestamp;
}

export interface TargetTable {
  id: string;
  indicator_code: string;
  org_unit_code: string;
  province_code: string;
  year: number;
  value: Decimal;
  baseline_year: number;
  baseline_value: Decimal | null;
  source: string | null;
  updated_at: Timestamp;
}

export interface ValidationRuleTable {
  code: string;
  left_side: string;
  operator: '<=' | '<' | '=' | '>=' | '>';
  right_side: string;
  description_vi: string;
  description_en: string;
  updated_at: Timestamp;
}

export interface ValidationViolationTable {
  rule_code: string;
  org_unit_code: string;
  period: string;
  left_value: Decimal;
  right_value: Decimal;
  found_at: Timestamp;
}

/** Counters bumped by triggers whenever what a cached read depends on changes (see migration 0005). */
export interface ReadVersionTable {
  name: 'indicator_catalogue' | 'indicator_values';
  version: number;
}

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

export interface Database {
  read_version: ReadVersionTable;
  data_value: DataValueTable;
  indicator: IndicatorTable;
  target: TargetTable;
  validation_rule: ValidationRuleTable;
  validation_violation: ValidationViolationTable;
  org_unit: OrgUnitTable;
  operator: OperatorTable;
  mobile_coverage: MobileCoverageTable;
  fixed_broadband: FixedBroadbandTable;
  commune_fiber: CommuneFiberTable;
  subscriber_report: SubscriberReportTable;
  household: HouseholdTable;
  household_survey: HouseholdSurveyTable;
  account: AccountTable;
  role_assignment: RoleAssignmentTable;
  session: SessionTable;
  audit_entry: AuditEntryTable;
  team: TeamTable;
  team_member: TeamMemberTable;
  training: TrainingTable;
  support_visit: SupportVisitTable;
  sync_device: SyncDeviceTable;
  sync_mutation: SyncMutationTable;
}

