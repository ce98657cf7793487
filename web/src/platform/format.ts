/** Vietnamese conventions in both languages: `1.234`, `417,78`, dd/mm/yyyy, the clock of UTC+7. */
const integerFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Null is not zero: a figure nobody reported shows as a dash. */
export const NO_VALUE = '—';

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : integerFormat.format(value);
}

/** Money as people in Vietnam write it, in both languages: 20.000.000 ₫. */
export function formatMoney(dong: number): string {
  return `${integerFormat.format(dong)} ₫`;
}

/** Thousands grouped by dots, commas or spaces, as people type amounts: 350.000, 350,000, 350 000. */
const GROUPED_DIGITS = /^\d{1,3}(?:[.,\s]\d{3})+$/;

/**
 * Đồng as a person types them — `350000`, `350.000`, `350,000 ₫` — or null when the text is not
 * a whole number of đồng. Dots and commas count only between groups of three digits, so `1,5`
 * (a slip, or someone's decimal) is refused rather than read as 15.
 */
export function readMoney(typed: string): number | null {
  const text = typed.trim().replace(/\s*(?:₫|đ|đồng|vnd)$/i, '');
  if (!/^\d+$/.test(text) && !GROUPED_DIGITS.test(text)) return null;
  const dong = Number(text.replace(/[.,\s]/g, ''));
  return Number.isSafeInteger(dong) ? dong : null;
}

export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : decimalFormat.format(value);
}

/** A calendar date `YYYY-MM-DD` as dd/mm/yyyy, without passing through a Date (no time zone can shift it). */
export function formatDate(isoDate: string | null | undefined): string {
  const match = isoDate ? /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate) : null;
  return match ? `${match[3]}/${match[2]}/${match[1]}` : NO_VALUE;
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as `dd/mm/yyyy HH:mm` on Vietnam's clock, whatever the device's zone. */
export function formatDateTime(iso: string): string {
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** Today's date in Vietnam as `YYYY-MM-DD`, the default for a new survey. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(now);
}
