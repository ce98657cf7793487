/**
 * A calendar date as people in Vietnam write it (dd/mm/yyyy), read from what they type and written
 * back. The app keeps `YYYY-MM-DD`; only the field the person sees speaks dd/mm/yyyy. Pure, so the
 * rules are tested without a browser.
 */

/** Why a typed date is not one: the words live with the date field (date-field.i18n.ts). */
export type DayTextProblem = 'format' | 'no_such_day';

export type DayText = { state: 'empty' } | { state: 'day'; day: string } | { state: 'problem'; problem: DayTextProblem };

/**
 * `5/12/2025`, `05.12.2025`, `05-12-2025` and `05 12 2025` (day first, whatever the separator),
 * and eight digits `05122025` for a phone's number pad, which has no slash. The year has four
 * digits: `25` could be 1925 or 2025.
 */
const SEPARATED = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/;
const DIGITS = /^(\d{2})(\d{2})(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Days in a month of the proleptic Gregorian calendar (what `<input type=date>` uses). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real `YYYY-MM-DD` day (not 2025-02-30). */
export function isIsoDay(value: string): boolean {
  const match = ISO.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `2025-12-05` → `05/12/2025`; anything that is not a day is shown as it is (what was typed). */
export function dayToText(value: string): string {
  const match = ISO.exec(value);
  return match && isIsoDay(value) ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/**
 * The text a field shows once the person leaves it: `20112026`, `20.11.2026`, `2/3/2026` read as
 * days are written back day first with slashes (`20/11/2026`, `02/03/2026`); anything else stays
 * as typed, so the person can mend it.
 */
export function tidyDayText(text: string): string {
  const read = readDayText(text);
  return read.state === 'day' ? dayToText(read.day) : text;
}

/**
 * What a person typed, as a day, or why it is not one. Spaces around the text are ignored; an
 * empty field is empty, not a problem. `YYYY-MM-DD` (pasted from a spreadsheet or a file) is read
 * too: with the year first it cannot be mistaken. Whether the day is allowed (not in the future,
 * not before joining) is the form's rule, in its own words.
 */
export function readDayText(text: string): DayText {
  const trimmed = text.trim();
  if (trimmed === '') return { state: 'empty' };
  const parts = dayMonthYear(trimmed);
  if (!parts) return { state: 'problem', problem: 'format' };
  const [day, month, year] = parts;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { state: 'problem', problem: 'no_such_day' };
  return { state: 'day', day: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

function dayMonthYear(text: string): [number, number, number] | null {
  const dayFirst = SEPARATED.exec(text) ?? DIGITS.exec(text);
  if (dayFirst) return [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3])];
  const yearFirst = ISO.exec(text);
  return yearFirst ? [Number(yearFirst[3]), Number(yearFirst[2]), Number(yearFirst[1])] : null;
}
