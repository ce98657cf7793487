import type { Db } from './platform/database.ts';
import { conflict, notFound } from './platform/errors.ts';
import type { Actor } from './accounts/index.ts';
import { authorizeShop } from './market/index.ts';
import { parseOrderCode, recordOrderPayment, STATUS_NAMES, type OrderPaymentResult } from './orders/index.ts';
import { markTransferMatched, readPayeeTransfer, type ReceivedTransfer } from './payments/index.ts';

export interface ShopTransferMatch {
  transfer: ReceivedTransfer;
  order: OrderPaymentResult & { code: string; statusName: { vi: string; en: string } };
}

const transferNotFound = () =>
  notFound('payment.transfer_not_found', { vi: 'Cửa hàng không có giao dịch chuyển khoản này.', en: 'The shop has no such bank transfer.' }, 'transferId');

const notWaiting = (transfer: ReceivedTransfer) =>
  conflict(
    'payment.transfer_not_waiting',
    transfer.state === 'matched'
      ? {
          vi: `Giao dịch này đã được ghép với đơn ${transfer.matchedReference ?? ''}.`,
          en: `This transfer is already matched to order ${transfer.matchedReference ?? ''}.`,
        }
      : { vi: 'Giao dịch này không còn chờ ghép với đơn hàng.', en: 'This transfer is no longer waiting to be matched to an order.' },
    'transferId',
  );

/**
 * The seller matches a transfer from her queue (no code, a code the bank mangled) to one of her
 * orders awaiting payment: credited like a notified transfer, under the same transfer id, so a
 * second tap, or a retry after a lost answer, credits nothing twice, and a tap on another order
 * meanwhile is refused by orders (one transfer, one order). Composed here because it joins two
 * modules, as the automatic settlement does (settle-shop-transfer.ts).
 */
export async function matchShopTransfer(db: Db, caller: Actor | null, shopId: string, transferId: string, orderCode: string): Promise<ShopTransferMatch> {
  const { actor } = await authorizeShop(db, caller, 'shop:sell', shopId);
  const code = parseOrderCode(orderCode);
  const transfer = await readPayeeTransfer(db, { kind: 'shop', id: shopId }, transferId);
  if (!transfer) throw transferNotFound();
  const again = transfer.state === 'matched' && transfer.matchedReference === code;
  if (transfer.state !== 'unmatched' && !again) throw notWaiting(transfer);
  const order = await recordOrderPayment(db, {
    orderCode: code,
    shopId,
    transferId: `${transfer.provider}:${transfer.id}`,
    amount: transfer.amount,
    receivedAt: new Date(transfer.occurredAt),
    byHand: { id: actor.id, username: actor.username },
  });
  const matched = await markTransferMatched(db, transfer.id, code);
  return { transfer: matched, order: { ...order, code, statusName: STATUS_NAMES[order.orderStatus] } };
}
