import type { Db } from '../platform/database.ts';
import { conflict } from '../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../accounts/index.ts';
import { findTransfer, setTransferState } from './bank-transfer.repository.ts';
import { authorizePayee } from './payee-access.ts';
import { presentTransfer } from './received-transfer.presenter.ts';
import type { ReceivedTransfer } from './received-transfer.schema.ts';
import { transferNotFound } from './settle-transfer.ts';

const notWaiting = () =>
  conflict(
    'payment.transfer_not_waiting',
    {
      vi: 'Giao dịch này không còn chờ ghép (đã được ghép với một đơn hàng hoặc đang được xử lý).',
      en: 'This transfer is no longer waiting to be matched (it was matched to an order, or is still being looked at).',
    },
    'transferId',
  );

/**
 * The payee says a transfer in her queue pays for nothing she sells: it leaves the queue and is
 * kept (audited). Only a waiting transfer can be set aside, by a conditional update, so one matched
 * meanwhile stays matched; setting one aside twice changes nothing.
 */
export async function setTransferAside(db: Db, actor: Actor | null, transferId: string): Promise<ReceivedTransfer> {
  const transfer = await findTransfer(db, transferId);
  if (!transfer) throw transferNotFound(transferId);
  const scope = await authorizePayee(db, actor, { kind: transfer.payee_kind, id: transfer.payee_id });
  if (transfer.state === 'set_aside') return presentTransfer(transfer);
  return db.transaction().execute(async (tx) => {
    const after = await setTransferState(
      tx,
      transferId,
      { state: 'set_aside', matchedReference: null, unmatchedReason: transfer.unmatched_reason },
      'unmatched',
    );
    if (!after) throw notWaiting();
    await recordAudit(tx, scope.actor, 'bank_transfer:set_aside', 'bank_transfer', {
      entityId: transferId,
      unit: scope.unit,
      before: { state: transfer.state, reason: transfer.unmatched_reason },
      after: { state: after.state },
    });
    return presentTransfer(after);
  });
}
