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
