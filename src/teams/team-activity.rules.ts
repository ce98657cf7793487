import type { Need } from './fieldwork.rules.ts';

/**
 * The calendar of the activity views: ISO weeks (Monday to Sunday), the way the province's
 * weekly reports count them. Pure, shared by the server and the web page.
 */

const DAY_MS = 86_400_000;

const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Monday of the ISO week that holds `day`. */
export function weekStart(day: string): string {
  const time = toTime(day);
  const weekday = (new Date(time).getUTCDay() + 6) % 7;
  return toDay(time - weekday * DAY_MS);
}

/** The ISO week of `day` as written in reports: "2025-W26" (the year is the week's, not always the day's). */
export function isoWeek(day: string): string {
  const monday = toTime(weekStart(day));
  // The week belongs to the year that holds its Thursday.
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = toTime(weekStart(`${year}-01-04`)) + 3 * DAY_MS;
  const week = 1 + Math.round((thursday.getTime() - firstThursday) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface Week {
  week: string;
  /** Monday. */
  start: string;
  /** Sunday, or `until` for the week still running. */
  end: string;
}

/** The `count` ISO weeks that end with the one holding `until`, oldest first; the last one stops at `until`. */
export function weeksUntil(until: string, count: number): Week[] {
  const lastMonday = toTime(weekStart(until));
  return Array.from({ length: count }, (_, k) => {
    const start = toDay(lastMonday - (count - 1 - k) * 7 * DAY_MS);
    const sunday = toDay(toTime(start) + 6 * DAY_MS);
    return { week: isoWeek(start), start, end: k === count - 1 ? until : sunday };
  });
}

/** Counts per week, in the order of `weeks`, from rows keyed by each week's Monday. */
export function countsByWeek(weeks: readonly Week[], rows: readonly { weekStart: string; count: number }[]): number[] {
  const byStart = new Map<string, number>();
  for (const row of rows) byStart.set(row.weekStart, (byStart.get(row.weekStart) ?? 0) + row.count);
  return weeks.map((w) => byStart.get(w.start) ?? 0);
}

/** Households lacking each service: the same needs as a household's to-do list (householdNeeds). */
export type NeedCounts = Record<Need, number>;
