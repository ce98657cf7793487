import type { Db } from '../platform/database.ts';
import { badRequest, conflict, notFound } from '../platform/errors.ts';
import { findTransfer, listPayeeTransfers, setTransferState } from './bank-transfer.repository.ts';
import { presentTransfer } from './received-transfer.presenter.ts';
import type { ReceivedTransfer } from './received-transfer.schema.ts';
import type { Payee } from './payee-access.ts';

/*
 * What a consumer of `bank.transfer-received` (orders, later delivery) answers about a transfer.
 * These take the consumer's transaction and do not authorise: the consumer has, for the order or
 * parcel it matches the transfer to, and audits its own decision. Both are idempotent, since the
 * event that leads to them is delivered at least once.
 */

export const transferNotFound = (id: string) =>
  notFound('payment.transfer_not_found', { vi: 'Không tìm thấy giao dịch chuyển khoản này.', en: `There is no bank transfer ${id}.` }, 'transferId');

const label = (text: string, field: string) => {
  const trimmed = text.trim();
  if (trimmed.length < 1 || trimmed.length > 200) {
    throw badRequest('payment.bad_label', { vi: `${field} phải có từ 1 đến 200 ký tự.`, en: `${field} must be 1 to 200 characters.` }, field);
  }
  return trimmed;
};

/**
 * The transfer pays `reference` (an order code, a parcel id: the consumer's). Matching it again to
 * the same reference changes nothing; to another is refused: the consumer unmatches it first.
 */
export async function markTransferMatched(db: Db, transferId: string, reference: string): Promise<ReceivedTransfer> {
  const matchedReference = label(reference, 'reference');
  const transfer = await findTransfer(db, transferId);
  if (!transfer) throw transferNotFound(transferId);
  if (transfer.state === 'matched' && transfer.matched_reference === matchedReference) return presentTransfer(transfer);
  if (transfer.state === 'matched') {
    throw conflict(
      'payment.transfer_already_matched',
      {
        vi: `Giao dịch này đã được ghép với ${transfer.matched_reference}; hãy bỏ ghép trước.`,
        en: `This transfer is already matched to ${transfer.matched_reference}; unmatch it first.`,
      },
      'transferId',
    );
  }
  const after = await setTransferState(db, transferId, { state: 'matched', matchedReference, unmatchedReason: null });
  return presentTransfer(after ?? transfer);
}

/**
 * The transfer waits for the payee to match it by hand, for `reason` (the consumer's code, e.g.
 * 'no_code'). Also how a consumer undoes a match it made (a workflow's compensation).
 */
export async function markTransferUnmatched(db: Db, transferId: string, reason: string): Promise<ReceivedTransfer> {
  const unmatchedReason = label(reason, 'reason');
  const transfer = await findTransfer(db, transferId);
  if (!transfer) throw transferNotFound(transferId);
  if (transfer.state === 'unmatched' && transfer.unmatched_reason === unmatchedReason) return presentTransfer(transfer);
  const after = await setTransferState(db, transferId, { state: 'unmatched', matchedReference: null, unmatchedReason });
  return presentTransfer(after ?? transfer);
}

/** The payee's queue to match by hand, oldest first. Not authorised here: the caller has. */
export async function listUnmatchedTransfers(db: Db, payee: Payee, limit = 100): Promise<ReceivedTransfer[]> {
  return (await listPayeeTransfers(db, payee.kind, payee.id, 'unmatched', limit)).map(presentTransfer);
}

/** A transfer by id, for a consumer's handler: undefined when there is none. */
export async function readTransfer(db: Db, transferId: string): Promise<ReceivedTransfer | undefined> {
  const row = await findTransfer(db, transferId);
  return row ? presentTransfer(row) : undefined;
}

/** A transfer of this payee's, for the payee's own pages: undefined when there is none or it is another payee's. */
export async function readPayeeTransfer(db: Db, payee: Payee, transferId: string): Promise<ReceivedTransfer | undefined> {
  const row = await findTransfer(db, transferId);
  return row && row.payee_kind === payee.kind && row.payee_id === payee.id ? presentTransfer(row) : undefined;
}
