import type { Db } from './platform/database.ts';
import { AppError } from './platform/errors.ts';
import { findOrderCodes, recordOrderPayment } from './orders/index.ts';
import { markTransferMatched, markTransferUnmatched, readTransfer, type TransferReceived } from './payments/index.ts';

/**
 * A transfer into a shop's account, told by payments (`bank.transfer-received`), credited to the
 * order its content names; a transfer no order can take waits in the seller's queue with the
 * reason. Composed here because it joins two modules, orders below payments' knowledge. Run at
 * least once per transfer: recording the payment is idempotent by the transfer's id, and so is
 * marking it, so a handler cut short between the two does the rest when it runs again.
 */
export async function settleShopTransfer(db: Db, event: TransferReceived): Promise<void> {
  if (event.payeeKind !== 'shop') return;
  const transfer = await readTransfer(db, event.transferId);
  if (!transfer || transfer.state !== 'new') return;
  const { codes } = findOrderCodes(event.content);
  if (codes.length === 0) return void (await markTransferUnmatched(db, transfer.id, 'no_code'));
  if (codes.length > 1) return void (await markTransferUnmatched(db, transfer.id, 'several_orders'));
  const orderCode = codes[0]!;
  try {
    await recordOrderPayment(db, {
      orderCode,
      shopId: event.payeeId,
      transferId: `${transfer.provider}:${transfer.id}`,
      amount: event.amount,
      receivedAt: new Date(event.occurredAt),
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'order.unknown_code') return void (await markTransferUnmatched(db, transfer.id, 'unknown_code'));
    throw error;
  }
  await markTransferMatched(db, transfer.id, orderCode);
}
