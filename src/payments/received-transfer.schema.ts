import { z } from 'zod';
import { CSV_ENCODINGS } from '../platform/spreadsheet-options.ts';
import { BANK_PROVIDERS } from './bank-webhook.schema.ts';
import { payeeParams } from './bank-feed.schema.ts';

export const TRANSFER_STATES = ['new', 'matched', 'unmatched', 'set_aside'] as const;

/** A transfer as it was credited to a payee, and what its consumer made of it. */
export const receivedTransfer = z.object({
  id: z.uuid(),
  feedId: z.uuid(),
  provider: z.enum(BANK_PROVIDERS),
  source: z.enum(['webhook', 'statement']),
  amount: z.number().int().describe('Integer đồng'),
  content: z.string().describe('The transfer content as the bank sent it'),
  bankReference: z.string().nullable(),
  occurredAt: z.string(),
  receivedAt: z.string(),
  state: z
    .enum(TRANSFER_STATES)
    .describe(
      'new: not looked at yet; matched: to `matchedReference`; unmatched: waiting for the payee to match it by hand; set_aside: the payee said it pays for nothing she sells',
    ),
  matchedReference: z.string().nullable(),
  unmatchedReason: z.string().nullable(),
});
export type ReceivedTransfer = z.infer<typeof receivedTransfer>;

export const payeeTransfersParams = payeeParams;
export const payeeTransfersQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const statementQuery = z.object({
  dryRun: z.enum(['true', 'false']).default('false').describe('true: read and compare every row, say what would be imported, write nothing'),
  encoding: z.enum(CSV_ENCODINGS).default('auto').describe('A CSV file’s encoding (auto: detected); ignored for .xlsx'),
});

export const statementImport = z.object({
  credits: z.number().int().describe('Rows of money in'),
  skipped: z.number().int().describe('Rows of money out, totals and balances'),
  alreadyReceived: z.number().int().describe('Credits already received by webhook or an earlier import: not credited again'),
  imported: z.number().int().describe('Credits recorded now, each published as bank.transfer-received'),
  transferIds: z.array(z.uuid()),
  dryRun: z.boolean(),
});
