import type { Db } from '../platform/database.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { findOrderCodes } from '../orders/index.ts';
import { markTransferMatched, markTransferUnmatched, readTransfer, type ReceivedTransfer, type TransferReceived } from '../payments/index.ts';
import { findCodPaymentByCode, insertCodTransfer, markCodPaidIfCovered } from './courier.repository.ts';

/** Who the bank told about it, in the audit log. */
const BANK = { id: null, username: 'ngan-hang' };

/**
 * A transfer told by payments (`bank.transfer-received`) that pays a COD parcel shown at the door
 * as a VietQR (decision 0033): into the carrier's COD account, or the seller's for a market order.
 * The content's code (orders' rules find it however the bank mangled it) names the parcel; the
 * parcel is paid once its transfers reach the COD amount. Run at least once per transfer: the
 * transfer is recorded once by its id, and marking it is idempotent.
 *
 * A seller's transfers are the market's to mark (src/settle-shop-transfer.ts): for those this only
 * records the parcel's payment. A carrier's are delivery's alone, so it marks them too.
 */
export async function settleCodTransfer(db: Db, event: TransferReceived): Promise<void> {
  if (event.payeeKind !== 'carrier' && event.payeeKind !== 'shop') return;
  const transfer = await readTransfer(db, event.transferId);
  if (!transfer) return;
  const { codes } = findOrderCodes(event.content);
  const marks = event.payeeKind === 'carrier';
  if (codes.length !== 1) {
    if (marks) await markTransferUnmatched(db, transfer.id, codes.length === 0 ? 'no_code' : 'several_parcels');
    return;
  }
  const payment = await findCodPaymentByCode(db, event.payeeKind, event.payeeId, codes[0]!);
  if (!payment) {
    if (marks) await markTransferUnmatched(db, transfer.id, 'unknown_code');
    return;
  }
  await recordParcelTransfer(db, BANK, payment, { ...transfer, amount: event.amount, occurredAt: event.occurredAt });
  if (marks) await markTransferMatched(db, transfer.id, codes[0]!);
}

/**
 * A transfer towards a COD parcel, whoever matched it (the bank's code, or a dispatcher by hand):
 * recorded once by its id, the parcel paid once its transfers cover the COD amount, audited as
 * `by`'s doing when it is new. Answers whether the parcel is paid.
 */
export async function recordParcelTransfer(
  db: Db,
  by: AuditActor,
  payment: { parcel_id: string; paid_at: Date | null; path: string; province_code: string; village_code: string | null },
  transfer: Pick<ReceivedTransfer, 'id' | 'provider' | 'amount' | 'occurredAt'>,
  byHand = false,
): Promise<boolean> {
  const recorded = await insertCodTransfer(db, {
    transferId: `${transfer.provider}:${transfer.id}`,
    parcelId: payment.parcel_id,
    amount: transfer.amount,
    receivedAt: transfer.occurredAt,
  });
  const paid = (await markCodPaidIfCovered(db, payment.parcel_id)) || payment.paid_at !== null;
  if (recorded) {
    const unit = { code: payment.village_code ?? payment.province_code, path: payment.path, province_code: payment.province_code };
    await recordAudit(db, by, 'parcel:cod-transfer', 'parcel', {
      entityId: payment.parcel_id,
      unit,
      after: { transferId: transfer.id, amount: transfer.amount, ...(byHand ? { byHand } : {}), paid },
    });
  }
  return paid;
}
