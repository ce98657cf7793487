import { z } from 'zod';
import { bilingual } from '../platform/errors.ts';
import { BANK_PROVIDERS } from './bank-webhook.schema.ts';

export const payeeParams = z.object({
  kind: z.string().regex(/^[a-z][a-z_]{1,30}$/),
  payeeId: z.string().min(1).max(100),
});

export const newBankFeed = z.object({
  provider: z.enum(BANK_PROVIDERS),
  accountNumber: z
    .string()
    .trim()
    .refine(
      (value) => /^[0-9A-Za-z]{4,40}$/.test(value),
      bilingual({ vi: 'Số tài khoản gồm 4–40 chữ số hoặc chữ cái, không dấu cách.', en: 'An account number is 4–40 digits or letters, without spaces.' }),
    ),
  /** A key the provider made (Casso may show one); without it the server makes one. */
  secret: z
    .string()
    .refine(
      (value) => /^[\x21-\x7e]{16,200}$/.test(value),
      bilingual({ vi: 'Khóa gồm 16–200 ký tự in được, không dấu cách.', en: 'A key is 16–200 printable characters, without spaces.' }),
    )
    .optional(),
});
export type NewBankFeed = z.infer<typeof newBankFeed>;

/** A feed as the API shows it: never its secret, in any form. */
export const bankFeed = z.object({
  id: z.uuid(),
  provider: z.enum(BANK_PROVIDERS),
  payeeKind: z.string(),
  payeeId: z.string(),
  accountNumber: z.string(),
  webhookUrl: z.string().describe('Where the provider sends its notifications'),
  active: z.boolean(),
  createdAt: z.string(),
  createdBy: z.uuid(),
  deactivatedAt: z.string().nullable(),
});
export type BankFeed = z.infer<typeof bankFeed>;

export const createdBankFeed = z.object({
  feed: bankFeed,
  secret: z.string().describe('Shown once: paste it into SePay (API key) or Casso (checksum key); it cannot be read again'),
});
export type CreatedBankFeed = z.infer<typeof createdBankFeed>;

export const feedChange = z.object({ active: z.literal(false) });
