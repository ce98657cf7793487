import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMonth, remittanceLines, type MonthAmount } from './cod-remittance.rules.ts';

describe('what a carrier owes each seller', () => {
  it('nets each month’s remittances against that month’s collections, newest month first', () => {
    const at = (shopId: string, month: string, amount: number): MonthAmount => ({ shopId, carrierId: 'best', month, amount });
    expect(
      remittanceLines([at('herbs', '2026-11', 350_000), at('honey', '2026-12', 80_000)], [at('herbs', '2026-11', 200_000), at('herbs', '2026-11', 150_000)]),
    ).toEqual([
      { shopId: 'honey', carrierId: 'best', month: '2026-12', collected: 80_000, remitted: 0, owed: 80_000 },
      { shopId: 'herbs', carrierId: 'best', month: '2026-11', collected: 350_000, remitted: 350_000, owed: 0 },
    ]);
  });

  it('keeps every đồng: what is owed in all is what was collected less what was remitted', () => {
    const amounts = fc.array(
      fc.record({
        shopId: fc.constantFrom('a', 'b'),
        carrierId: fc.constantFrom('x', 'y'),
        month: fc.constantFrom('2026-01', '2026-02'),
        amount: fc.nat(10_000_000),
      }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(amounts, amounts, (collected, remitted) => {
        const lines = remittanceLines(collected, remitted);
        const sum = (xs: readonly { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);
        expect(lines.reduce((s, l) => s + l.owed, 0)).toBe(sum(collected) - sum(remitted));
        expect(new Set(lines.map((l) => `${l.shopId}${l.carrierId}${l.month}`)).size).toBe(lines.length);
      }),
    );
  });

  it('reads a month only as YYYY-MM with a real month', () => {
    expect(['2026-01', '2026-12'].every(isMonth)).toBe(true);
    expect(['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01'].some(isMonth)).toBe(false);
  });
});
