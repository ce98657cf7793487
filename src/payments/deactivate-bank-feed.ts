import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../accounts/index.ts';
import { deactivateBankFeed as deactivate, findBankFeed } from './bank-feed.repository.ts';
import { presentBankFeed } from './bank-feed.presenter.ts';
import type { BankFeed } from './bank-feed.schema.ts';
import { authorizePayee } from './payee-access.ts';
import type { NotificationMemory } from './notification-memory.ts';

const feedNotFound = () =>
  notFound('payment.feed_not_found', { vi: 'Không tìm thấy nguồn thông báo ngân hàng này.', en: 'There is no such bank feed.' }, 'feedId');

/**
 * Stops a feed: its webhook answers as if it never existed from then on. The feed and its
 * transfers are kept (the transfers are the payee's money); deactivating twice changes nothing.
 */
export async function deactivateBankFeed(db: Db, memory: NotificationMemory, actor: Actor | null, feedId: string, origin: string): Promise<BankFeed> {
  const feed = await findBankFeed(db, feedId);
  if (!feed) throw feedNotFound();
  const scope = await authorizePayee(db, actor, { kind: feed.payee_kind, id: feed.payee_id });
  const answer = await db.transaction().execute(async (tx) => {
    const after = await deactivate(tx, feedId, new Date());
    if (!after) return presentBankFeed(feed, origin);
    await recordAudit(tx, scope.actor, 'bank_feed:deactivate', 'bank_feed', {
      entityId: feedId,
      unit: scope.unit,
      before: { active: true },
      after: { active: false },
    });
    return presentBankFeed(after, origin);
  });
  // Once committed: this server's webhook stops at once (another process's within its memory's time).
  memory.forgetFeed(feedId);
  return answer;
}
