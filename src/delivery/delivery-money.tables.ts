/** The tables of delivery's money and pickup points (decision 0035): their Kysely types, added to platform's Database. */
import type { Timestamp } from '../platform/schema.ts';

export interface CashHandoverTable {
  id: string;
  carrier_id: string;
  /** Who held the cash: a courier, or a pickup point's keepers (exactly one of the two). */
  courier_account_id: string | null;
  pickup_point_id: string | null;
  day: string;
  /** Đồng: the COD of the day's parcels delivered against cash, less transfers for them, as the server reckoned it when recorded. */
  expected: number;
  counted: number;
  /** counted − expected: negative when cash is missing. */
  difference: number;
  discrepancies: number;
  note: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface CodRemittanceTable {
  id: string;
  carrier_id: string;
  shop_id: string;
  /** The first day of the month whose deliveries it pays for. */
  month: string;
  amount: number;
  reference: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface PickupPointKeeperTable {
  pickup_point_id: string;
  account_id: string;
}

declare module '../platform/schema.ts' {
  interface Database {
    cash_handover: CashHandoverTable;
    cod_remittance: CodRemittanceTable;
    pickup_point_keeper: PickupPointKeeperTable;
  }
}
