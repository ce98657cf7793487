/** The tables territory owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Decimal, Defaulted, Timestamp } from '../platform/schema.ts';

export type OrgUnitKind = 'tinh' | 'thanh_pho' | 'xa' | 'phuong' | 'dac_khu' | 'thon' | 'ban' | 'khoi_pho';

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

declare module '../platform/schema.ts' {
  interface Database {
    org_unit: OrgUnitTable;
  }
}
