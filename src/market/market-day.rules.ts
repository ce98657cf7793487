import { badRequest, type Message } from '../platform/errors.ts';
import { isCalendarDate } from '../platform/dates.ts';
import { dateOfDayNumber, dayCanChi, dayNumber, solarToLunar, VIETNAM_UTC_OFFSET, type LunarDate } from './lunar-calendar.rules.ts';
import type { LunarMonthDay, LunarPeriod, MarketRule, MarketSchedule } from './market-day.schema.ts';

/**
 * Which days a market meets. Dates are 'YYYY-MM-DD' in Vietnam (Asia/Ho_Chi_Minh), and the lunar
 * calendar is always Vietnam's (UTC+7): a market day is a local day.
 */

export interface MarketDay {
  date: string;
  lunar: LunarDate;
  /** regular: by the rule; fair: a day of a yearly fair; extra: a one-off session announced. */
  reason: 'regular' | 'fair' | 'extra';
  /** The fair's name on a fair day. */
  fair?: Message;
}

/** The longest span listed at once: ten years of daily fairs is still a small answer. */
export const MAX_SPAN_DAYS = 3660;
export const MAX_COUNT = 366;

function matchesRule(rule: MarketRule, date: string, lunar: LunarDate): boolean {
  switch (rule.kind) {
    case 'lunar_day_digits':
      return rule.digits.includes(lunar.day % 10);
    case 'lunar_days':
      return rule.days.includes(lunar.day);
    case 'earthly_branches':
      return rule.branches.includes(dayCanChi(date).branch);
    case 'weekdays':
      return rule.weekdays.includes(isoWeekday(date));
    case 'every_n_days': {
      const gap = dayNumber(date) - dayNumber(rule.from);
      return ((gap % rule.every) + rule.every) % rule.every === 0;
    }
  }
}

function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** A lunar date's place in the year for period comparisons; a leap month sits after its regular month. */
function yearPosition(month: number, day: number, leap: boolean): number {
  return month * 100 + (leap ? 50 : 0) + day;
}

function inPeriod(period: LunarPeriod, lunar: LunarDate): boolean {
  const at = yearPosition(lunar.month, lunar.day, lunar.leap);
  const from = yearPosition(period.from.month, period.from.day, false);
  const to = yearPosition(period.to.month, period.to.day, false);
  return from <= to ? at >= from && at <= to : at >= from || at <= to;
}

/** The market day on `date`, or null when the market does not meet then. */
export function marketDayOn(schedule: MarketSchedule, date: string): MarketDay | null {
  if (schedule.cancelledDays.includes(date)) return null;
  const lunar = solarToLunar(date, VIETNAM_UTC_OFFSET);
  if (schedule.extraDays.includes(date)) return { date, lunar, reason: 'extra' };
  if (schedule.periods.some((p) => p.kind === 'closed' && inPeriod(p, lunar))) return null;
  const fair = schedule.periods.find((p) => p.kind === 'fair' && inPeriod(p, lunar));
  if (fair) return { date, lunar, reason: 'fair', fair: fair.name };
  return matchesRule(schedule.rule, date, lunar) ? { date, lunar, reason: 'regular' } : null;
}

function checkDate(date: string, field: string): number {
  if (!isCalendarDate(date)) {
    throw badRequest('market.bad_date', { vi: 'Ngày phải có dạng YYYY-MM-DD và có thật.', en: 'The date must be a real date written YYYY-MM-DD.' }, field);
  }
  return dayNumber(date);
}

/**
 * The next `count` market days from `fromDate` on (today included when the market meets today).
 * Looks at most MAX_SPAN_DAYS ahead, so a schedule closed all year gives a short list, not a hang.
 */
export function nextMarketDays(schedule: MarketSchedule, fromDate: string, count: number): MarketDay[] {
  const first = checkDate(fromDate, 'from');
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw badRequest('market.bad_count', { vi: `Số phiên phải từ 1 đến ${MAX_COUNT}.`, en: `The number of market days must be 1 to ${MAX_COUNT}.` }, 'count');
  }
  const found: MarketDay[] = [];
  for (let jdn = first; jdn < first + MAX_SPAN_DAYS && found.length < count; jdn++) {
    const day = marketDayOn(schedule, dateOfDayNumber(jdn));
    if (day) found.push(day);
  }
  return found;
}

/** Every market day from `from` to `to`, both included. */
export function marketDaysBetween(schedule: MarketSchedule, from: string, to: string): MarketDay[] {
  const first = checkDate(from, 'from');
  const last = checkDate(to, 'to');
  if (last < first || last - first >= MAX_SPAN_DAYS) {
    throw badRequest(
      'market.bad_span',
      { vi: `Khoảng ngày phải từ ngày đầu đến ngày cuối, tối đa ${MAX_SPAN_DAYS} ngày.`, en: `The span must run forwards, at most ${MAX_SPAN_DAYS} days.` },
      'to',
    );
  }
  const found: MarketDay[] = [];
  for (let jdn = first; jdn <= last; jdn++) {
    const day = marketDayOn(schedule, dateOfDayNumber(jdn));
    if (day) found.push(day);
  }
  return found;
}

const WEEKDAY_NAMES: Record<number, Message> = {
  1: { vi: 'Thứ Hai', en: 'Monday' },
  2: { vi: 'Thứ Ba', en: 'Tuesday' },
  3: { vi: 'Thứ Tư', en: 'Wednesday' },
  4: { vi: 'Thứ Năm', en: 'Thursday' },
  5: { vi: 'Thứ Sáu', en: 'Friday' },
  6: { vi: 'Thứ Bảy', en: 'Saturday' },
  7: { vi: 'Chủ nhật', en: 'Sunday' },
};

/** A market's next day as a card or a preview says it: "Phiên chợ tới: Thứ Bảy 12/12/2026 · Chợ phiên Nhất Hòa". */
export function describeNextMarketDay(date: string, marketName: string): Message {
  const weekday = WEEKDAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay() || 7]!;
  const [year, month, day] = date.split('-');
  return {
    vi: `Phiên chợ tới: ${weekday.vi} ${day}/${month}/${year} · ${marketName}`,
    en: `Next market: ${weekday.en} ${day}/${month}/${year} · ${marketName}`,
  };
}

function englishList(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function describeRule(rule: MarketRule): Message {
  switch (rule.kind) {
    case 'lunar_day_digits': {
      const digits = [...rule.digits].sort((a, b) => a - b).map(String);
      return { vi: `Phiên ngày ${digits.join(', ')} âm lịch`, en: `Lunar days ending in ${englishList(digits)}` };
    }
    case 'lunar_days': {
      const days = [...rule.days].sort((a, b) => a - b).map(String);
      return { vi: `Phiên ngày ${days.join(', ')} âm lịch hằng tháng`, en: `Lunar day${days.length > 1 ? 's' : ''} ${englishList(days)} of every month` };
    }
    case 'earthly_branches':
      return { vi: `Phiên ngày ${rule.branches.join(', ')}`, en: `Days of ${englishList(rule.branches)} (earthly branches)` };
    case 'weekdays': {
      const days = [...rule.weekdays].sort((a, b) => a - b).map((d) => WEEKDAY_NAMES[d]!);
      return { vi: `Phiên ${days.map((d) => d.vi).join(', ')} hằng tuần`, en: `Every ${englishList(days.map((d) => d.en))}` };
    }
    case 'every_n_days':
      return { vi: `Cứ ${rule.every} ngày một phiên (có phiên ngày ${rule.from})`, en: `Every ${rule.every} days (one on ${rule.from})` };
  }
}

function lunarDayText(at: LunarMonthDay): string {
  return `${at.day}/${at.month}`;
}

function describePeriod(period: LunarPeriod): Message {
  const span = `${lunarDayText(period.from)}–${lunarDayText(period.to)}`;
  return period.kind === 'fair'
    ? { vi: `${period.name.vi}: họp cả ngày ${span} âm lịch`, en: `${period.name.en}: every day, lunar ${span}` }
    : { vi: `${period.name.vi}: nghỉ ${span} âm lịch`, en: `${period.name.en}: closed, lunar ${span}` };
}

/** The schedule in words, Vietnamese first: "Phiên ngày 2, 7 âm lịch; Hội chợ: họp cả ngày 22/1–27/1 âm lịch". */
export function describeMarketSchedule(schedule: Pick<MarketSchedule, 'rule' | 'periods'>): Message {
  const parts = [describeRule(schedule.rule), ...schedule.periods.map(describePeriod)];
  return { vi: parts.map((p) => p.vi).join('; '), en: parts.map((p) => p.en).join('; ') };
}

/** A market day at a given market, for a seller who goes to several. */
export interface MarketDayAt extends MarketDay {
  marketId: string;
}

/**
 * A seller's calendar: the days of every market she goes to between two dates, by date (then
 * market, for a stable order on a day two markets meet).
 */
export function sellerCalendar(markets: readonly { id: string; schedule: MarketSchedule }[], from: string, to: string): MarketDayAt[] {
  return markets
    .flatMap((market) => marketDaysBetween(market.schedule, from, to).map((day) => ({ ...day, marketId: market.id })))
    .sort((a, b) => a.date.localeCompare(b.date) || a.marketId.localeCompare(b.marketId));
}
