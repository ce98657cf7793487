import { describe, expect, it } from 'vitest';
import { violationOf as violation } from '../../../testing/validation-test-kit.ts';
import { comparisonText, foundOn, unitsAtFault, violationKey } from './data-checks.rules.ts';

describe('data checks', () => {
  it('writes both sides with the sign the values have, in Vietnamese numbers', () => {
    expect(comparisonText(4, 2)).toBe('4 > 2');
    expect(comparisonText(1200, 1250.5)).toBe('1.200 < 1.250,5');
    // A broken "<" can have equal sides.
    expect(comparisonText(3, 3)).toBe('3 = 3');
  });

  it('dates a violation on Vietnam’s clock', () => {
    expect(foundOn('2025-06-30T18:05:00.000Z')).toBe('01/07/2025');
    expect(foundOn('2025-06-30T16:59:00.000Z')).toBe('30/06/2025');
  });

  it('counts each village and commune once, whatever the number of rules it breaks', () => {
    const items = [
      violation('06625001', 3),
      violation('06625001', 3, { rule: 'households.adults_within_residents' }),
      violation('06625002', 3),
      violation('06625', 2),
      violation('20', 1),
    ];
    expect(unitsAtFault(items)).toEqual({ villages: 2, communes: 1 });
    expect(unitsAtFault([])).toEqual({ villages: 0, communes: 0 });
    expect(violationKey(items[1]!)).toBe('households.adults_within_residents/06625001/2025');
  });
});
