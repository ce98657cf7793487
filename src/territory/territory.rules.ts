import type { OrgUnitKind } from '../platform/schema.ts';

/** Levels of the territory since 1 July 2025: no districts any more. */
export const LEVEL = { province: 1, commune: 2, village: 3 } as const;

export const KIND_NAMES: Record<OrgUnitKind, { vi: string; en: string }> = {
  tinh: { vi: 'Tỉnh', en: 'Province' },
  xa: { vi: 'Xã', en: 'Commune' },
  phuong: { vi: 'Phường', en: 'Ward' },
  thon: { vi: 'Thôn', en: 'Village' },
  ban: { vi: 'Bản', en: 'Village' },
  khoi_pho: { vi: 'Khối phố', en: 'Urban quarter' },
};

export const VILLAGE_KINDS = ['thon', 'ban', 'khoi_pho'] as const satisfies readonly OrgUnitKind[];

/** A village's code: its commune's five-digit code and a three-digit number within the commune. */
export function villageCode(communeCode: string, number: number): string {
  return `${communeCode}${String(number).padStart(3, '0')}`;
}

/** The ltree path of a unit under its parent; codes are digits, which ltree labels accept. */
export function childPath(parentPath: string, code: string): string {
  return `${parentPath}.${code}`;
}

/** A unit's level from its code: two digits for the province, five for a commune, eight for a village. */
export type Level = (typeof LEVEL)[keyof typeof LEVEL];
export const levelOfCode = (code: string): Level => (code.length <= 2 ? LEVEL.province : code.length <= 5 ? LEVEL.commune : LEVEL.village);

/**
 * True when the unit `code` lies in the subtree of the unit `scopeCode`, from the codes alone (where
 * no path is at hand, as in the web app): a village's code begins with its commune's, and the
 * province holds every commune.
 */
export function isCodeWithin(code: string, scopeCode: string): boolean {
  return levelOfCode(scopeCode) === LEVEL.province || code.startsWith(scopeCode);
}

/** True when the unit at `path` lies inside the subtree rooted at `scope` (or is its root). */
export function isWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`);
}
