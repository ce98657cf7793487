import { describe, expect, it } from 'vitest';
import {
  buildVietQr,
  cassoSignature,
  hashApiKey,
  parseVietQr,
  readCassoNotification,
  readSepayNotification,
  reconcile,
  type BankTransfer,
} from '../payments/index.ts';
import { findOrderCodes, newOrderCode } from './index.ts';

/**
 * The pure part of a payment from end to end, through the modules' public faces: the order's
 * code goes into a VietQR, the buyer's bank mangles the content, the seller's provider notifies,
 * the code is found in the content and the order's payment state follows. No database: what later
 * work stores and serves is built on exactly these steps.
 */
describe('an order paid by VietQR and reconciled from the bank notifications', () => {
  const checksumKey = 'khoa-casso-cua-hang-thuoc-nam-lang-dong';
  const apiKey = 'khoa-sepay-cua-hang-thuoc-nam-lang-dong';
  const now = new Date('2026-03-10T03:15:00Z');
  const order = { code: newOrderCode(), amountDue: 480_000 };
  const qr = parseVietQr(buildVietQr({ bankBin: '970405', accountNumber: '8888123456789', amount: order.amountDue, purpose: order.code }));

  function cassoTransfer(id: number, amount: number, description: string): BankTransfer {
    const body = {
      error: 0,
      data: { id, reference: `FT26069${id}`, description, amount, runningBalance: 0, transactionDateTime: '2026-03-10 10:14:51', accountNumber: qr.consumer },
    };
    return readCassoNotification({ signature: cassoSignature(body, checksumKey, now.getTime() - 4_000), body, checksumKey, now });
  }

  it('the buyer pays short by Casso, then the rest via SePay; a replay changes nothing', () => {
    expect(qr).toMatchObject({ amount: 480_000, purpose: order.code, bank: { shortName: 'Agribank' } });

    // The buyer's bank lower-cases the content, splits the code and adds its own reference.
    const mangled = `MBVCB.9912345.${qr.purpose!.slice(0, 4).toLowerCase()} ${qr.purpose!.slice(4)}.CT tu 0912345678 toi 8888123456789`;
    const first = cassoTransfer(1001, 400_000, mangled);
    expect(findOrderCodes(first.content).codes).toEqual([order.code]);
    expect(reconcile(order.amountDue, [first])).toMatchObject({ status: 'partly_paid', remaining: 80_000 });

    const rest = readSepayNotification({
      authorization: `Apikey ${apiKey}`,
      apiKeyHash: hashApiKey(apiKey),
      body: {
        id: 55,
        gateway: 'Agribank',
        transactionDate: '2026-03-10 10:20:02',
        accountNumber: qr.consumer,
        content: `Thanh toán nốt ${order.code}`,
        transferType: 'in',
        transferAmount: 80_000,
        referenceCode: null,
      },
    });
    expect(findOrderCodes(rest.content).codes).toEqual([order.code]);
    const replayOfFirst = cassoTransfer(1001, 400_000, mangled);
    expect(reconcile(order.amountDue, [first, rest, replayOfFirst])).toMatchObject({ status: 'paid', paid: 480_000, remaining: 0, excess: 0 });
  });
});
