import { randomBytes } from 'node:crypto';
import type { Db } from '../platform/database.ts';
import { insertByColumns } from '../platform/bulk-insert.ts';
import { hashApiKey } from './bank-webhook.rules.ts';
import { normaliseBankReference, transferMatchKey } from './bank-transfer.rules.ts';

/**
 * A payee's SePay feeds and the transfers they brought in, already matched, written by the thousand
 * (the demo province's two years of shop payments): one statement a table. Each feed's API key is
 * drawn here and only its hash kept, as `createBankFeed` does; nobody is ever shown it, so a payee
 * who wants live notifications makes a feed of her own.
 */

export interface SepayFeedInBulk {
  id: string;
  payee_kind: string;
  payee_id: string;
  province_code: string;
  account_number: string;
  created_by: string;
  created_at: string;
}

export interface MatchedTransferInBulk {
  id: string;
  feed_id: string;
  account_number: string;
  provider_transaction_id: string;
  payee_kind: string;
  payee_id: string;
  province_code: string;
  amount: number;
  content: string;
  bank_reference: string;
  /** ISO 8601 with its offset: when the bank booked it. */
  occurred_at: string;
  received_at: string;
  /** What it paid (an order's code). */
  matched_reference: string;
}

export async function insertSepayFeedsInBulk(db: Db, feeds: readonly SepayFeedInBulk[]): Promise<void> {
  await insertByColumns(
    db,
    'bank_feed',
    {
      id: 'uuid',
      provider: 'text',
      payee_kind: 'text',
      payee_id: 'text',
      province_code: 'text',
      account_number: 'text',
      secret_hash: 'text',
      created_by: 'uuid',
      created_at: 'timestamptz',
    },
    feeds.map((f) => ({ ...f, provider: 'sepay' as const, secret_hash: hashApiKey(randomBytes(24).toString('base64url')) })),
  );
}

/** Transfers a SePay webhook brought and the payee's orders took: the match key and reference as a notification's. */
export async function insertMatchedTransfersInBulk(db: Db, transfers: readonly MatchedTransferInBulk[]): Promise<void> {
  await insertByColumns(
    db,
    'bank_transfer',
    {
      id: 'uuid',
      feed_id: 'uuid',
      provider: 'text',
      account_number: 'text',
      provider_transaction_id: 'text',
      source: 'text',
      payee_kind: 'text',
      payee_id: 'text',
      province_code: 'text',
      amount: 'int4',
      content: 'text',
      bank_reference: 'text',
      match_key: 'text',
      occurred_at: 'timestamptz',
      received_at: 'timestamptz',
      state: 'text',
      matched_reference: 'text',
      raw: 'jsonb',
    },
    transfers.map((t) => ({
      ...t,
      provider: 'sepay' as const,
      source: 'webhook' as const,
      bank_reference: normaliseBankReference(t.bank_reference),
      match_key: transferMatchKey({ amount: t.amount, occurredAt: t.occurred_at, content: t.content }),
      state: 'matched' as const,
      // The notification's fields as SePay sends them, for the transfer's page.
      raw: {
        id: Number(t.provider_transaction_id),
        gateway: 'demo',
        transactionDate: t.occurred_at,
        accountNumber: t.account_number,
        content: t.content,
        transferType: 'in',
        transferAmount: t.amount,
        referenceCode: t.bank_reference,
      },
    })),
  );
}
