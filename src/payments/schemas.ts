/** What the web app may use of payments' shapes without their I/O (decision 0019, addendum). */
export type { BankFeed, CreatedBankFeed } from './bank-feed.schema.ts';
export type { ReceivedTransfer } from './received-transfer.schema.ts';
export type { StatementImport } from './import-bank-statement.ts';
