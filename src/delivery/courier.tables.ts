/** The tables of the courier app (decision 0033), delivery's too: their Kysely types, added to platform's Database. */
import type { Defaulted } from '../platform/schema.ts';

export type ProofKind = 'code' | 'photo' | 'signature';

export interface DeliveryProofTable {
  event_id: string;
  kind: ProofKind;
  /** The media module's photo id (a content address). */
  photo_id: string | null;
  /** Strokes of points on a 1000 × 400 pad. */
  signature: unknown;
}

export interface CarrierCodAccountTable {
  carrier_id: string;
  bank_bin: string;
  account_number: string;
  holder_name: string;
  updated_at: Defaulted<Date>;
}

export type CodPayeeKind = 'shop' | 'carrier';

export interface CodPaymentTable {
  parcel_id: string;
  payee_kind: CodPayeeKind;
  payee_id: string;
  /** The transfer content code, in the order code's form (orders' rules). */
  code: string;
  paid_at: Date | null;
}

export interface CodTransferTable {
  /** `<provider>:<provider's transaction id>`, as orders records a transfer. */
  transfer_id: string;
  parcel_id: string;
  amount: number;
  received_at: Date | string;
}

declare module '../platform/schema.ts' {
  interface Database {
    delivery_proof: DeliveryProofTable;
    carrier_cod_account: CarrierCodAccountTable;
    cod_payment: CodPaymentTable;
    cod_transfer: CodTransferTable;
  }
}
