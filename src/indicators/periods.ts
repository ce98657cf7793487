import { todayInVietnam } from '../platform/dates.ts';

/** The first year the engine keeps: the report's baseline (268 villages without 3G/4G in 2021). */
export const FIRST_YEAR = 2021;

export const currentYear = (): number => Number(todayInVietnam().slice(0, 4));

/** Years from `from` (not before the first) to this year: a fact dated in a year stays true after it. */
export function yearsFrom(from: number, to = currentYear()): number[] {
  const years: number[] = [];
  for (let y = Math.max(from, FIRST_YEAR); y <= to; y++) years.push(y);
  return years;
}

/**
 * Periods as DHIS2 writes them: `2025` a year, `2025Q1` a quarter, `202503` a month. Data dated by
 * day (the teams' trainings and visits) has all three; annual observations (surveys, coverage)
 * only years (decision 0010).
 */
export type PeriodType = 'year' | 'quarter' | 'month';

export const PERIOD_TYPES: readonly PeriodType[] = ['year', 'quarter', 'month'];

export interface Period {
  /** As written in the API and in data_value.period. */
  id: string;
  type: PeriodType;
  year: number;
  /** First and last day, 'YYYY-MM-DD'. */
  start: string;
  end: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Days in a month of a year (month 1–12), from the calendar rather than a table: leap years included. */
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const monthsPeriod = (id: string, type: PeriodType, year: number, firstMonth: number, months: number): Period => {
  const lastMonth = firstMonth + months - 1;
  return { id, type, year, start: `${pad(year, 4)}-${pad(firstMonth, 2)}-01`, end: `${pad(year, 4)}-${pad(lastMonth, 2)}-${pad(daysIn(year, lastMonth), 2)}` };
};

export const yearPeriod = (year: number): Period => monthsPeriod(pad(year, 4), 'year', year, 1, 12);
export const quarterPeriod = (year: number, quarter: number): Period => monthsPeriod(`${pad(year, 4)}Q${quarter}`, 'quarter', year, 3 * quarter - 2, 3);
export const monthPeriod = (year: number, month: number): Period => monthsPeriod(`${pad(year, 4)}${pad(month, 2)}`, 'month', year, month, 1);

/** The period of a summary row grouped by year, then by quarter or by month (SQL grouping sets). */
export const periodOfRow = (row: { year: number; quarter: number | null; month: number | null }): string =>
  row.quarter !== null ? quarterPeriod(row.year, row.quarter).id : row.month !== null ? monthPeriod(row.year, row.month).id : String(row.year);

/** A period from its DHIS2 id, or null when the text is none (`2025Q5`, `202513`, `25`). */
export function parsePeriod(text: string): Period | null {
  const match = /^(\d{4})(?:Q([1-4])|(0[1-9]|1[0-2]))?$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2]) return quarterPeriod(year, Number(match[2]));
  if (match[3]) return monthPeriod(year, Number(match[3]));
  return yearPeriod(year);
}

/** Every period of a year: the year, its four quarters and its twelve months, in that order. */
export function periodsOfYear(year: number): Period[] {
  return [yearPeriod(year), ...[1, 2, 3, 4].map((q) => quarterPeriod(year, q)), ...Array.from({ length: 12 }, (_, i) => monthPeriod(year, i + 1))];
}

/** The ids of every period of these years: what a refresh of those years may have written. */
export const periodIdsOfYears = (years: readonly number[]): string[] => years.flatMap((y) => periodsOfYear(y).map((p) => p.id));

/**
 * Whether the engine can have data for a period: its year between the first and this one, and,
 * for a quarter or a month, begun by today (a later one is outside the data, as a later year is).
 */
export function isAvailable(period: Period, today = todayInVietnam()): boolean {
  return period.year >= FIRST_YEAR && period.year <= Number(today.slice(0, 4)) && period.start <= today;
}

/** ADX periods are ISO 8601 intervals: the first day and a duration (`2025-01-01/P3M`). */
export function toIsoInterval(period: Period): string {
  const duration = { year: 'P1Y', quarter: 'P3M', month: 'P1M' }[period.type];
  return `${period.start}/${duration}`;
}
