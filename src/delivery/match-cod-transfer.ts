import type { Db } from '../platform/database.ts';
import { conflict, notFound } from '../platform/errors.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { markTransferMatched, readPayeeTransfer, type ReceivedTransfer } from '../payments/index.ts';
import { authorizeCarrier } from './carrier-access.ts';
import { findCarrierCodPayment, insertCodTransfer, markCodPaidIfCovered } from './courier.repository.ts';

const transferNotFound = () =>
  notFound('payment.transfer_not_found', { vi: 'Hãng không có giao dịch chuyển khoản này.', en: 'The carrier has no such bank transfer.' }, 'transferId');

const parcelNotFound = (trackingCode: string) =>
  notFound(
    'delivery.cod_parcel_not_found',
    {
      vi: `Hãng không có bưu gửi thu hộ ${trackingCode} có mã chuyển khoản.`,
      en: `The carrier has no COD parcel ${trackingCode} with a transfer code.`,
    },
    'trackingCode',
  );

const notWaiting = (transfer: ReceivedTransfer) =>
  conflict(
    'payment.transfer_not_waiting',
    transfer.state === 'matched'
      ? {
          vi: `Giao dịch này đã được ghép với ${transfer.matchedReference ?? ''}.`,
          en: `This transfer is already matched to ${transfer.matchedReference ?? ''}.`,
        }
      : { vi: 'Giao dịch này không còn chờ ghép.', en: 'This transfer is no longer waiting to be matched.' },
    'transferId',
  );

/**
 * A dispatcher matches a transfer from the carrier's queue (no code in its content, a code the bank
 * mangled past reading) to the COD parcel it pays, by the parcel's tracking code: recorded as the
 * bank's own notice would be (settle-cod-transfer.ts), under the same transfer id, so a second tap
 * or a retry after a lost answer records nothing twice; the parcel turns paid once its transfers
 * cover the COD amount, and the end of the day counts it as a transfer, not as cash.
 */
export async function matchCodTransfer(
  db: Db,
  caller: Actor | null,
  carrierId: string,
  transferId: string,
  trackingCode: string,
): Promise<{ transfer: ReceivedTransfer; parcel: { id: string; trackingCode: string; paid: boolean } }> {
  const { actor } = await authorizeCarrier(db, caller, carrierId);
  const transfer = await readPayeeTransfer(db, { kind: 'carrier', id: carrierId }, transferId);
  if (!transfer) throw transferNotFound();
  const payment = await findCarrierCodPayment(db, carrierId, trackingCode.trim());
  if (!payment) throw parcelNotFound(trackingCode.trim());
  const again = transfer.state === 'matched' && transfer.matchedReference === payment.code;
  if (transfer.state !== 'unmatched' && !again) throw notWaiting(transfer);
  return db.transaction().execute(async (tx) => {
    const recorded = await insertCodTransfer(tx, {
      transferId: `${transfer.provider}:${transfer.id}`,
      parcelId: payment.parcel_id,
      amount: transfer.amount,
      receivedAt: transfer.occurredAt,
    });
    const paidNow = await markCodPaidIfCovered(tx, payment.parcel_id);
    if (recorded) {
      const unit = { code: payment.village_code ?? payment.province_code, path: payment.path, province_code: payment.province_code };
      await recordAudit(tx, actor, 'parcel:cod-transfer', 'parcel', {
        entityId: payment.parcel_id,
        unit,
        after: { transferId: transfer.id, amount: transfer.amount, byHand: true, paid: paidNow || payment.paid_at !== null },
      });
    }
    const matched = await markTransferMatched(tx, transfer.id, payment.code);
    return { transfer: matched, parcel: { id: payment.parcel_id, trackingCode: payment.tracking_code, paid: paidNow || payment.paid_at !== null } };
  });
}
