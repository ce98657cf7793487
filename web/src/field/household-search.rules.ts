import { foldForSearch } from '../../../src/platform/text.ts';
import { NEEDS, type Need } from '../../../src/teams/fieldwork.rules.ts';
import type { HouseholdView } from './sync.rules.ts';

/**
 * Finding a household as people type on a phone keyboard: no diacritics ("hin dam" finds
 * "Hin Đăm"), numbers without their zeros ("ho 12" finds "Hộ 012"), each word the start of a
 * word of the label, in any order.
 */
export function searchWords(text: string): string[] {
  return foldForSearch(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => (/^\d+$/.test(word) ? word.replace(/^0+(?=\d)/, '') : word));
}

export function matchesSearch(label: string, query: string): boolean {
  const wanted = searchWords(query);
  if (wanted.length === 0) return true;
  const words = searchWords(label);
  return wanted.every((w) => words.some((word) => word.startsWith(w)));
}

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

export type NeedFilter = Need | 'all' | 'unsurveyed';

/** The list on screen: active households matching the search and the need, in the register's order. */
export function filterHouseholds(households: readonly HouseholdView[], query: string, need: NeedFilter): HouseholdView[] {
  return households
    .filter((h) => !h.archived)
    .filter((h) => need === 'all' || (need === 'unsurveyed' ? h.latest === null : h.needs.some((n) => n.need === need)))
    .filter((h) => matchesSearch(h.label, query))
    .sort((a, b) => collator.compare(a.label, b.label));
}

/** How many active households lack each thing: the counts on the filter chips. */
export function countNeeds(households: readonly HouseholdView[]): Record<NeedFilter, number> {
  const counts = Object.fromEntries([...NEEDS, 'all', 'unsurveyed'].map((n) => [n, 0])) as Record<NeedFilter, number>;
  for (const h of households) {
    if (h.archived) continue;
    counts.all += 1;
    if (h.latest === null) counts.unsurveyed += 1;
    for (const { need } of h.needs) counts[need] += 1;
  }
  return counts;
}

export const NEED_FILTERS: readonly NeedFilter[] = ['all', ...NEEDS, 'unsurveyed'];

export function readNeedFilter(value: string | null): NeedFilter {
  return NEED_FILTERS.find((n) => n === value) ?? 'all';
}
