import type { Db } from '../platform/database.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { buildVietQr } from '../payments/index.ts';
import { upsertCarrierCodAccount } from './courier.repository.ts';
import { authorizeCarrier } from './carrier-access.ts';

export interface CodAccount {
  bankBin: string;
  accountNumber: string;
  holderName: string;
}

/**
 * The account a carrier collects COD into when a recipient pays a manifest's parcel by VietQR at
 * the door. Checked by building a QR for it (payments' rules: a bank that takes VietQR, an account
 * number it can carry), so a courier never shows a QR no bank app reads.
 */
export async function setCarrierCodAccount(db: Db, caller: Actor | null, carrierId: string, account: CodAccount): Promise<CodAccount> {
  const { actor, unit } = await authorizeCarrier(db, caller, carrierId, 'delivery:manage');
  buildVietQr({ bankBin: account.bankBin, accountNumber: account.accountNumber, amount: 1000, purpose: 'BS' });
  await upsertCarrierCodAccount(db, { carrierId, ...account });
  await recordAudit(db, actor, 'carrier:cod-account', 'carrier', {
    entityId: carrierId,
    unit,
    after: { bankBin: account.bankBin, holderName: account.holderName },
  });
  return account;
}
