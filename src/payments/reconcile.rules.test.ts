import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../platform/errors.ts';
import { BY_HAND_REASONS, matchTransfer, reconcile, reconcileCredits, type CodesFound } from './reconcile.rules.ts';
import { BANK_PROVIDERS } from './bank-webhook.schema.ts';

const transfer = (id: string, amount: number, direction: 'in' | 'out' = 'in', provider: 'casso' | 'sepay' = 'sepay') => ({
  provider,
  providerTransactionId: id,
  direction,
  amount,
});

const anyTransfer = fc.record({
  provider: fc.constantFrom(...BANK_PROVIDERS),
  providerTransactionId: fc.stringMatching(/^[0-9]{1,6}$/),
  direction: fc.constantFrom('in' as const, 'out' as const),
  amount: fc.integer({ min: 1, max: 50_000_000 }),
});
/** Transfers with distinct ids, so that no two copies disagree. */
const transfers = fc.uniqueArray(anyTransfer, { selector: (t) => `${t.provider}:${t.providerTransactionId}`, maxLength: 8 });
const amountDue = fc.integer({ min: 1, max: 100_000_000 });

describe('the payment state of an order', () => {
  it('unpaid, partly paid, paid, overpaid with the excess', () => {
    expect(reconcile(250_000, [])).toMatchObject({ status: 'unpaid', paid: 0, remaining: 250_000, excess: 0 });
    expect(reconcile(250_000, [transfer('1', 100_000)])).toMatchObject({ status: 'partly_paid', paid: 100_000, remaining: 150_000, excess: 0 });
    expect(reconcile(250_000, [transfer('1', 100_000), transfer('2', 150_000)])).toMatchObject({ status: 'paid', paid: 250_000, remaining: 0, excess: 0 });
    expect(reconcile(250_000, [transfer('1', 300_000)])).toMatchObject({ status: 'overpaid', paid: 300_000, remaining: 0, excess: 50_000 });
  });

  it('a replayed notification counts once; the same id from another provider is another transfer', () => {
    expect(reconcile(250_000, [transfer('1', 250_000), transfer('1', 250_000)])).toMatchObject({ status: 'paid', paid: 250_000, transferIds: ['sepay:1'] });
    expect(reconcile(250_000, [transfer('1', 250_000, 'in', 'sepay'), transfer('1', 250_000, 'in', 'casso')]).status).toBe('overpaid');
  });

  it('money leaving the account is not a payment', () => {
    expect(reconcile(250_000, [transfer('1', 250_000, 'out')]).status).toBe('unpaid');
  });

  it('two copies of one transaction with different amounts are refused, not added', () => {
    try {
      reconcile(250_000, [transfer('1', 250_000), transfer('1', 25_000)]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('payment.conflicting_copies');
    }
  });

  it.each([0, -1, 1.5, Number.NaN])('an amount due of %s is refused', (due) => {
    expect(() => reconcile(due, [])).toThrow(AppError);
  });
});

describe('properties', () => {
  it('several transfers add up: paid is the sum of the incoming ones, and the state follows from it', () => {
    fc.assert(
      fc.property(amountDue, transfers, (due, list) => {
        const state = reconcile(due, list);
        const sum = list.filter((t) => t.direction === 'in').reduce((s, t) => s + t.amount, 0);
        expect(state.paid).toBe(sum);
        expect(state.paid - state.excess + state.remaining).toBe(due);
        expect(state.status).toBe(sum === 0 ? 'unpaid' : sum < due ? 'partly_paid' : sum === due ? 'paid' : 'overpaid');
      }),
    );
  });

  it('the order of transfers does not matter', () => {
    fc.assert(
      fc.property(
        amountDue,
        transfers.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))),
        (due, [list, shuffled]) => {
          expect(reconcile(due, shuffled)).toEqual(reconcile(due, list));
        },
      ),
    );
  });

  it('money credited and known by its transfer id, as an order keeps it, reconciles as the transfers it came from', () => {
    fc.assert(
      fc.property(amountDue, transfers, (due, list) => {
        const credited = list.filter((t) => t.direction === 'in').map((t) => ({ transferId: `${t.provider}:${t.providerTransactionId}`, amount: t.amount }));
        expect(reconcileCredits(due, [...credited, ...credited])).toEqual(reconcile(due, list));
      }),
    );
    expect(() =>
      reconcileCredits(250_000, [
        { transferId: 'sepay:1', amount: 250_000 },
        { transferId: 'sepay:1', amount: 25_000 },
      ]),
    ).toThrow(AppError);
  });

  it('every transfer repeated any number of times counts once', () => {
    fc.assert(
      fc.property(amountDue, transfers, fc.array(fc.nat()), (due, list, repeats) => {
        fc.pre(list.length > 0);
        const replayed = [...list, ...repeats.map((r) => list[r % list.length]!)];
        expect(reconcile(due, replayed)).toEqual(reconcile(due, list));
      }),
    );
  });
});

describe('which order a transfer pays', () => {
  // Codes as orders makes them. Finding them in a content the bank mangled is orders' rule
  // (findOrderCodes, tested there and in the payment journey); here each finding is given.
  const mine = 'BS6H4K9QW';
  const alsoMine = 'BSR27XMP3';
  const elsewhere = 'BSZ8D5T2N';
  const isShopOrder = (code: string) => code === mine || code === alsoMine;
  const incoming = (content: string) => ({ direction: 'in' as const, content });
  const finds =
    (codes: string[], truncated: string | null = null) =>
    (): CodesFound => ({ codes, truncated });

  it('one code of the shop’s orders is matched, in the transfer’s own content, even beside another shop’s', () => {
    const read: string[] = [];
    const finder = (content: string): CodesFound => {
      read.push(content);
      return { codes: [mine], truncated: null };
    };
    expect(matchTransfer(incoming(`IBFT ${mine} thanh toán`), finder, isShopOrder)).toEqual({ kind: 'order', orderCode: mine });
    expect(read).toEqual([`IBFT ${mine} thanh toán`]);
    // Another shop's code beside ours does not stop the match: it is not this shop's order.
    expect(matchTransfer(incoming(`${elsewhere} ${mine}`), finds([elsewhere, mine]), isShopOrder)).toEqual({ kind: 'order', orderCode: mine });
  });

  it('everything else waits for the seller, with the reason', () => {
    expect(matchTransfer(incoming('chuyen tien mua thuoc'), finds([]), isShopOrder)).toEqual({
      kind: 'by_hand',
      reason: 'no_code',
      codes: [],
      hint: null,
    });
    expect(matchTransfer(incoming(`MBVCB.3278907687.${mine.slice(0, -1)}`), finds([], mine.slice(0, -1)), isShopOrder)).toEqual({
      kind: 'by_hand',
      reason: 'no_code',
      codes: [],
      hint: mine.slice(0, -1),
    });
    expect(matchTransfer(incoming(elsewhere), finds([elsewhere]), isShopOrder)).toEqual({
      kind: 'by_hand',
      reason: 'unknown_code',
      codes: [elsewhere],
      hint: null,
    });
    expect(matchTransfer(incoming(`${mine} ${alsoMine}`), finds([mine, alsoMine]), isShopOrder)).toEqual({
      kind: 'by_hand',
      reason: 'several_orders',
      codes: [mine, alsoMine],
      hint: null,
    });
    for (const reason of Object.values(BY_HAND_REASONS)) expect(reason.vi && reason.en).toBeTruthy();
  });

  it('money leaving the account is not a payment, whatever its content: its codes are not even looked for', () => {
    const notRead = (): CodesFound => {
      throw new Error('the content of money going out is not read');
    };
    expect(matchTransfer({ direction: 'out', content: mine }, notRead, isShopOrder)).toEqual({ kind: 'not_a_payment' });
  });
});
