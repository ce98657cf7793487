import type { BankFeedRow } from './bank-feed.repository.ts';
import type { BankFeed } from './bank-feed.schema.ts';

/** The address the provider is told to call: the server's own origin, as the request reached it. */
export const webhookUrl = (origin: string, feed: Pick<BankFeedRow, 'provider' | 'id'>): string => `${origin}/api/payments/webhooks/${feed.provider}/${feed.id}`;

export function presentBankFeed(row: BankFeedRow, origin: string): BankFeed {
  return {
    id: row.id,
    provider: row.provider,
    payeeKind: row.payee_kind,
    payeeId: row.payee_id,
    accountNumber: row.account_number,
    webhookUrl: webhookUrl(origin, row),
    active: row.active,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    deactivatedAt: row.deactivated_at ? new Date(row.deactivated_at).toISOString() : null,
  };
}
