import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parcelsNamed, codeIndex, reconcileCourierDay, shareTransfers, type CourierDayParcel, type DayTransfer } from './cash-handover.rules.ts';

const parcel = (trackingCode: string, codAmount: number, change: Partial<CourierDayParcel> = {}): CourierDayParcel => ({
  parcelId: `p-${trackingCode}`,
  trackingCode,
  codAmount,
  delivered: true,
  payment: null,
  codCollected: 0,
  ...change,
});
const transfer = (id: string, amount: number, content: string): DayTransfer => ({ id, amount, content });

describe('a courier’s day of money', () => {
  it('asks for the COD of the parcels delivered against cash, and matches transfers by the tracking code', () => {
    const day = reconcileCourierDay(
      [
        parcel('BE20261205001', 250_000, { payment: 'cash', codCollected: 250_000 }),
        parcel('BE20261205002', 480_000, { payment: 'transfer', codCollected: 480_000 }),
        parcel('BE20261205003', 0),
        parcel('BE20261205004', 90_000, { delivered: false }),
      ],
      [transfer('t1', 480_000, 'MBVCB.3278907687.be-2026 1205-002 thanh toan')],
    );
    expect(day).toEqual({
      delivered: 3,
      cashToHandOver: 250_000,
      cashRecorded: 250_000,
      transfersReceived: 480_000,
      matched: [{ transferId: 't1', parcelId: 'p-BE20261205002', trackingCode: 'BE20261205002', amount: 480_000 }],
      discrepancies: [],
    });
  });

  it('flags a parcel paid neither way, cash that is not the COD, a short transfer and a transfer for no delivered parcel', () => {
    const day = reconcileCourierDay(
      [
        parcel('BE20261205011', 300_000, { payment: 'transfer' }),
        parcel('BE20261205012', 150_000, { payment: 'cash', codCollected: 100_000 }),
        parcel('BE20261205013', 200_000, { payment: 'transfer' }),
        parcel('BE20261205014', 70_000, { delivered: false }),
      ],
      [transfer('t1', 190_000, 'BE20261205013'), transfer('t2', 70_000, 'BE20261205014'), transfer('t3', 5_000, 'chuyen tien')],
    );
    expect(day.cashToHandOver).toBe(150_000);
    expect(day.cashRecorded).toBe(100_000);
    expect(day.discrepancies).toEqual([
      { kind: 'transfer_without_parcel', transferId: 't2', amount: 70_000, content: 'BE20261205014' },
      { kind: 'transfer_without_parcel', transferId: 't3', amount: 5_000, content: 'chuyen tien' },
      { kind: 'unpaid', parcelId: 'p-BE20261205011', trackingCode: 'BE20261205011', expected: 300_000 },
      { kind: 'cash_differs', parcelId: 'p-BE20261205012', trackingCode: 'BE20261205012', expected: 150_000, recorded: 100_000 },
      { kind: 'transfer_differs', parcelId: 'p-BE20261205013', trackingCode: 'BE20261205013', expected: 200_000, received: 190_000 },
    ]);
  });

  it('takes one transfer for several parcels when it adds up to their COD, and two transfers for one when they do', () => {
    const parcels = [parcel('BSK2M9QAB', 100_000, { payment: 'transfer' }), parcel('BSK2M9QAC', 50_000, { payment: 'transfer' })];
    expect(reconcileCourierDay(parcels, [transfer('t', 150_000, 'BSK2M9QAB BSK2M9QAC')]).discrepancies).toEqual([]);
    expect(reconcileCourierDay(parcels, [transfer('t', 140_000, 'BSK2M9QAB BSK2M9QAC')]).discrepancies).toMatchObject([
      { kind: 'transfer_differs', expected: 150_000 },
    ]);
    const split = reconcileCourierDay(parcels.slice(0, 1), [transfer('a', 60_000, 'BSK2M9QAB'), transfer('b', 40_000, 'bsk2m9qab phan con lai')]);
    expect(split.discrepancies).toEqual([]);
    expect(split.matched.map((m) => m.transferId)).toEqual(['a', 'b']);
  });

  it('does not take a short code inside a longer one, nor a code too short to mean anything', () => {
    const index = codeIndex([
      { parcelId: 'long', trackingCode: 'BE2026120510' },
      { parcelId: 'short', trackingCode: 'BE202612051' },
      { parcelId: 'tiny', trackingCode: 'A1' },
    ]);
    expect(parcelsNamed('be-2026-1205-10', index)).toEqual(['long']);
    expect(parcelsNamed('BE202612051 A1', index)).toEqual(['short']);
  });

  it('gives each transfer to the courier whose parcel it names, and keeps the rest with the carrier', () => {
    const couriers = new Map([
      ['tu', [parcel('BE20261205001', 100_000)]],
      ['hoa', [parcel('BE20261205002', 200_000, { delivered: false })]],
    ]);
    const shared = shareTransfers([transfer('a', 1, 'BE20261205002'), transfer('b', 2, 'BE20261205001'), transfer('c', 3, 'khong ro')], couriers);
    expect(Object.fromEntries([...shared.byCourier].map(([c, ts]) => [c, ts.map((t) => t.id)]))).toEqual({ tu: ['b'], hoa: ['a'] });
    expect(shared.unattributed.map((t) => t.id)).toEqual(['c']);
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
      { selector: (p) => p.n, maxLength: 30 },
    );
    fc.assert(
      fc.property(parcels, fc.array(fc.tuple(fc.integer({ min: 100, max: 999 }), fc.integer({ min: 1, max: 5_000_000 })), { maxLength: 20 }), (rows, sent) => {
        const day = reconcileCourierDay(
          rows.map((r) => parcel(`BE2026120${r.n}`, r.codAmount, r)),
          sent.map(([n, amount], i) => transfer(`t${i}`, amount, `BE2026120${n}`)),
        );
        const cash = rows.filter((r) => r.delivered && r.payment === 'cash');
        expect(day.cashToHandOver).toBe(cash.reduce((s, r) => s + r.codAmount, 0));
        const flagged = new Set(day.discrepancies.flatMap((d) => (d.kind === 'transfer_without_parcel' ? [d.transferId] : [])));
        const matched = new Set(day.matched.map((m) => m.transferId));
        expect(sent.every((_, i) => flagged.has(`t${i}`) !== matched.has(`t${i}`))).toBe(true);
        for (const r of cash.filter((c) => c.codCollected !== c.codAmount))
          expect(day.discrepancies).toContainEqual(expect.objectContaining({ kind: 'cash_differs', trackingCode: `BE2026120${r.n}` }));
      }),
    );
  });
});
