import type { Db } from '../platform/database.ts';
import { AppError, badRequest, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { SecretBox } from '../platform/secret-box.ts';
import { unstorableTextAt } from '../platform/text.ts';
import { claimedTransactionId, readCassoNotification, readSepayNotification } from './bank-webhook.rules.ts';
import type { BankProvider, BankTransfer } from './bank-webhook.schema.ts';
import { normaliseBankReference, transferMatchKey } from './bank-transfer.rules.ts';
import { findFeedAndCopy, type BankFeedRow } from './bank-feed.repository.ts';
import { claimStatementTransfer, findTransferByProviderId, insertTransfers, lockForWebhook } from './bank-transfer.repository.ts';
import { publishTransferReceived } from './transfer-received.event.ts';
import type { NotificationMemory } from './notification-memory.ts';

export interface BankNotification {
  provider: BankProvider;
  feedId: string;
  /** The request's headers that carry the proof: Authorization (SePay), X-Casso-Signature (Casso). */
  authorization: string | undefined;
  signature: string | undefined;
  /** The body exactly as received. */
  rawBody: Buffer;
  now: Date;
}

/**
 * What the provider is answered: `credited` the first time, `duplicate` for a copy (a retry, a
 * replay, or a transfer already taken from a bank statement), `ignored` for money leaving the
 * account. All three are a success to the provider, which then stops sending.
 */
export interface NotificationOutcome {
  success: true;
  outcome: 'credited' | 'duplicate' | 'ignored';
  transferId: string | null;
}

// One answer for a feed that never existed and one that was switched off: a caller guessing ids learns nothing.
const unknownFeed = () =>
  notFound(
    'webhook.unknown_feed',
    {
      vi: 'Không có nguồn thông báo ngân hàng nào đang hoạt động ở địa chỉ này.',
      en: 'No active bank notification feed at this address.',
    },
    'feedId',
  );

const wrongProvider = (provider: BankProvider) =>
  notFound(
    'webhook.unknown_feed',
    {
      vi: `Địa chỉ này không nhận thông báo từ ${provider === 'sepay' ? 'SePay' : 'Casso'}.`,
      en: `This address does not take notifications from ${provider === 'sepay' ? 'SePay' : 'Casso'}.`,
    },
    'feedId',
  );

const malformed = (detail: string) =>
  badRequest('webhook.bad_body', { vi: `Nội dung thông báo không đúng định dạng (${detail}).`, en: `The notification body is malformed (${detail}).` });

const wrongAccount = () =>
  new AppError(
    422,
    'webhook.wrong_account',
    {
      vi: 'Thông báo là của một tài khoản ngân hàng khác với tài khoản nguồn này theo dõi.',
      en: 'The notification is for another bank account than the one this feed watches.',
    },
    'accountNumber',
  );

function parseJson(raw: Buffer): unknown {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw malformed('JSON');
  }
  const field = unstorableTextAt(body);
  if (field !== undefined) throw malformed(field || 'NUL');
  return body;
}

/** The proof checked with the feed's secret, then the body read; nothing is looked at before the proof holds. */
function readTransfer(feed: BankFeedRow, n: BankNotification, body: unknown, box: SecretBox): BankTransfer {
  if (feed.provider === 'sepay') return readSepayNotification({ authorization: n.authorization, body, apiKeyHash: feed.secret_hash ?? '' });
  return readCassoNotification({ signature: n.signature, body, checksumKey: box.open(feed.secret_sealed ?? ''), now: n.now });
}

/**
 * A bank notification from a payee's provider, received once. The transfer row and its
 * `bank.transfer-received` event are written in one transaction, so a consumer hears of a
 * transfer if and only if it was recorded; every refusal (an unknown feed, a wrong key or
 * signature, a stale timestamp, a malformed body, another account) writes nothing.
 */
export async function receiveBankNotification(db: Db, box: SecretBox, memory: NotificationMemory, n: BankNotification): Promise<NotificationOutcome> {
  const body = parseJson(n.rawBody);
  const claimed = claimedTransactionId(n.provider, body);
  const { feed, copyId } = await findFeed(db, memory, n.feedId, claimed);
  if (!feed?.active) throw unknownFeed();
  if (feed.provider !== n.provider) throw wrongProvider(n.provider);
  const transfer = readTransfer(feed, n, body, box);
  if (transfer.account !== feed.account_number) throw wrongAccount();
  if (transfer.direction !== 'in') return { success: true, outcome: 'ignored', transferId: null };
  // Most copies of a notification come after the first was recorded: answered without a transaction.
  const outcome = copyId
    ? duplicate(copyId)
    : await memory.recordOnce(feed.id, transfer.providerTransactionId, () =>
        db.transaction().execute((tx) => recordNotifiedTransfer(tx, feed, transfer, body, n.now)),
      );
  // Remembered once committed, under the id its copies will claim.
  if (outcome.transferId && outcome.outcome !== 'ignored') memory.keepCopy(feed.id, transfer.providerTransactionId, outcome.transferId);
  return outcome;
}

const duplicate = (transferId: string): NotificationOutcome => ({ success: true, outcome: 'duplicate', transferId });

/** The feed, and the transfer already recorded under the claimed id: from memory when both are there, else in one query. */
async function findFeed(
  db: Db,
  memory: NotificationMemory,
  feedId: string,
  claimed: string | null,
): Promise<{ feed: BankFeedRow | undefined; copyId: string | null }> {
  const feed = memory.feed(feedId);
  const copyId = claimed === null ? undefined : memory.copy(feedId, claimed);
  if (feed && copyId) return { feed, copyId };
  const found = await findFeedAndCopy(db, feedId, claimed);
  if (!found) return { feed: undefined, copyId: null };
  const { copy_id, ...row } = found;
  memory.keepFeed(row);
  return { feed: row, copyId: copy_id };
}

async function recordNotifiedTransfer(tx: Db, feed: BankFeedRow, transfer: BankTransfer, raw: unknown, now: Date): Promise<NotificationOutcome> {
  const { provider, account, providerTransactionId } = transfer;
  await lockForWebhook(tx, provider, account, providerTransactionId);
  // Again under the lock: a copy that came at the same moment may have been recorded meanwhile.
  const seen = await findTransferByProviderId(tx, provider, account, providerTransactionId);
  if (seen) return duplicate(seen.id);

  const bankReference = normaliseBankReference(transfer.bankReference);
  const matchKey = transferMatchKey({ amount: transfer.amount, occurredAt: transfer.at, content: transfer.content });
  const imported = await claimStatementTransfer(tx, { provider, account, providerTransactionId, bankReference, matchKey });
  if (imported) return duplicate(imported.id);

  const [row] = await insertTransfers(tx, [
    {
      id: newId(),
      feed_id: feed.id,
      provider,
      account_number: account,
      provider_transaction_id: providerTransactionId,
      source: 'webhook',
      payee_kind: feed.payee_kind,
      payee_id: feed.payee_id,
      province_code: feed.province_code,
      amount: transfer.amount,
      content: transfer.content,
      bank_reference: bankReference,
      match_key: matchKey,
      occurred_at: transfer.at,
      received_at: now,
      raw,
    },
  ]);
  if (!row) throw new Error(`Transfer ${provider}:${providerTransactionId} was inserted meanwhile despite its lock`);
  await publishTransferReceived(tx, row);
  return { success: true, outcome: 'credited', transferId: row.id };
}
