/** The tables indicators owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Decimal, Defaulted, Timestamp } from '../platform/schema.ts';

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

/** A write's change to a unit above its leaves, folded into `data_value` at its commit (migration 0026). */
export type ValueDeltaTable = Omit<DataValueTable, 'updated_at'>;

/** A unit and period whose values a commit's fold changed, for the validation rules to be checked there. */
export interface ValidationRecheckTable {
  org_unit_code: string;
  period: string;
}

declare module '../platform/schema.ts' {
  interface Database {
    data_value: DataValueTable;
    value_delta: ValueDeltaTable;
    validation_recheck: ValidationRecheckTable;
    indicator: IndicatorTable;
    target: TargetTable;
    validation_rule: ValidationRuleTable;
    validation_violation: ValidationViolationTable;
  }
}
