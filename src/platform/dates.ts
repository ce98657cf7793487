/** Vietnam keeps one time zone, UTC+7 all year; "today" for a village is today there. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Vietnam's offset from UTC; it has kept no summer time since 1975. */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/**
 * Today's date in Vietnam as 'YYYY-MM-DD'. By the fixed offset, not Intl's time-zone formatting:
 * every request of the scorecard asks (for the current year), and formatting was 2 % of its cost.
 */
export function todayInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2025-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
