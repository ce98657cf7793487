import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import vectors from './data/lunar-test-vectors.json' with { type: 'json' };
import { AppError, readBilingual } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { dateOfDayNumber, dayCanChi, dayNumber, lunarToSolar, solarToLunar } from './lunar-calendar.rules.ts';
import { describeMarketSchedule, describeNextMarketDay, marketDayOn, marketDaysBetween, nextMarketDays, sellerCalendar } from './market-day.rules.ts';
import { marketSchedule, type MarketSchedule } from './market-day.schema.ts';

const examples = Object.fromEntries(vectors.periodicMarketExamples.map((e) => [e.market, e.rule]));

/** Kỳ Lừa as its source describes it: lunar days ending in 2 and 7; a fair 22–27 of the first month. */
const kyLua = marketSchedule.parse({
  rule: { kind: 'lunar_day_digits', digits: [2, 7] },
  periods: [{ kind: 'fair', from: { month: 1, day: 22 }, to: { month: 1, day: 27 }, name: { vi: 'Hội chợ Kỳ Lừa', en: 'Kỳ Lừa fair' } }],
});
const tyHoi = marketSchedule.parse({ rule: { kind: 'earthly_branches', branches: ['Tỵ', 'Hợi'] } });
const sunday = marketSchedule.parse({ rule: { kind: 'weekdays', weekdays: [7] } });
const everySix = marketSchedule.parse({ rule: { kind: 'every_n_days', every: 6, from: '2025-03-03' } });
const newAndFullMoon = marketSchedule.parse({ rule: { kind: 'lunar_days', days: [1, 15] } });
const oddFive = marketSchedule.parse({ rule: { kind: 'lunar_day_digits', digits: [1, 6] } });

const anyDay = fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2090-12-31') }).map(dateOfDayNumber);
const gaps = (days: { date: string }[]) => days.slice(1).map((d, i) => dayNumber(d.date) - dayNumber(days[i]!.date));

describe('the market examples of the vectors file', () => {
  it('Kỳ Lừa: lunar days ending in 2 and 7, six sessions a month, the fair every day 22–27 of the first month', () => {
    expect(examples['Chợ Kỳ Lừa (Lạng Sơn city)']).toMatch(/2 and 7.*22-27 of lunar month 1/);
    // Tết 2026 is 2026-02-17 (lunar 1/1), so lunar day d of the first month is 16 + d February.
    expect(nextMarketDays(kyLua, '2026-02-17', 9).map((d) => d.date)).toEqual([
      '2026-02-18',
      '2026-02-23',
      '2026-02-28',
      '2026-03-05',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
    ]);
    expect(marketDayOn(kyLua, '2026-03-11')).toMatchObject({ reason: 'fair', fair: { vi: 'Hội chợ Kỳ Lừa' }, lunar: { day: 23, month: 1 } });
    expect(marketDayOn(kyLua, '2026-02-18')).toMatchObject({ reason: 'regular', lunar: { day: 2, month: 1, year: 2026 } });
    expect(marketDayOn(kyLua, '2026-02-19')).toBeNull();
    // Outside the fair: exactly six sessions in a lunar month.
    const secondMonth = marketDaysBetween(
      kyLua,
      lunarToSolar({ day: 1, month: 2, year: 2026, leap: false }),
      lunarToSolar({ day: 29, month: 2, year: 2026, leap: false }),
    );
    expect(secondMonth.map((d) => d.lunar.day)).toEqual([2, 7, 12, 17, 22, 27]);
  });

  it('Xứ Lạng: every five days by lunar date', () => {
    expect(examples['Xứ Lạng markets in general']).toMatch(/every 5 days/);
    fc.assert(
      fc.property(anyDay, (from) => {
        const days = nextMarketDays(oddFive, from, 8);
        expect(days.every((d) => d.lunar.day % 5 === 1)).toBe(true);
        // Five days apart, or four across the end of a 29-day month (26 → 1).
        expect(gaps(days).every((g) => g === 5 || g === 4)).toBe(true);
      }),
    );
  });

  it('Hà Giang: Tỵ and Hợi days are every six days; a Sunday market every seven', () => {
    expect(examples['Hà Giang examples of other rule types']).toMatch(/Tỵ and Hợi days = every 6 days/);
    fc.assert(
      fc.property(anyDay, (from) => {
        const days = nextMarketDays(tyHoi, from, 6);
        expect(days.every((d) => ['Tỵ', 'Hợi'].includes(dayCanChi(d.date).branch))).toBe(true);
        expect(gaps(days).every((g) => g === 6)).toBe(true);
        const sundays = nextMarketDays(sunday, from, 4);
        expect(sundays.every((d) => new Date(`${d.date}T00:00:00Z`).getUTCDay() === 0)).toBe(true);
        expect(gaps(sundays)).toEqual([7, 7, 7]);
      }),
    );
  });
});

describe('the other rules', () => {
  it('every N days counts from the known day, forwards and backwards', () => {
    expect(nextMarketDays(everySix, '2025-03-01', 3).map((d) => d.date)).toEqual(['2025-03-03', '2025-03-09', '2025-03-15']);
    expect(nextMarketDays(everySix, '2025-02-20', 1).map((d) => d.date)).toEqual(['2025-02-25']);
  });

  it('fixed lunar days: the first and the fifteenth', () => {
    const days = nextMarketDays(newAndFullMoon, '2026-02-17', 4);
    expect(days.map((d) => `${d.lunar.day}/${d.lunar.month}`)).toEqual(['1/1', '15/1', '1/2', '15/2']);
  });

  it('a day 30 market meets only in the long months', () => {
    const thirtieth = marketSchedule.parse({ rule: { kind: 'lunar_days', days: [30] } });
    const year = marketDaysBetween(thirtieth, '2026-02-17', '2027-02-05');
    expect(year.length).toBeGreaterThan(3);
    expect(year.length).toBeLessThan(12);
    expect(year.every((d) => d.lunar.day === 30)).toBe(true);
  });

  it('closures and one-off changes: Tết closed, a session cancelled, one added', () => {
    const schedule: MarketSchedule = {
      ...kyLua,
      periods: [...kyLua.periods, { kind: 'closed', from: { month: 12, day: 28 }, to: { month: 1, day: 4 }, name: { vi: 'Nghỉ Tết', en: 'Tết holiday' } }],
      cancelledDays: ['2026-02-23'],
      extraDays: ['2026-02-20'],
    };
    // From lunar 28/12: 2/1 falls in the closure, 7/1 is cancelled, 4/1 (2026-02-20) added by the commune.
    expect(nextMarketDays(schedule, '2026-02-15', 3).map((d) => [d.date, d.reason])).toEqual([
      ['2026-02-20', 'extra'],
      ['2026-02-28', 'regular'],
      ['2026-03-05', 'regular'],
    ]);
  });

  it('a schedule that never meets gives a short list, not a hang', () => {
    const never: MarketSchedule = {
      ...oddFive,
      periods: [{ kind: 'closed', from: { month: 1, day: 1 }, to: { month: 12, day: 30 }, name: { vi: 'Nghỉ', en: 'Closed' } }],
    };
    expect(nextMarketDays(never, '2026-01-01', 5)).toEqual([]);
  });
});

describe('listing', () => {
  it('next market days are the first of the days between, and every listed day is a market day', () => {
    const schedules = fc.constantFrom(kyLua, tyHoi, sunday, everySix, newAndFullMoon, oddFive);
    fc.assert(
      fc.property(schedules, anyDay, fc.integer({ min: 1, max: 12 }), (schedule, from, count) => {
        const next = nextMarketDays(schedule, from, count);
        const to = dateOfDayNumber(dayNumber(from) + 400);
        const between = marketDaysBetween(schedule, from, to);
        expect(between.slice(0, count)).toEqual(next);
        // Nothing skipped: the days between are exactly the days marketDayOn accepts.
        const accepted: string[] = [];
        for (let jdn = dayNumber(from); jdn <= dayNumber(to); jdn++) if (marketDayOn(schedule, dateOfDayNumber(jdn))) accepted.push(dateOfDayNumber(jdn));
        expect(between.map((d) => d.date)).toEqual(accepted);
        expect(between.every((d) => solarToLunar(d.date).day === d.lunar.day)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('"today" is the day in Vietnam: at 00:30 on 18 February there, a server clock in UTC still reads the 17th', () => {
    const now = new Date('2026-02-17T17:30:00Z');
    expect(nextMarketDays(kyLua, todayInVietnam(now), 1)[0]).toMatchObject({ date: '2026-02-18', lunar: { day: 2, month: 1, year: 2026 } });
  });

  it('refuses bad input with a code and both languages', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof AppError ? [error.code, error.text.vi.length > 0, error.text.en.length > 0] : String(error);
      }
      return 'no error';
    };
    expect(codeOf(() => nextMarketDays(kyLua, '2026-02-30', 3))).toEqual(['market.bad_date', true, true]);
    expect(codeOf(() => nextMarketDays(kyLua, '2026-02-01', 0))).toEqual(['market.bad_count', true, true]);
    expect(codeOf(() => marketDaysBetween(kyLua, '2026-02-02', '2026-02-01'))).toEqual(['market.bad_span', true, true]);
    expect(codeOf(() => marketDaysBetween(kyLua, '2000-01-01', '2026-02-01'))).toEqual(['market.bad_span', true, true]);
  });

  it('the schema refuses a malformed rule', () => {
    const repeated = marketSchedule.safeParse({ rule: { kind: 'lunar_day_digits', digits: [2, 2] } });
    expect(readBilingual(repeated.error!.issues[0]!.message)).toEqual({ vi: 'Mỗi chữ số chỉ ghi một lần.', en: 'Each digit once.' });
    expect(marketSchedule.safeParse({ rule: { kind: 'lunar_day_digits', digits: [12] } }).success).toBe(false);
    expect(marketSchedule.safeParse({ rule: { kind: 'earthly_branches', branches: ['Rồng'] } }).success).toBe(false);
    expect(marketSchedule.safeParse({ rule: { kind: 'every_n_days', every: 5, from: '2025-13-01' } }).success).toBe(false);
    expect(marketSchedule.safeParse({ rule: { kind: 'weekly' } }).success).toBe(false);
  });
});

describe('a seller who goes to several markets', () => {
  it('gets every day of each, in date order, a day two markets meet listed under both', () => {
    const markets = [
      { id: 'ky-lua', schedule: kyLua },
      { id: 'cho-ty-hoi', schedule: tyHoi },
    ];
    const calendar = sellerCalendar(markets, '2026-04-01', '2026-06-30');
    expect(calendar).toHaveLength(marketDaysBetween(kyLua, '2026-04-01', '2026-06-30').length + marketDaysBetween(tyHoi, '2026-04-01', '2026-06-30').length);
    const dates = calendar.map((d) => d.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBeLessThan(dates.length);
    expect(new Set(calendar.map((d) => d.marketId))).toEqual(new Set(['ky-lua', 'cho-ty-hoi']));
    for (const day of calendar) expect(marketDayOn(day.marketId === 'ky-lua' ? kyLua : tyHoi, day.date)).not.toBeNull();
  });
});

describe('in words', () => {
  it('Vietnamese first, English second', () => {
    expect(describeMarketSchedule({ rule: { kind: 'lunar_day_digits', digits: [7, 2] }, periods: [] })).toEqual({
      vi: 'Phiên ngày 2, 7 âm lịch',
      en: 'Lunar days ending in 2 and 7',
    });
    expect(describeMarketSchedule(kyLua)).toEqual({
      vi: 'Phiên ngày 2, 7 âm lịch; Hội chợ Kỳ Lừa: họp cả ngày 22/1–27/1 âm lịch',
      en: 'Lunar days ending in 2 and 7; Kỳ Lừa fair: every day, lunar 22/1–27/1',
    });
    expect(describeMarketSchedule(tyHoi)).toEqual({ vi: 'Phiên ngày Tỵ, Hợi', en: 'Days of Tỵ and Hợi (earthly branches)' });
    expect(describeMarketSchedule(sunday)).toEqual({ vi: 'Phiên Chủ nhật hằng tuần', en: 'Every Sunday' });
    expect(describeMarketSchedule(newAndFullMoon).vi).toBe('Phiên ngày 1, 15 âm lịch hằng tháng');
    expect(describeMarketSchedule(everySix)).toEqual({ vi: 'Cứ 6 ngày một phiên (có phiên ngày 2025-03-03)', en: 'Every 6 days (one on 2025-03-03)' });
  });

  it('says a next market day with its weekday, as a share card shows it', () => {
    expect(describeNextMarketDay('2026-12-12', 'Chợ phiên Nhất Hòa')).toEqual({
      vi: 'Phiên chợ tới: Thứ Bảy 12/12/2026 · Chợ phiên Nhất Hòa',
      en: 'Next market: Saturday 12/12/2026 · Chợ phiên Nhất Hòa',
    });
    expect(describeNextMarketDay('2026-12-13', 'Chợ Đình Lập').vi).toBe('Phiên chợ tới: Chủ nhật 13/12/2026 · Chợ Đình Lập');
  });
});
