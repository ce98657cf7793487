import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCalendarDate, TIME_ZONE, todayInVietnam } from './dates.ts';

describe('todayInVietnam', () => {
  it('turns the day at midnight in Hà Nội, 17:00 UTC', () => {
    expect(todayInVietnam(new Date('2026-12-05T16:59:59.999Z'))).toBe('2026-12-05');
    expect(todayInVietnam(new Date('2026-12-05T17:00:00.000Z'))).toBe('2026-12-06');
    expect(todayInVietnam(new Date('2024-02-28T17:00:00.000Z'))).toBe('2024-02-29');
  });

  it("agrees with the time zone's own calendar at any instant from 1976 to 2100", () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.date({ min: new Date('1976-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (instant) => {
        expect(todayInVietnam(instant)).toBe(zone.format(instant));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isCalendarDate', () => {
  it('takes real dates and refuses the rest', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-2-01')).toBe(false);
  });
});
