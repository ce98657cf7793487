import type { OrgUnit, OrgUnitSummary } from '../../../src/territory/org-unit.schema.ts';
import { api, withQuery } from '../platform/api.ts';

export type { OrgUnit, OrgUnitSummary };

/** The province this deployment serves; the home page shows it. */
export const HOME_PROVINCE = '20';

/** Children come a page at a time; a commune has a few dozen villages, so one page is the usual case. */
export const CHILDREN_PAGE = 200;

export interface Page<T> {
  total: number;
  items: T[];
}

export { levelOfCode, type Level } from '../../../src/territory/territory.rules.ts';

/** Codes are 2 digits (province), 5 (commune or ward) or 8 (village): see org-unit.schema.ts. */

export const orgUnitUrl = (code: string) => `/api/org-units/${code}`;

export const childrenUrl = (code: string, offset: number) => withQuery(`/api/org-units/${code}/children`, { limit: CHILDREN_PAGE, offset });

export function searchOrgUnits(text: string, signal: AbortSignal) {
  return api.get<{ items: OrgUnitSummary[] }>('/api/org-units', { query: { search: text, limit: 20 }, signal });
}

export interface Predecessor {
  code: string;
  name: string;
  district: string;
  portion: 'full' | 'partial';
}

export interface CommuneDetails {
  adminCenter?: string;
  resolution?: string;
  predecessors: Predecessor[];
}

const isPredecessor = (value: unknown): value is Predecessor => typeof value === 'object' && value !== null && typeof (value as Predecessor).name === 'string';

/** `details` is free-form per level; read only the fields a commune is known to carry, and only if well-formed. */
export function communeDetails(details: Record<string, unknown>): CommuneDetails {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  return {
    adminCenter: text(details.adminCenter),
    resolution: text(details.resolution),
    predecessors: Array.isArray(details.predecessors) ? details.predecessors.filter(isPredecessor) : [],
  };
}

const collator = new Intl.Collator('vi');

/** Vietnamese alphabetical order (Bắc before Bình, Đ after D), which a byte-order sort gets wrong. */
export const byVietnameseName = (a: OrgUnitSummary, b: OrgUnitSummary) => collator.compare(a.name, b.name);

let communeNames: Promise<Map<string, string>> | null = null;

/** The province's commune names, fetched once, to say which commune a village found by search is in. */
export function loadCommuneNames(): Promise<Map<string, string>> {
  communeNames ??= api
    .get<Page<OrgUnitSummary>>(childrenUrl(HOME_PROVINCE, 0))
    .then((page) => new Map(page.items.map((unit) => [unit.code, unit.fullName])))
    .catch((error: unknown) => {
      communeNames = null;
      throw error;
    });
  return communeNames;
}
