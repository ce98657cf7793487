/** The payments module's public face: VietQR, bank notifications and reconciliation. */
export { bankByBin, buildVietQr, parseVietQr, vietQrSvg, type Bank, type VietQr, type VietQrRequest } from './vietqr.rules.ts';
export {
  DEFAULT_WINDOW_MINUTES,
  cassoSignature,
  hashApiKey,
  readCassoNotification,
  readSepayNotification,
  type CassoNotification,
  type SepayNotification,
} from './bank-webhook.rules.ts';
export { BANK_PROVIDERS, type BankProvider, type BankTransfer } from './bank-webhook.schema.ts';
export {
  BY_HAND_REASONS,
  matchTransfer,
  reconcile,
  reconcileCredits,
  type PaymentState,
  type PaymentStatus,
  type CodesFound,
  type TransferMatch,
} from './reconcile.rules.ts';
export { registerPaymentRoutes } from './payment.routes.ts';
export { insertMatchedTransfersInBulk, insertSepayFeedsInBulk, type MatchedTransferInBulk, type SepayFeedInBulk } from './bank-transfer-bulk.repository.ts';
export { TRANSFER_RECEIVED, type TransferReceived } from './transfer-received.event.ts';
export { registerPayeeAccess, type Payee, type PayeeAccess, type PayeeScope } from './payee-access.ts';
export { listUnmatchedTransfers, markTransferMatched, markTransferUnmatched, readPayeeTransfer, readTransfer } from './settle-transfer.ts';
export { receivedTransfer, type ReceivedTransfer } from './received-transfer.schema.ts';
export { readPayeeTransfers } from './read-payee-transfers.ts';
