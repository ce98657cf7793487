import type { Db } from '../platform/database.ts';
import { assertNoIssues, badRequest, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { readSpreadsheet, type ReadOptions } from '../platform/spreadsheet.ts';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../accounts/index.ts';
import { findBankFeed } from './bank-feed.repository.ts';
import { insertTransfers, listAccountTransfers, lockAccountForStatement } from './bank-transfer.repository.ts';
import { findStatementTable, newStatementTransfers, readStatementRows } from './bank-statement.rules.ts';
import { authorizePayee } from './payee-access.ts';
import { publishTransferReceived } from './transfer-received.event.ts';

export interface StatementImport {
  /** Rows of money in that the statement holds. */
  credits: number;
  /** Rows of money out, totals and balances: skipped. */
  skipped: number;
  /** Credits already received (by webhook or an earlier import): not credited again. */
  alreadyReceived: number;
  /** Credits recorded now, each published as bank.transfer-received (none in a dry run). */
  imported: number;
  transferIds: string[];
  dryRun: boolean;
}

const feedNotFound = () =>
  notFound('payment.feed_not_found', { vi: 'Không tìm thấy nguồn thông báo ngân hàng này.', en: 'There is no such bank feed.' }, 'feedId');

const DAY_MS = 86_400_000;

/**
 * A bank statement (CSV or .xlsx, as the bank exports it) brings into a feed the incoming
 * transfers its webhook missed: all rows or none, every bad row listed. A transfer already
 * received — by webhook, or by an earlier import of an overlapping statement — is recognised by
 * the bank's reference or its match key (decision 0023) and not credited twice; each new one is
 * published like a notified transfer, in the same transaction. The account is locked against
 * webhooks for the comparison, so neither side can slip a copy past the other.
 */
export async function importBankStatement(
  db: Db,
  actor: Actor | null,
  feedId: string,
  bytes: Uint8Array,
  options: ReadOptions & { dryRun?: boolean } = {},
): Promise<StatementImport> {
  const feed = await findBankFeed(db, feedId);
  if (!feed) throw feedNotFound();
  const scope = await authorizePayee(db, actor, { kind: feed.payee_kind, id: feed.payee_id });

  const sheet = await readSpreadsheet(bytes, options);
  // The reader takes the first line for the header; a statement's table starts under its title lines.
  const table = findStatementTable([{ row: 0, cells: sheet.header }, ...sheet.rows]);
  if ('code' in table) throw badRequest(table.code, table.message);
  const read = readStatementRows(table);
  assertNoIssues(read.issues);
  if (read.transfers.length === 0) {
    throw badRequest('statement.no_credits', { vi: 'Sao kê không có khoản tiền vào nào.', en: 'The statement holds no money in.' });
  }

  const times = read.transfers.map((t) => Date.parse(t.occurredAt));
  // Whole Vietnam days around the statement's rows: what the match key compares.
  const from = new Date(Math.min(...times) - DAY_MS);
  const to = new Date(Math.max(...times) + 2 * DAY_MS);
  return db.transaction().execute(async (tx) => {
    await lockAccountForStatement(tx, feed.account_number);
    const known = (await listAccountTransfers(tx, feed.account_number, from, to)).map((row) => ({
      bankReference: row.bank_reference,
      matchKey: row.match_key,
    }));
    const fresh = newStatementTransfers(read.transfers, known);
    const summary = {
      credits: read.transfers.length,
      skipped: read.skipped,
      alreadyReceived: read.transfers.length - fresh.length,
      imported: fresh.length,
      dryRun: options.dryRun === true,
    };
    if (options.dryRun) return { ...summary, transferIds: [] };

    const now = new Date();
    const rows = await insertTransfers(
      tx,
      fresh.map((t) => ({
        id: newId(),
        feed_id: feed.id,
        provider: feed.provider,
        account_number: feed.account_number,
        provider_transaction_id: null,
        source: 'statement' as const,
        payee_kind: feed.payee_kind,
        payee_id: feed.payee_id,
        province_code: feed.province_code,
        amount: t.amount,
        content: t.content,
        bank_reference: t.bankReference,
        match_key: t.matchKey,
        occurred_at: t.occurredAt,
        received_at: now,
        raw: { statementRow: t.row, cells: t.raw },
      })),
    );
    for (const row of rows) await publishTransferReceived(tx, row);
    await recordAudit(tx, scope.actor, 'bank_statement:import', 'bank_feed', { entityId: feed.id, unit: scope.unit, after: { ...summary, dryRun: undefined } });
    return { ...summary, transferIds: rows.map((row) => row.id) };
  });
}
