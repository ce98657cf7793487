import type { OrgUnitKind } from './territory.tables.ts';

/** Levels of the territory since 1 July 2025: no districts any more. */
export const LEVEL = { province: 1, commune: 2, village: 3 } as const;

export const KIND_NAMES: Record<OrgUnitKind, { vi: string; en: string }> = {
  tinh: { vi: 'Tỉnh', en: 'Province' },
  thanh_pho: { vi: 'Thành phố', en: 'Centrally-run city' },
  xa: { vi: 'Xã', en: 'Commune' },
  phuong: { vi: 'Phường', en: 'Ward' },
  dac_khu: { vi: 'Đặc khu', en: 'Special zone' },
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

/**
 * The nation's root: no unit of the territory (each province is the root of its subtree) but the
 * empty path, the ltree ancestor of every path. `VN` is what the API calls it.
 */
export const NATION = { code: 'VN', path: '', province_code: 'VN' } as const;

/** True when the unit at `path` lies inside the subtree rooted at `scope` (or is its root); everything lies inside the nation's. */
export function isWithin(path: string, scope: string): boolean {
  return scope === NATION.path || path === scope || path.startsWith(`${scope}.`);
}
