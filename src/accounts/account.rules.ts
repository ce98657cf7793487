import type { Message } from '../platform/errors.ts';
import type { Role } from './accounts.tables.ts';
import { foldForSearch } from '../platform/text.ts';

/** A role as people call it, for the messages that name one. */
export const ROLE_NAMES: Record<Role, Message> = {
  province_admin: { vi: 'quản trị cấp tỉnh', en: 'province administrator' },
  commune_officer: { vi: 'cán bộ xã', en: 'commune officer' },
  team_member: { vi: 'tổ viên tổ công nghệ số cộng đồng', en: 'community digital team member' },
  telecom_operator: { vi: 'nhà mạng', en: 'telecom operator' },
  seller: { vi: 'người bán', en: 'seller' },
  courier: { vi: 'người giao hàng', en: 'courier' },
  dispatcher: { vi: 'điều phối giao hàng', en: 'delivery dispatcher' },
  national_officer: { vi: 'cán bộ cấp quốc gia', en: 'national officer' },
  national_admin: { vi: 'quản trị cấp quốc gia', en: 'national administrator' },
  pickup_keeper: { vi: 'người giữ điểm nhận hàng', en: 'pickup point keeper' },
};

/**
 * A username for a team member, easy to say over the phone and type on one: the given name (the
 * last word of a Vietnamese name) and the village, without marks: "Hà Thị Lan" of Hin Đăm →
 * `lan.hindam`; the next Lan of Hin Đăm gets `lan.hindam2`.
 */
export function usernameFor(displayName: string, villageName: string, taken: ReadonlySet<string>): string {
  const given = lettersOnly(foldForSearch(displayName).split(' ').at(-1) ?? '') || 'tovien';
  const base = `${given.slice(0, 12)}.${villageTag(villageName)}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/** The village part of its members' usernames: "Hin Đăm" → `hindam`. */
export const villageTag = (villageName: string): string => lettersOnly(foldForSearch(villageName)).slice(0, 24) || 'thon';

const lettersOnly = (text: string) => text.replace(/[^a-z0-9]/g, '');

const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(A|iOS)?\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bZalo/i, 'Zalo'],
  [/\bCoc_?Coc/i, 'Cốc Cốc'],
  [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * What an officer needs to tell one session from another ("Chrome · Android"), and nothing more:
 * the raw user-agent string, which can single out a device, is never stored.
 */
export function userAgentSummary(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (!browser && !system) return null;
  return [browser, system].filter(Boolean).join(' · ');
}
