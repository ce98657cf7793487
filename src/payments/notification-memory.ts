import type { BankFeedRow } from './bank-feed.repository.ts';
import type { NotificationOutcome } from './receive-bank-notification.ts';

/**
 * What the webhook remembers between requests so that a provider's retries cost no query: the
 * feeds it read lately (for `feedMs`, and forgotten at once when this server deactivates one) and
 * the transfers it knows are recorded, by feed and provider transaction id (the last `copies`).
 * Only copies are answered from it: a first notification still takes the transaction and its locks,
 * and every copy's key or signature is still checked against the feed. A transfer row is never
 * deleted, so a remembered one stays true; a feed deactivated by another server process stops
 * taking notifications here within `feedMs`.
 */
export interface NotificationMemory {
  feed(id: string): BankFeedRow | undefined;
  keepFeed(feed: BankFeedRow): void;
  forgetFeed(id: string): void;
  copy(feedId: string, providerTransactionId: string): string | undefined;
  keepCopy(feedId: string, providerTransactionId: string, transferId: string): void;
  /**
   * Records a notification with `record` unless a copy of it is being recorded here at this moment:
   * then waits for that one and answers its transfer as a duplicate, rather than holding a database
   * connection in a queue on the first copy's lock (the lock still keeps other processes in line).
   */
  recordOnce(feedId: string, providerTransactionId: string, record: () => Promise<NotificationOutcome>): Promise<NotificationOutcome>;
}

export function createNotificationMemory(options: { feedMs?: number; copies?: number; now?: () => number } = {}): NotificationMemory {
  const { feedMs = 2_000, copies = 20_000, now = Date.now } = options;
  const feeds = new Map<string, { feed: BankFeedRow; until: number }>();
  // A Map keeps insertion order: the first key is the oldest, dropped when the memory is full.
  const recorded = new Map<string, string>();
  const recording = new Map<string, Promise<NotificationOutcome>>();
  const copyKey = (feedId: string, providerTransactionId: string) => `${feedId}\n${providerTransactionId}`;
  return {
    feed(id) {
      const kept = feeds.get(id);
      if (kept && kept.until > now()) return kept.feed;
      feeds.delete(id);
      return undefined;
    },
    keepFeed(feed) {
      feeds.set(feed.id, { feed, until: now() + feedMs });
    },
    forgetFeed(id) {
      feeds.delete(id);
    },
    copy(feedId, providerTransactionId) {
      return recorded.get(copyKey(feedId, providerTransactionId));
    },
    keepCopy(feedId, providerTransactionId, transferId) {
      recorded.set(copyKey(feedId, providerTransactionId), transferId);
      if (recorded.size > copies) recorded.delete(recorded.keys().next().value!);
    },
    async recordOnce(feedId, providerTransactionId, record) {
      const key = copyKey(feedId, providerTransactionId);
      const first = recording.get(key);
      if (first) {
        // The first copy failed (its transaction rolled back): this one records it for itself.
        const answer = await first.catch(() => null);
        return answer?.transferId ? { success: true, outcome: 'duplicate', transferId: answer.transferId } : record();
      }
      const mine = record();
      recording.set(key, mine);
      try {
        return await mine;
      } finally {
        recording.delete(key);
      }
    },
  };
}
