import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { BankProvider } from './bank-webhook.schema.ts';
import type { BankTransferTable, TransferState } from './payments.tables.ts';

export type BankTransferRow = Selectable<BankTransferTable>;
export type NewBankTransfer = Insertable<BankTransferTable>;

/*
 * Transaction-scoped advisory locks. A webhook holds its account's lock shared, so webhooks of one
 * account run side by side, and a statement import holds it alone, so a webhook never checks for
 * an imported copy while the import is deciding what is new. The lock of one provider transaction
 * puts the copies of one notification (a provider retrying) in a line, so the second sees what
 * the first wrote. A webhook takes both in one statement.
 */
export async function lockForWebhook(tx: Db, provider: BankProvider, account: string, providerTransactionId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(hashtext(${`bank-account:${account}`})), pg_advisory_xact_lock(hashtext(${`bank-transfer:${provider}:${account}:${providerTransactionId}`}))`.execute(
    tx,
  );
}

export async function lockAccountForStatement(tx: Db, account: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`bank-account:${account}`}))`.execute(tx);
}

export async function findTransferByProviderId(
  db: Db,
  provider: BankProvider,
  account: string,
  providerTransactionId: string,
): Promise<BankTransferRow | undefined> {
  return db
    .selectFrom('bank_transfer')
    .selectAll()
    .where('provider', '=', provider)
    .where('account_number', '=', account)
    .where('provider_transaction_id', '=', providerTransactionId)
    .executeTakeFirst();
}

/**
 * A transfer first taken from a bank statement and now notified: the statement's row gets the
 * provider's id (so a further copy of the notification is a replay) and nothing is credited again.
 * The bank's reference decides when both sides have one; otherwise the match key (decision 0023).
 */
export async function claimStatementTransfer(
  tx: Db,
  claim: { provider: BankProvider; account: string; providerTransactionId: string; bankReference: string | null; matchKey: string },
): Promise<BankTransferRow | undefined> {
  const candidate = await tx
    .selectFrom('bank_transfer')
    .select('id')
    .where('account_number', '=', claim.account)
    .where('source', '=', 'statement')
    .where('provider_transaction_id', 'is', null)
    .where((eb) => {
      const sameKey = eb('match_key', '=', claim.matchKey);
      if (claim.bankReference === null) return sameKey;
      return eb.or([eb('bank_reference', '=', claim.bankReference), eb.and([sameKey, eb('bank_reference', 'is', null)])]);
    })
    .orderBy('occurred_at')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!candidate) return undefined;
  return tx
    .updateTable('bank_transfer')
    .set({ provider: claim.provider, provider_transaction_id: claim.providerTransactionId })
    .where('id', '=', candidate.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts the transfers not already there by the provider's id; returns those inserted. */
export async function insertTransfers(db: Db, transfers: readonly NewBankTransfer[]): Promise<BankTransferRow[]> {
  if (transfers.length === 0) return [];
  return db
    .insertInto('bank_transfer')
    .values(transfers.map((t) => ({ ...t, raw: JSON.stringify(t.raw) })))
    .onConflict((oc) => oc.columns(['provider', 'account_number', 'provider_transaction_id']).doNothing())
    .returningAll()
    .execute();
}

/** The transfers of an account booked within [from, to): what a statement of those days is compared with. */
export async function listAccountTransfers(db: Db, account: string, from: Date, to: Date): Promise<BankTransferRow[]> {
  return db
    .selectFrom('bank_transfer')
    .selectAll()
    .where('account_number', '=', account)
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
    .execute();
}

export async function findTransfer(db: Db, id: string): Promise<BankTransferRow | undefined> {
  return db.selectFrom('bank_transfer').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Undefined when there is no such transfer, or (with `from`) when it is no longer in that state. */
export async function setTransferState(
  db: Db,
  id: string,
  change: { state: TransferState; matchedReference: string | null; unmatchedReason: string | null },
  from?: TransferState,
): Promise<BankTransferRow | undefined> {
  return db
    .updateTable('bank_transfer')
    .set({ state: change.state, matched_reference: change.matchedReference, unmatched_reason: change.unmatchedReason })
    .where('id', '=', id)
    .$if(from !== undefined, (qb) => qb.where('state', '=', from!))
    .returningAll()
    .executeTakeFirst();
}

/** A payee's transfers in one state, oldest first. */
export async function listPayeeTransfers(db: Db, payeeKind: string, payeeId: string, state: TransferState, limit: number): Promise<BankTransferRow[]> {
  return db
    .selectFrom('bank_transfer')
    .selectAll()
    .where('payee_kind', '=', payeeKind)
    .where('payee_id', '=', payeeId)
    .where('state', '=', state)
    .orderBy('occurred_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** A payee's transfers booked within [from, to), whatever their state, oldest first. */
export async function listPayeeTransfersBetween(db: Db, payeeKind: string, payeeId: string, from: Date, to: Date): Promise<BankTransferRow[]> {
  return db
    .selectFrom('bank_transfer')
    .selectAll()
    .where('payee_kind', '=', payeeKind)
    .where('payee_id', '=', payeeId)
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}
