import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAvailable, monthPeriod, parsePeriod, periodIdsOfYears, periodsOfYear, quarterPeriod, toIsoInterval, yearPeriod } from './periods.ts';

const year = fc.integer({ min: 1000, max: 9999 });
const period = fc.oneof(
  year.map(yearPeriod),
  fc.tuple(year, fc.integer({ min: 1, max: 4 })).map(([y, q]) => quarterPeriod(y, q)),
  fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, m]) => monthPeriod(y, m)),
);
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('periods', () => {
  it('parse what they format, and format what they parse', () => {
    fc.assert(
      fc.property(period, (p) => {
        expect(parsePeriod(p.id)).toEqual(p);
      }),
    );
  });

  it('parse any text either to a period written exactly so, or to nothing', () => {
    const text = fc.oneof(fc.string({ maxLength: 8 }), fc.stringMatching(/^\d{4}(Q\d|\d{2})?$/));
    fc.assert(
      fc.property(text, (s) => {
        const p = parsePeriod(s);
        if (p) expect(p.id).toBe(s);
        else expect(s).not.toMatch(/^\d{4}(Q[1-4]|0[1-9]|1[0-2])?$/);
      }),
    );
  });

  it('refuse what DHIS2 would not write', () => {
    for (const bad of ['2025Q0', '2025Q5', '202500', '202513', '25', '2025-01', '2025W1', ' 2025', '2025q1']) expect(parsePeriod(bad), bad).toBeNull();
  });

  it('cut a year into four quarters and twelve months, each within it and without gaps', () => {
    fc.assert(
      fc.property(year, (y) => {
        const all = periodsOfYear(y);
        expect(all.map((p) => p.year)).toEqual(Array(17).fill(y));
        for (const type of ['quarter', 'month'] as const) {
          const parts = all.filter((p) => p.type === type);
          expect(parts[0]!.start).toBe(`${y}-01-01`);
          expect(parts.at(-1)!.end).toBe(`${y}-12-31`);
          for (let i = 1; i < parts.length; i++) expect(parts[i]!.start).toBe(nextDay(parts[i - 1]!.end));
        }
        // A quarter is its three months.
        for (let q = 1; q <= 4; q++) {
          const quarter = quarterPeriod(y, q);
          expect([monthPeriod(y, 3 * q - 2).start, monthPeriod(y, 3 * q).end]).toEqual([quarter.start, quarter.end]);
        }
      }),
    );
  });

  it('know February’s length, leap years included', () => {
    expect(monthPeriod(2024, 2).end).toBe('2024-02-29');
    expect(monthPeriod(2025, 2).end).toBe('2025-02-28');
    expect(monthPeriod(2100, 2).end).toBe('2100-02-28');
    expect(quarterPeriod(2025, 2)).toEqual({ id: '2025Q2', type: 'quarter', year: 2025, start: '2025-04-01', end: '2025-06-30' });
  });

  it('list the periods of several years without sharing one between years', () => {
    const ids = periodIdsOfYears([2024, 2025]);
    expect(ids).toHaveLength(34);
    expect(new Set(ids).size).toBe(34);
    expect(ids).toEqual(expect.arrayContaining(['2025', '2025Q3', '202508', '2024Q4', '202412']));
  });

  it('hold data from the first year to today, a later quarter or month outside it', () => {
    const today = '2026-11-25';
    expect(isAvailable(parsePeriod('2021')!, today)).toBe(true);
    expect(isAvailable(parsePeriod('2020')!, today)).toBe(false);
    expect(isAvailable(parsePeriod('2026')!, today)).toBe(true);
    expect(isAvailable(parsePeriod('2026Q4')!, today)).toBe(true);
    expect(isAvailable(parsePeriod('202611')!, today)).toBe(true);
    expect(isAvailable(parsePeriod('202612')!, today)).toBe(false);
    expect(isAvailable(parsePeriod('2027Q1')!, today)).toBe(false);
    fc.assert(
      fc.property(period, (p) => {
        expect(isAvailable(p, today)).toBe(p.year >= 2021 && p.start <= today);
      }),
    );
  });

  it('write ADX periods as ISO 8601 intervals', () => {
    expect(['2025', '2025Q1', '2025Q4', '202503'].map((id) => toIsoInterval(parsePeriod(id)!))).toEqual([
      '2025-01-01/P1Y',
      '2025-01-01/P3M',
      '2025-10-01/P3M',
      '2025-03-01/P1M',
    ]);
  });
});
