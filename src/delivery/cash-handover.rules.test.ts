import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holderParcels } from './cash-day.rules.ts';
import { reconcileDay, shareTransfers, type CourierDayParcel, type ParcelTransfer } from './cash-handover.rules.ts';

const parcel = (trackingCode: string, codAmount: number, change: Partial<CourierDayParcel> = {}): CourierDayParcel => ({
  parcelId: `p-${trackingCode}`,
  trackingCode,
  codAmount,
  delivered: true,
  payment: null,
  codCollected: 0,
  ...change,
});
const transfer = (transferId: string, trackingCode: string, amount: number, content?: string): ParcelTransfer => ({
  transferId,
  parcelId: `p-${trackingCode}`,
  amount,
  content,
});

describe('a day of money held by a courier or a pickup point', () => {
  it('asks for the COD of the parcels delivered against cash, and takes the transfers recorded for each parcel', () => {
    const day = reconcileDay(
      [
        parcel('BE001', 250_000, { payment: 'cash', codCollected: 250_000 }),
        parcel('BE002', 480_000, { payment: 'transfer' }),
        parcel('BE003', 0),
        parcel('BE004', 90_000, { delivered: false }),
      ],
      [transfer('t1', 'BE002', 480_000)],
    );
    expect(day).toEqual({
      delivered: 3,
      cashToHandOver: 250_000,
      cashRecorded: 250_000,
      transfersReceived: 480_000,
      matched: [{ transferId: 't1', parcelId: 'p-BE002', trackingCode: 'BE002', amount: 480_000 }],
      discrepancies: [],
    });
  });

  it('takes a transfer for a parcel paid in cash off the cash owed, and flags it', () => {
    const day = reconcileDay([parcel('BE010', 250_000, { payment: 'cash', codCollected: 250_000 })], [transfer('t1', 'BE010', 50_000)]);
    expect(day.cashToHandOver).toBe(200_000);
    expect(day.discrepancies).toEqual([{ kind: 'transfer_differs', parcelId: 'p-BE010', trackingCode: 'BE010', expected: 250_000, received: 50_000 }]);
    expect(reconcileDay([parcel('BE011', 100_000, { payment: 'cash', codCollected: 100_000 })], [transfer('t', 'BE011', 120_000)]).cashToHandOver).toBe(0);
  });

  it('flags a parcel paid neither way, cash that is not the COD, a short transfer and a transfer for a parcel not delivered', () => {
    const day = reconcileDay(
      [
        parcel('BE011', 300_000, { payment: 'transfer' }),
        parcel('BE012', 150_000, { payment: 'cash', codCollected: 100_000 }),
        parcel('BE013', 200_000, { payment: 'transfer' }),
        parcel('BE014', 70_000, { delivered: false }),
      ],
      [transfer('t1', 'BE013', 190_000), transfer('t2', 'BE014', 70_000, 'BSK2M9QAB chuyen tien')],
    );
    expect(day.cashToHandOver).toBe(150_000);
    expect(day.cashRecorded).toBe(100_000);
    expect(day.discrepancies).toEqual([
      { kind: 'transfer_without_parcel', transferId: 't2', amount: 70_000, content: 'BSK2M9QAB chuyen tien' },
      { kind: 'unpaid', parcelId: 'p-BE011', trackingCode: 'BE011', expected: 300_000 },
      { kind: 'cash_differs', parcelId: 'p-BE012', trackingCode: 'BE012', expected: 150_000, recorded: 100_000 },
      { kind: 'transfer_differs', parcelId: 'p-BE013', trackingCode: 'BE013', expected: 200_000, received: 190_000 },
    ]);
  });

  it('takes two transfers for one parcel when they add up to its COD', () => {
    const split = reconcileDay([parcel('BE020', 100_000, { payment: 'transfer' })], [transfer('a', 'BE020', 60_000), transfer('b', 'BE020', 40_000)]);
    expect(split.discrepancies).toEqual([]);
    expect(split.matched.map((m) => m.transferId)).toEqual(['a', 'b']);
  });

  it('gives each transfer to whoever delivered its parcel that day, else to whoever tried', () => {
    const holders = new Map([
      ['tu', [parcel('BE001', 100_000, { delivered: false }), parcel('BE002', 200_000, { delivered: false })]],
      ['point', [parcel('BE001', 100_000, { payment: 'cash', codCollected: 100_000 })]],
    ]);
    const shared = shareTransfers([transfer('a', 'BE001', 1), transfer('b', 'BE002', 2)], holders);
    expect(Object.fromEntries([...shared].map(([h, ts]) => [h, ts.map((t) => t.transferId)]))).toEqual({ tu: ['b'], point: ['a'] });
  });

  it('counts a parcel delivered at a second attempt as delivered, with that delivery’s payment', () => {
    const event = { holder: 'tu', parcel_id: 'p1', tracking_code: 'BE001', cod_amount: '90000', cod_collected: 0 } as const;
    const parcels = holderParcels([
      { ...event, kind: 'failed', payment: null },
      { ...event, kind: 'delivered', payment: 'cash', cod_collected: 90_000 },
    ]);
    expect(parcels.get('tu')).toEqual([{ parcelId: 'p1', trackingCode: 'BE001', codAmount: 90_000, delivered: true, payment: 'cash', codCollected: 90_000 }]);
  });

  it('accounts for every transfer and every đồng of cash, whatever the day', () => {
    const parcels = fc.uniqueArray(
      fc.record({
        n: fc.integer({ min: 100, max: 999 }),
        codAmount: fc.integer({ min: 0, max: 5_000_000 }),
        delivered: fc.boolean(),
        payment: fc.constantFrom('cash' as const, 'transfer' as const, null),
        codCollected: fc.integer({ min: 0, max: 5_000_000 }),
      }),
      { selector: (p) => p.n, minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(parcels, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 5_000_000 })), { maxLength: 20 }), (rows, sent) => {
        const transfers = sent.map(([pick, amount], i) => transfer(`t${i}`, `BE${rows[pick % rows.length]!.n}`, amount));
        const day = reconcileDay(
          rows.map((r) => parcel(`BE${r.n}`, r.codAmount, r)),
          transfers,
        );
        const received = (r: (typeof rows)[number]) => transfers.filter((t) => t.parcelId === `p-BE${r.n}`).reduce((s, t) => s + t.amount, 0);
        const cash = rows.filter((r) => r.delivered && r.payment === 'cash');
        expect(day.cashToHandOver).toBe(cash.reduce((s, r) => s + Math.max(0, r.codAmount - received(r)), 0));
        const flagged = new Set(day.discrepancies.flatMap((d) => (d.kind === 'transfer_without_parcel' ? [d.transferId] : [])));
        const matched = new Set(day.matched.map((m) => m.transferId));
        expect(transfers.every((t) => flagged.has(t.transferId) !== matched.has(t.transferId))).toBe(true);
        expect(day.transfersReceived).toBe(transfers.reduce((s, t) => s + t.amount, 0));
        for (const r of cash.filter((c) => c.codCollected !== c.codAmount))
          expect(day.discrepancies).toContainEqual(expect.objectContaining({ kind: 'cash_differs', trackingCode: `BE${r.n}` }));
      }),
    );
  });
});
