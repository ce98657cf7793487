import type { Db } from '../platform/database.ts';
import { conflict, notFound } from '../platform/errors.ts';
import type { Actor } from '../accounts/index.ts';
import { markTransferMatched, readPayeeTransfer, type ReceivedTransfer } from '../payments/index.ts';
import { authorizeCarrier } from './carrier-access.ts';
import { findCarrierCodPayment } from './courier.repository.ts';
import { recordParcelTransfer } from './settle-cod-transfer.ts';

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
  const payment = await findCarrierCodPayment(db, carrierId, trackingCode);
  if (!payment) throw parcelNotFound(trackingCode);
  const again = transfer.state === 'matched' && transfer.matchedReference === payment.code;
  if (transfer.state !== 'unmatched' && !again) throw notWaiting(transfer);
  return db.transaction().execute(async (tx) => {
    const paid = await recordParcelTransfer(tx, actor, payment, transfer, true);
    const matched = await markTransferMatched(tx, transfer.id, payment.code);
    return { transfer: matched, parcel: { id: payment.parcel_id, trackingCode: payment.tracking_code, paid } };
  });
}
