import type { Db } from '../platform/database.ts';
import type { CommuneFiberTable, FixedBroadbandTable, MobileCoverageTable, SubscriberReportTable } from './coverage.tables.ts';
import { insertByColumns, type ColumnTypes, type RowOf } from '../platform/bulk-insert.ts';

/** Coverage rows written by the thousand, as they are stored (the demo province, imports): one statement a table. */

const MOBILE_COVERAGE = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  operator_code: 'text',
  technology: 'text',
  quality: 'text',
  observed_on: 'date',
  note: 'text',
} as const satisfies ColumnTypes<MobileCoverageTable>;

const FIXED_BROADBAND = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  operator_code: 'text',
  fiber_reaches: 'bool',
  ftth_available: 'bool',
  observed_on: 'date',
} as const satisfies ColumnTypes<FixedBroadbandTable>;

const COMMUNE_FIBER = {
  id: 'uuid',
  province_code: 'text',
  commune_code: 'text',
  operator_code: 'text',
  has_point_of_presence: 'bool',
  observed_on: 'date',
} as const satisfies ColumnTypes<CommuneFiberTable>;

const SUBSCRIBER_REPORT = {
  id: 'uuid',
  province_code: 'text',
  org_unit_code: 'text',
  operator_code: 'text',
  reported_on: 'date',
  smartphone_subscribers: 'int4',
} as const satisfies ColumnTypes<SubscriberReportTable>;

export type NewMobileCoverage = RowOf<MobileCoverageTable, typeof MOBILE_COVERAGE>;
export type NewFixedBroadband = RowOf<FixedBroadbandTable, typeof FIXED_BROADBAND>;
export type NewCommuneFiber = RowOf<CommuneFiberTable, typeof COMMUNE_FIBER>;
export type NewSubscriberReport = RowOf<SubscriberReportTable, typeof SUBSCRIBER_REPORT>;

export const insertMobileCoverage = (db: Db, rows: readonly NewMobileCoverage[]) => insertByColumns(db, 'mobile_coverage', MOBILE_COVERAGE, rows);
export const insertFixedBroadband = (db: Db, rows: readonly NewFixedBroadband[]) => insertByColumns(db, 'fixed_broadband', FIXED_BROADBAND, rows);
export const insertCommuneFiber = (db: Db, rows: readonly NewCommuneFiber[]) => insertByColumns(db, 'commune_fiber', COMMUNE_FIBER, rows);
export const insertSubscriberReports = (db: Db, rows: readonly NewSubscriberReport[]) => insertByColumns(db, 'subscriber_report', SUBSCRIBER_REPORT, rows);

const RECORDED = { recorded_by: 'uuid', recorded_at: 'timestamptz' } as const;
const RECORDED_MOBILE_COVERAGE = { ...MOBILE_COVERAGE, ...RECORDED } as const satisfies ColumnTypes<MobileCoverageTable>;
const RECORDED_FIXED_BROADBAND = { ...FIXED_BROADBAND, ...RECORDED } as const satisfies ColumnTypes<FixedBroadbandTable>;
export type RecordedMobileCoverage = RowOf<MobileCoverageTable, typeof RECORDED_MOBILE_COVERAGE>;
export type RecordedFixedBroadband = RowOf<FixedBroadbandTable, typeof RECORDED_FIXED_BROADBAND>;

/** A record for a day that has one already (same village, operator, technology) replaces its reading; its note stays. */
export const upsertMobileCoverage = (db: Db, rows: readonly RecordedMobileCoverage[]) =>
  insertByColumns(db, 'mobile_coverage', RECORDED_MOBILE_COVERAGE, rows, {
    key: ['village_code', 'operator_code', 'technology', 'observed_on'],
    replace: ['quality', 'recorded_by', 'recorded_at'],
  });
export const upsertFixedBroadband = (db: Db, rows: readonly RecordedFixedBroadband[]) =>
  insertByColumns(db, 'fixed_broadband', RECORDED_FIXED_BROADBAND, rows, {
    key: ['village_code', 'operator_code', 'observed_on'],
    replace: ['fiber_reaches', 'ftth_available', 'recorded_by', 'recorded_at'],
  });
