/** The tables payments owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Defaulted, Timestamp } from '../platform/schema.ts';
import type { BankProvider } from './bank-webhook.schema.ts';
import type { TRANSFER_STATES } from './received-transfer.schema.ts';

export type TransferState = (typeof TRANSFER_STATES)[number];
export type TransferSource = 'webhook' | 'statement';

export interface BankFeedTable {
  id: string;
  provider: BankProvider;
  payee_kind: string;
  payee_id: string;
  province_code: string;
  account_number: string;
  /** SePay: SHA-256 of the API key, hex. */
  secret_hash: string | null;
  /** Casso: the checksum key sealed with the server's secret key (see platform/secret-box.ts). */
  secret_sealed: string | null;
  created_by: string;
  created_at: Timestamp;
  active: Defaulted<boolean>;
  deactivated_at: Date | null;
}

export interface BankTransferTable {
  id: string;
  feed_id: string;
  provider: BankProvider;
  account_number: string;
  provider_transaction_id: string | null;
  source: TransferSource;
  payee_kind: string;
  payee_id: string;
  province_code: string;
  amount: number;
  content: string;
  bank_reference: string | null;
  match_key: string;
  occurred_at: Timestamp;
  received_at: Timestamp;
  state: Defaulted<TransferState>;
  matched_reference: string | null;
  unmatched_reason: string | null;
  raw: unknown;
}

declare module '../platform/schema.ts' {
  interface Database {
    bank_feed: BankFeedTable;
    bank_transfer: BankTransferTable;
  }
}
