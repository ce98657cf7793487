import type { HeaderLanguage } from '../platform/api-schema.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Table } from '../platform/spreadsheet.ts';
import type { Violation } from './run-validation.ts';

/** The data-checks download in both languages, the one place its words live; officers send the Vietnamese one on. */
const WORDS = {
  vi: {
    header: ['Đơn vị', 'Mã đơn vị', 'Cấp', 'Thuộc xã, phường', 'Quy tắc', 'Mã quy tắc', 'Vế trái', 'Vế phải', 'Phát hiện từ'],
    levels: ['Tỉnh', 'Xã, phường', 'Thôn, bản'],
  },
  en: {
    header: ['Unit', 'Code', 'Level', 'In commune or ward', 'Rule', 'Rule code', 'Left side', 'Right side', 'Found since'],
    levels: ['Province', 'Commune or ward', 'Village'],
  },
} as const;

/** The day a violation was first found, on Vietnam's clock (20:00 UTC is already the next day there), as a date cell. */
const foundOn = (foundAt: string): Date => new Date(`${todayInVietnam(new Date(foundAt))}T00:00:00Z`);

/**
 * One row per violation, in the list's order (villages first): the rule in the chosen language, a
 * village's commune beside it, the two sides as plain numbers a spreadsheet can compare.
 */
export function violationsTable(items: readonly Violation[], lang: HeaderLanguage): Table {
  const words = WORDS[lang];
  return {
    header: words.header,
    rows: items.map((item) => [
      item.orgUnitName,
      item.orgUnit,
      words.levels[item.level - 1] ?? String(item.level),
      item.level === 3 ? (item.parentName ?? item.parentCode ?? '') : '',
      item.description[lang],
      item.rule,
      item.left,
      item.right,
      foundOn(item.foundAt),
    ]),
  };
}

/** `kiem-tra-du-lieu-2025`, with the unit below the province and the rule when the list is narrowed to them (the extension is the format's). */
export function violationsFileName(period: string, unit: { code: string; level: number }, rule: string | undefined): string {
  return `kiem-tra-du-lieu-${period}${unit.level > 1 ? `-${unit.code}` : ''}${rule ? `-${rule}` : ''}`;
}
