import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import vectors from './data/lunar-test-vectors.json' with { type: 'json' };
import { AppError } from '../platform/errors.ts';
import {
  CHINA_UTC_OFFSET,
  VIETNAM_UTC_OFFSET,
  dateOfDayNumber,
  dayCanChi,
  dayNumber,
  lunarToSolar,
  lunarYearMonths,
  solarToLunar,
  tet,
  yearCanChi,
} from './lunar-calendar.rules.ts';

const FIRST_DAY = dayNumber('1900-01-01');
const LAST_DAY = dayNumber('2100-12-31');
const anyDay = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(dateOfDayNumber);

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

describe('the shared lunar test vectors', () => {
  it.each(vectors.solarToLunar)('$solar is lunar $lunar.day/$lunar.month/$lunar.year', ({ solar, lunar }) => {
    expect(solarToLunar(solar)).toEqual(lunar);
  });

  it.each(vectors.lunarToSolar)('lunar $lunar.day/$lunar.month/$lunar.year is $solar', ({ lunar, solar }) => {
    expect(lunarToSolar(lunar)).toBe(solar);
  });

  it.each(vectors.tetDiffersFromChina)('Tết $lunarYear: $vietnamTet in Vietnam (UTC+7), $chinaNewYear in China (UTC+8)', (v) => {
    expect(tet(v.lunarYear, VIETNAM_UTC_OFFSET)).toBe(v.vietnamTet);
    expect(tet(v.lunarYear, CHINA_UTC_OFFSET)).toBe(v.chinaNewYear);
    expect(solarToLunar(v.vietnamTet)).toEqual({ day: 1, month: 1, year: v.lunarYear, leap: false });
  });

  it('1985-02-20 is the second month in Vietnam and New Year in China', () => {
    expect(solarToLunar('1985-02-20', VIETNAM_UTC_OFFSET)).toEqual({ day: 1, month: 2, year: 1985, leap: false });
    expect(solarToLunar('1985-02-20', CHINA_UTC_OFFSET)).toEqual({ day: 1, month: 1, year: 1985, leap: false });
  });

  // The libraries disagree on these (a new moon close to local midnight); no official calendar was
  // at hand. This records what we compute, always a real day (never amlich's "day 0"), so a change
  // of algorithm that moves them shows up here.
  it.each([
    ['2054-05-07', { day: 30, month: 3, year: 2054, leap: false }],
    ['2062-04-09', { day: 30, month: 2, year: 2062, leap: false }],
    ['2072-12-09', { day: 30, month: 10, year: 2072, leap: false }],
    ['2077-11-15', { day: 30, month: 9, year: 2077, leap: false }],
  ] as const)('unresolved edge date %s: we compute %o', (solar, lunar) => {
    expect(vectors.unresolvedEdgeDates.cases.map((c) => c.solar)).toContain(solar);
    expect(solarToLunar(solar)).toEqual(lunar);
  });
});

describe('known Vietnamese calendar facts', () => {
  it.each([
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
  ])('Tết %i is %s', (year, date) => {
    expect(tet(year)).toBe(date);
  });

  it.each([
    [2012, 4],
    [2014, 9],
    [2017, 6],
    [2020, 4],
    [2023, 2],
    [2025, 6],
  ])('lunar year %i has leap month %i', (year, month) => {
    expect(
      lunarYearMonths(year)
        .filter((m) => m.leap)
        .map((m) => m.month),
    ).toEqual([month]);
  });

  it('years without a leap month have exactly twelve', () => {
    expect(lunarYearMonths(2024)).toHaveLength(12);
    expect(lunarYearMonths(2026)).toHaveLength(12);
  });

  it('a leap month converts both ways', () => {
    const leap = { day: 1, month: 6, year: 2025, leap: true };
    expect(solarToLunar(lunarToSolar(leap))).toEqual(leap);
    expect(lunarToSolar(leap)).not.toBe(lunarToSolar({ ...leap, leap: false }));
  });

  it('can-chi of years and days', () => {
    expect(yearCanChi(2026).name).toBe('Bính Ngọ');
    expect(yearCanChi(2025).name).toBe('Ất Tỵ');
    expect(yearCanChi(1985).name).toBe('Ất Sửu');
    expect(dayCanChi('2024-02-10').name).toBe('Giáp Thìn');
  });

  it('a day advances both cycles by one; the sexagenary cycle closes after sixty days', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        const today = dayCanChi(date);
        const next = dayCanChi(dateOfDayNumber(dayNumber(date) + 1));
        const sixtyOn = dayCanChi(dateOfDayNumber(dayNumber(date) + 60));
        expect(sixtyOn).toEqual(today);
        expect(next).not.toEqual(today);
      }),
    );
  });
});

describe('refusals', () => {
  it('names what is wrong, in Vietnamese and English', () => {
    expect(errorCode(() => solarToLunar('2025-02-30'))).toBe('lunar.bad_date');
    expect(errorCode(() => solarToLunar('1700-01-01'))).toBe('lunar.out_of_range');
    expect(errorCode(() => solarToLunar('2025-01-01', 15))).toBe('lunar.bad_utc_offset');
    expect(errorCode(() => lunarToSolar({ day: 1, month: 5, year: 2025, leap: true }))).toBe('lunar.no_such_month');
    expect(errorCode(() => lunarToSolar({ day: 1, month: 13, year: 2025, leap: false }))).toBe('lunar.no_such_month');
    const shortMonth = lunarYearMonths(2025).find((m) => m.length === 29)!;
    expect(errorCode(() => lunarToSolar({ day: 30, month: shortMonth.month, year: 2025, leap: shortMonth.leap }))).toBe('lunar.no_such_day');
    expect(errorCode(() => lunarToSolar({ day: 0, month: 1, year: 2025, leap: false }))).toBe('lunar.no_such_day');
  });
});

describe('properties over 1900–2100', () => {
  it('every day of 1900–2100 converts solar → lunar → solar unchanged (UTC+7)', () => {
    const mismatches: string[] = [];
    for (let jdn = FIRST_DAY; jdn <= LAST_DAY; jdn++) {
      const date = dateOfDayNumber(jdn);
      const lunar = solarToLunar(date);
      if (lunarToSolar(lunar) !== date) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it('the first and last days of the range round-trip too (their lunar years reach outside it)', () => {
    for (const date of ['1800-01-01', '2199-12-31']) expect(lunarToSolar(solarToLunar(date))).toBe(date);
    expect(solarToLunar('1800-01-01').year).toBe(1799);
    expect(solarToLunar('2199-12-31').year).toBe(2199);
  });

  it('random days round-trip for China too (UTC+8)', () => {
    fc.assert(fc.property(anyDay, (date) => lunarToSolar(solarToLunar(date, CHINA_UTC_OFFSET), CHINA_UTC_OFFSET) === date));
  });

  it('each lunar year has 12 or 13 months of 29 or 30 days, one leap month exactly when 13, numbered in order', () => {
    for (let year = 1900; year <= 2100; year++) {
      const months = lunarYearMonths(year);
      expect([12, 13]).toContain(months.length);
      expect(months.every((m) => m.length === 29 || m.length === 30)).toBe(true);
      const leaps = months.filter((m) => m.leap);
      expect(leaps.length).toBe(months.length - 12);
      // Regular months 1..12 in order; a leap month follows the month whose number it repeats.
      expect(months.filter((m) => !m.leap).map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      months.forEach((m, i) => {
        if (m.leap) expect(months[i - 1]).toMatchObject({ month: m.month, leap: false });
        if (i > 0) expect(m.firstDay).toBe(months[i - 1]!.firstDay + months[i - 1]!.length);
      });
      // The year ends where the next one begins.
      const last = months.at(-1)!;
      expect(dateOfDayNumber(last.firstDay + last.length)).toBe(tet(year + 1));
    }
  });

  it('consecutive days: the lunar day goes up by one, or a new month starts on day 1', () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        const today = solarToLunar(date);
        const tomorrow = solarToLunar(dateOfDayNumber(dayNumber(date) + 1));
        if (tomorrow.day === 1) expect([29, 30]).toContain(today.day);
        else expect(tomorrow).toEqual({ ...today, day: today.day + 1 });
      }),
    );
  });
});
