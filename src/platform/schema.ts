import type { ColumnType } from 'kysely';

/** A column the database fills on insert (a default) but that can be set explicitly. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric columns: numbers in, numbers out (see the type parsers in database.ts). */
export type Decimal = ColumnType<number, number | string, number | string>;

/** Counters bumped by triggers whenever what a cached read depends on changes (see migration 0005). */
export interface ReadVersionTable {
  name: 'indicator_catalogue' | 'indicator_values' | 'coverage' | 'shop_income';
  version: number;
}

/** An event written in the transaction of the change it tells about (docs/decisions/0016). */
export interface OutboxEventTable {
  id: string;
  topic: string;
  payload: unknown;
  province_code: string;
  created_at: Timestamp;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  handled_at: Date | null;
  last_error: string | null;
}

/** One handler has handled one event: it is not handed that event again. */
export interface OutboxDeliveryTable {
  event_id: string;
  handler: string;
  handled_at: Timestamp;
}

/**
 * Every table, for Kysely. Platform names its own; each module adds its tables from its
 * `<module>.tables.ts` (declaration merging), so platform imports no module (decision 0019).
 */
export interface Database {
  read_version: ReadVersionTable;
  outbox_event: OutboxEventTable;
  outbox_delivery: OutboxDeliveryTable;
}
