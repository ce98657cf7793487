import { badRequest } from '../platform/errors.ts';
import { isCalendarDate } from '../platform/dates.ts';

/**
 * The Vietnamese lunisolar calendar (âm lịch), computed by hand with Hồ Ngọc Đức's astronomical
 * algorithm: months start on the local day of the new moon, month 11 holds the winter solstice,
 * and in a year of 13 months the leap month is the first one without a major solar term.
 *
 * Written here rather than taken from the registry because the packages there compute China's
 * calendar (UTC+8), which differs from Vietnam's on some months (Tết 1985 is a month apart), or
 * read the host's time zone, so a server in UTC would print other market days; the one with a
 * time-zone parameter answers "day 0" near some new moons. The UTC offset is therefore an
 * explicit parameter: 7 for Vietnam (since 1967 in the North), 8 gives China's.
 *
 * Dates are proleptic Gregorian 'YYYY-MM-DD'; the approximations hold for 1800–2199.
 */

export const VIETNAM_UTC_OFFSET = 7;
export const CHINA_UTC_OFFSET = 8;
export const FIRST_YEAR = 1800;
export const LAST_YEAR = 2199;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  /** True in the second of two months with the same number (tháng nhuận). */
  leap: boolean;
}

/** One month of a lunar year: its number, whether it is the leap one, its first solar day and length. */
export interface LunarMonth {
  month: number;
  leap: boolean;
  year: number;
  /** Julian day number of its first day (the local day of the new moon). */
  firstDay: number;
  /** 29 or 30 days. */
  length: number;
}

const UNIX_EPOCH_JDN = 2440588;
const MS_PER_DAY = 86_400_000;
const SYNODIC_MONTH = 29.530588853;
const RADIAN = Math.PI / 180;

/** The Julian day number of a 'YYYY-MM-DD' date: a day counter that makes date arithmetic plain. */
export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY + UNIX_EPOCH_JDN;
}

/** The 'YYYY-MM-DD' date of a Julian day number. */
export function dateOfDayNumber(jdn: number): string {
  return new Date((jdn - UNIX_EPOCH_JDN) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Julian date (days, from noon UT) of the k-th new moon after 1900-01-01 (Meeus, Astronomical Algorithms). */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 + 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RADIAN);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RADIAN;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RADIAN;
  const latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RADIAN;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitude) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitude + sunAnomaly) -
    0.0004 * Math.sin(2 * latitude - sunAnomaly) -
    0.0006 * Math.sin(2 * latitude + moonAnomaly) +
    0.001 * Math.sin(2 * latitude - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // ΔT, the difference between terrestrial and universal time, in days.
  const deltaT = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return mean + correction - deltaT;
}

/** The sun's apparent longitude in radians, [0, 2π), at a Julian date. */
function sunLongitude(julianDate: number): number {
  const t = (julianDate - 2451545.0) / 36525;
  const t2 = t * t;
  const anomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RADIAN;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly) + (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly) + 0.00029 * Math.sin(3 * anomaly);
  const longitude = (meanLongitude + centre) * RADIAN;
  return longitude - 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
}

/** The local day (Julian day number) on which the k-th new moon falls. */
function newMoonDay(k: number, utcOffset: number): number {
  return Math.floor(newMoon(k) + 0.5 + utcOffset / 24);
}

/** Which of the twelve 30° sectors (major solar terms) the sun is in at the start of a local day. */
function solarTermSector(jdn: number, utcOffset: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - utcOffset / 24) / Math.PI) * 6);
}

/** The new-moon index k of month 11 (the month holding the winter solstice) of a solar year. */
function month11(year: number, utcOffset: number): number {
  const k = Math.floor((dayNumber(`${String(year).padStart(4, '0')}-12-31`) - 2415021) / SYNODIC_MONTH);
  // A new moon already past the solstice (sector 9 = 270°) starts month 12, not 11.
  return solarTermSector(newMoonDay(k, utcOffset), utcOffset) >= 9 ? k - 1 : k;
}

/**
 * The months from month 11 of `year` up to month 11 of the next year (a "suì"), 12 or 13 of
 * them, with their lunar year: 11 and 12 belong to `year`, month 1 onwards to `year + 1`.
 */
function monthsFromSolstice(year: number, utcOffset: number): LunarMonth[] {
  const first = month11(year, utcOffset);
  const count = month11(year + 1, utcOffset) - first;
  const starts = Array.from({ length: count + 1 }, (_, i) => newMoonDay(first + i, utcOffset));
  const leapIndex = count === 13 ? firstMonthWithoutMajorTerm(starts, utcOffset) : -1;
  let lunarYear = year;
  return starts.slice(0, count).map((firstDay, i) => {
    const numberIndex = leapIndex >= 0 && i >= leapIndex ? i - 1 : i;
    const month = ((10 + numberIndex) % 12) + 1;
    const leap = i === leapIndex;
    if (month === 1 && !leap) lunarYear = year + 1;
    return { month, leap, year: lunarYear, firstDay, length: starts[i + 1]! - firstDay };
  });
}

/** The leap month: the first after month 11 during which the sun enters no new 30° sector. */
function firstMonthWithoutMajorTerm(starts: number[], utcOffset: number): number {
  for (let i = 1; i < starts.length - 1; i++) {
    if (solarTermSector(starts[i]!, utcOffset) === solarTermSector(starts[i + 1]!, utcOffset)) return i;
  }
  // Unreachable for a 13-month span (pigeonhole), kept total: the last month.
  return starts.length - 2;
}

const solsticeYears = new Map<string, LunarMonth[]>();

/** Memoised: a market's calendar asks for the same few years over and over. */
function cachedMonthsFromSolstice(year: number, utcOffset: number): LunarMonth[] {
  const key = `${year}:${utcOffset}`;
  let months = solsticeYears.get(key);
  if (!months) {
    months = monthsFromSolstice(year, utcOffset);
    solsticeYears.set(key, months);
  }
  return months;
}

function checkOffset(utcOffset: number): void {
  if (!Number.isFinite(utcOffset) || utcOffset < -12 || utcOffset > 14) {
    throw badRequest(
      'lunar.bad_utc_offset',
      { vi: 'Múi giờ không hợp lệ (từ -12 đến +14 giờ).', en: 'Invalid UTC offset (from -12 to +14 hours).' },
      'utcOffset',
    );
  }
}

/** Solar years FIRST_YEAR–LAST_YEAR; the lunar years one either side overlap them (early January is still last lunar year). */
function checkYear(year: number, field: string, margin = 0): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR - margin || year > LAST_YEAR + margin) {
    throw badRequest(
      'lunar.out_of_range',
      { vi: `Lịch âm chỉ tính cho các năm ${FIRST_YEAR}–${LAST_YEAR}.`, en: `The lunar calendar is computed for ${FIRST_YEAR}–${LAST_YEAR} only.` },
      field,
    );
  }
}

/** The months of a lunar year in order (12, or 13 with one leap month), each with its length. */
export function lunarYearMonths(year: number, utcOffset: number = VIETNAM_UTC_OFFSET): LunarMonth[] {
  checkOffset(utcOffset);
  checkYear(year, 'year', 1);
  return [...cachedMonthsFromSolstice(year - 1, utcOffset), ...cachedMonthsFromSolstice(year, utcOffset)].filter((m) => m.year === year);
}

/** The lunar date of a solar date 'YYYY-MM-DD'. */
export function solarToLunar(date: string, utcOffset: number = VIETNAM_UTC_OFFSET): LunarDate {
  checkOffset(utcOffset);
  if (!isCalendarDate(date)) {
    throw badRequest('lunar.bad_date', { vi: 'Ngày phải có dạng YYYY-MM-DD và có thật.', en: 'The date must be a real date written YYYY-MM-DD.' }, 'date');
  }
  const solarYear = Number(date.slice(0, 4));
  checkYear(solarYear, 'date');
  const jdn = dayNumber(date);
  const thisWinter = cachedMonthsFromSolstice(solarYear, utcOffset);
  const months = thisWinter[0]!.firstDay <= jdn ? thisWinter : cachedMonthsFromSolstice(solarYear - 1, utcOffset);
  const month = months.findLast((m) => m.firstDay <= jdn)!;
  return { day: jdn - month.firstDay + 1, month: month.month, year: month.year, leap: month.leap };
}

/** The solar date 'YYYY-MM-DD' of a lunar date; a leap month the year lacks, or a 30th of a 29-day month, is refused. */
export function lunarToSolar(lunar: LunarDate, utcOffset: number = VIETNAM_UTC_OFFSET): string {
  const month = lunarYearMonths(lunar.year, utcOffset).find((m) => m.month === lunar.month && m.leap === lunar.leap);
  if (!month) {
    throw badRequest(
      'lunar.no_such_month',
      lunar.leap
        ? { vi: `Năm âm lịch ${lunar.year} không có tháng ${lunar.month} nhuận.`, en: `Lunar year ${lunar.year} has no leap month ${lunar.month}.` }
        : { vi: `Tháng âm lịch ${lunar.month} không có thật.`, en: `There is no lunar month ${lunar.month}.` },
      'month',
    );
  }
  if (!Number.isInteger(lunar.day) || lunar.day < 1 || lunar.day > month.length) {
    throw badRequest(
      'lunar.no_such_day',
      {
        vi: `Tháng ${lunar.month} năm ${lunar.year} âm lịch chỉ có ${month.length} ngày.`,
        en: `Lunar month ${lunar.month} of ${lunar.year} has ${month.length} days.`,
      },
      'day',
    );
  }
  return dateOfDayNumber(month.firstDay + lunar.day - 1);
}

/** Tết Nguyên Đán: the first day of the first month of a lunar year. */
export function tet(year: number, utcOffset: number = VIETNAM_UTC_OFFSET): string {
  return lunarToSolar({ day: 1, month: 1, year, leap: false }, utcOffset);
}

/** The ten heavenly stems (can) and twelve earthly branches (chi), in Vietnamese. */
export const HEAVENLY_STEMS = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'] as const;
export const EARTHLY_BRANCHES = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'] as const;
export type HeavenlyStem = (typeof HEAVENLY_STEMS)[number];
export type EarthlyBranch = (typeof EARTHLY_BRANCHES)[number];

export interface CanChi {
  stem: HeavenlyStem;
  branch: EarthlyBranch;
  /** "Giáp Thìn" */
  name: string;
}

function canChi(stemIndex: number, branchIndex: number): CanChi {
  const stem = HEAVENLY_STEMS[((stemIndex % 10) + 10) % 10]!;
  const branch = EARTHLY_BRANCHES[((branchIndex % 12) + 12) % 12]!;
  return { stem, branch, name: `${stem} ${branch}` };
}

/** The stem and branch of a day: both cycles simply count days, so the sexagenary day follows from the day number. */
export function dayCanChi(date: string): CanChi {
  const jdn = dayNumber(date);
  return canChi(jdn + 9, jdn + 1);
}

/** The stem and branch of a lunar year (2026: Bính Ngọ). */
export function yearCanChi(lunarYear: number): CanChi {
  return canChi(lunarYear + 6, lunarYear + 8);
}
