import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quality, Technology } from './coverage.tables.ts';
import { bestStableTechnology, checkBroadband, mobileStateAsOf } from './coverage.rules.ts';

const hinDam = [
  { operatorCode: 'viettel', technology: '2G' as const, quality: 'none' as const, observedOn: '2021-01-01' },
  { operatorCode: 'viettel', technology: '4G' as const, quality: 'none' as const, observedOn: '2021-01-01' },
  { operatorCode: 'viettel', technology: '4G' as const, quality: 'stable' as const, observedOn: '2022-09-15' },
  { operatorCode: 'vnpt', technology: '3G' as const, quality: 'unstable' as const, observedOn: '2023-03-01' },
];

describe('coverage as of a day', () => {
  it('follows Hin Đăm from no signal to stable 4G in 2022', () => {
    expect(bestStableTechnology(hinDam, '2021-12-31')).toBeNull();
    expect(bestStableTechnology(hinDam, '2022-09-14')).toBeNull();
    expect(bestStableTechnology(hinDam, '2022-09-15')).toBe('4G');
    expect(bestStableTechnology(hinDam, '2025-12-31')).toBe('4G');
  });

  it('ignores unstable coverage when looking for the best stable technology', () => {
    expect(bestStableTechnology([{ operatorCode: 'a', technology: '5G', quality: 'unstable', observedOn: '2020-01-01' }], '2025-01-01')).toBeNull();
  });

  it('keeps exactly one state per operator and technology, the latest not after the day', () => {
    const record = fc.record({
      operatorCode: fc.constantFrom('viettel', 'vnpt', 'mobifone'),
      technology: fc.constantFrom<Technology>('2G', '3G', '4G', '5G'),
      quality: fc.constantFrom<Quality>('none', 'unstable', 'stable'),
      observedOn: fc.integer({ min: 2018, max: 2026 }).map((y) => `${y}-06-30`),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), fc.integer({ min: 2018, max: 2026 }), (records, year) => {
        const day = `${year}-12-31`;
        const state = mobileStateAsOf(records, day);
        const keys = state.map((s) => `${s.operatorCode}|${s.technology}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const s of state) {
          expect(s.observedOn <= day).toBe(true);
          const later = records.filter(
            (r) => r.operatorCode === s.operatorCode && r.technology === s.technology && r.observedOn > s.observedOn && r.observedOn <= day,
          );
          expect(later).toEqual([]);
        }
      }),
    );
  });

  it('refuses fibre to the home where fibre does not reach', () => {
    expect(checkBroadband({ fiberReaches: false, ftthAvailable: true }).map((i) => i.code)).toEqual(['coverage.ftth_without_fiber']);
    expect(checkBroadband({ fiberReaches: true, ftthAvailable: true })).toEqual([]);
  });
});
