import { z } from 'zod';

/** A bank's local time as the providers send it: 'YYYY-MM-DD HH:MM:SS', Vietnam time, no zone. */
const bankLocalTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
const dong = z.number().int().refine(Number.isSafeInteger);

/** Casso Webhook V2: one transaction per notification; a negative amount is money leaving the account. */
export const cassoBody = z.object({
  error: z.number().int(),
  data: z.object({
    id: z.number().int().min(0),
    reference: z.string().max(200).nullish(),
    description: z.string().max(1000),
    amount: dong.refine((n) => n !== 0),
    transactionDateTime: bankLocalTime,
    accountNumber: z.string().min(1).max(40),
  }),
});

/** SePay's bank-transfer notification (API-key mode). */
export const sepayBody = z.object({
  id: z.number().int().min(0),
  gateway: z.string().max(100),
  transactionDate: bankLocalTime,
  accountNumber: z.string().min(1).max(40),
  content: z.string().max(1000),
  transferType: z.enum(['in', 'out']),
  transferAmount: dong.refine((n) => n > 0),
  referenceCode: z.string().max(200).nullish(),
});

export const BANK_PROVIDERS = ['casso', 'sepay'] as const;
export type BankProvider = (typeof BANK_PROVIDERS)[number];

/** One transfer as every provider's notification is read into. */
export interface BankTransfer {
  provider: BankProvider;
  /** The provider's own id of the transaction: the key that makes a replay credit nothing twice. */
  providerTransactionId: string;
  direction: 'in' | 'out';
  /** Integer đồng, always positive; `direction` says which way. */
  amount: number;
  /** The transfer content, where the order code is looked for. */
  content: string;
  /** The seller's account that received (or sent) the money. */
  account: string;
  /** The bank's reference, when the provider passes it on. */
  bankReference: string | null;
  /** When the bank booked it, ISO 8601 with Vietnam's offset: '2024-10-03T15:06:37+07:00'. */
  at: string;
}
