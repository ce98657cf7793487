import { formatDate, formatDecimal, todayInVietnam } from '../platform/format.ts';
import type { Violation } from './dashboard.api.ts';

/**
 * "4 > 2": both sides as they stand, the sign read from the values themselves, so it is true
 * whatever the rule's operator (a broken "≤" shows ">", a broken "=" shows which side is larger).
 */
export function comparisonText(left: number, right: number): string {
  const sign = left > right ? '>' : left < right ? '<' : '=';
  return `${formatDecimal(left)} ${sign} ${formatDecimal(right)}`;
}

/** The day a violation was first found, on Vietnam's clock: 20:00 UTC is already the next day there. */
export const foundOn = (foundAt: string): string => formatDate(todayInVietnam(new Date(foundAt)));

/** How many villages and communes break at least one rule (a unit breaking two counts once). */
export function unitsAtFault(items: readonly Violation[]): { villages: number; communes: number } {
  const count = (level: number) => new Set(items.filter((item) => item.level === level).map((item) => item.orgUnit)).size;
  return { villages: count(3), communes: count(2) };
}

/** One violation: a rule, broken at a unit, in a period. */
export const violationKey = (item: Pick<Violation, 'rule' | 'orgUnit' | 'period'>): string => `${item.rule}/${item.orgUnit}/${item.period}`;
