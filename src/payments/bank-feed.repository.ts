import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { BankFeedTable } from './payments.tables.ts';

export type BankFeedRow = Selectable<BankFeedTable>;

export async function insertBankFeed(db: Db, feed: Insertable<BankFeedTable>): Promise<BankFeedRow> {
  return db.insertInto('bank_feed').values(feed).returningAll().executeTakeFirstOrThrow();
}

/**
 * A feed, and the transfer it already recorded under a provider id, in one query: a provider's
 * retries are most of what a webhook receives, and each is then answered after one round trip.
 */
export async function findFeedAndCopy(
  db: Db,
  id: string,
  providerTransactionId: string | null,
): Promise<(BankFeedRow & { copy_id: string | null }) | undefined> {
  return db
    .selectFrom('bank_feed as f')
    .selectAll('f')
    .select((eb) =>
      eb
        .selectFrom('bank_transfer as t')
        .select('t.id')
        .whereRef('t.provider', '=', 'f.provider')
        .whereRef('t.account_number', '=', 'f.account_number')
        .where('t.provider_transaction_id', '=', providerTransactionId)
        .as('copy_id'),
    )
    .where('f.id', '=', id)
    .executeTakeFirst();
}

export async function findBankFeed(db: Db, id: string): Promise<BankFeedRow | undefined> {
  return db.selectFrom('bank_feed').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A payee's feeds, oldest first. */
export async function listBankFeeds(db: Db, payeeKind: string, payeeId: string): Promise<BankFeedRow[]> {
  return db
    .selectFrom('bank_feed')
    .selectAll()
    .where('payee_kind', '=', payeeKind)
    .where('payee_id', '=', payeeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function deactivateBankFeed(db: Db, id: string, at: Date): Promise<BankFeedRow | undefined> {
  return db
    .updateTable('bank_feed')
    .set({ active: false, deactivated_at: at })
    .where('id', '=', id)
    .where('active', '=', true)
    .returningAll()
    .executeTakeFirst();
}
