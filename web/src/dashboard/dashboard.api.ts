import { LEVEL, levelOfCode } from '../../../src/territory/territory.rules.ts';
import type { WhiteSpot, WhiteSpotOperator } from '../../../src/coverage/white-spots.rules.ts';
import type { SheetFormat } from '../../../src/platform/spreadsheet.ts';
import type { z } from 'zod';
import type {
  indicator,
  IndicatorValueCell,
  indicatorValues,
  recordAtFault,
  target,
  validationRule,
  violation,
  violationList,
} from '../../../src/indicators/indicator.schema.ts';
import type { operator } from '../../../src/coverage/coverage.schema.ts';
import type { OrgUnitChild } from '../../../src/territory/org-unit.schema.ts';
import { api, withQuery } from '../platform/api.ts';
import { todayInVietnam } from '../platform/format.ts';
import type { Lang } from '../platform/i18n.ts';

export type { IndicatorValueCell, OrgUnitChild };

export type ValidationRule = z.infer<typeof validationRule>;
export type Violation = z.infer<typeof violation>;
export type Violations = z.infer<typeof violationList>;
export type RecordAtFault = z.infer<typeof recordAtFault>;

export type Indicator = z.infer<typeof indicator>;
export type IndicatorValues = z.infer<typeof indicatorValues>;
export type Target = z.infer<typeof target>;

// The server's own shapes: one definition for the API, its file download and this page.
export type { WhiteSpot, WhiteSpotOperator };

export interface WhiteSpots {
  year: number;
  withoutMobile: number;
  withoutBroadband: number;
  items: WhiteSpot[];
}

export type Operator = z.infer<typeof operator>;

export const PROVINCE = '20';
/** The first year of the province's figures (the report's baseline). */
export const BASE_YEAR = 2021;
/** This year in Vietnam: in progress, its figures are what has been reported so far. */
export const CURRENT_YEAR = Number(todayInVietnam().slice(0, 4));
/** Every view's years, defined once: from the baseline to the year in progress. */
export const YEARS: readonly number[] = Array.from({ length: CURRENT_YEAR - BASE_YEAR + 1 }, (_, i) => BASE_YEAR + i);
/** The last whole year, which a view opens on. */
export const DEFAULT_YEAR = CURRENT_YEAR - 1;
/** The span the trends and sparklines show, for their headers. */
export const YEAR_SPAN = { from: BASE_YEAR, to: CURRENT_YEAR };

export const indicatorsUrl = '/api/indicators';
export const operatorsUrl = '/api/operators';
export const boundariesUrl = '/api/boundaries/communes';

export interface ValuesQuery {
  indicator: string;
  orgUnit: string;
  period: string;
  level?: number;
}

export const valuesUrl = (query: ValuesQuery, format: 'json' | SheetFormat = 'json') =>
  withQuery('/api/indicator-values', { ...query, format: format === 'json' ? undefined : format });

/** Every unit under `code` with its point (a commune has under 100 villages, the province 65 communes). */
export const unitChildrenUrl = (code: string) => withQuery(`/api/org-units/${code}/children`, { limit: 500 });

/** The targets a unit is measured against: its own, or its nearest ancestor's for a share it has none of. */
export const targetsInForceUrl = (orgUnit: string) => withQuery('/api/targets', { orgUnit, inForce: 'true' });

export const whiteSpotsUrl = (year: number, orgUnit = PROVINCE) => withQuery('/api/white-spots', { orgUnit, year });

/** The white spots as a file, narrowed to an operator like the page, headers in the page's language. */
export const whiteSpotsFileUrl = (year: number, operator: string, format: SheetFormat, lang: Lang) =>
  withQuery('/api/white-spots', { orgUnit: PROVINCE, year, operator, format, lang });

/** The level listed under a unit: communes under the province, villages under a commune. */
export const childLevel = (code: string) => Math.min(levelOfCode(code) + 1, LEVEL.village);

export const validationRulesUrl = '/api/validation-rules';

/** The API's largest page: broken rules are a short list, and the summary counts all of them, not a page. */
export const VIOLATIONS_LIMIT = 1000;

export const violationsUrl = (year: number, orgUnit: string, rule: string) =>
  withQuery('/api/validation-violations', { orgUnit, period: year, rule, limit: VIOLATIONS_LIMIT });

/** The whole list as a file (not a page of it), headers in the page's language. */
export const violationsFileUrl = (year: number, orgUnit: string, rule: string, format: SheetFormat, lang: Lang) =>
  withQuery('/api/validation-violations', { orgUnit, period: year, rule, format, lang });

/** The households behind a rule broken at a village (for an account that may read them). */
export const recordsAtFaultUrl = (at: Pick<Violation, 'rule' | 'orgUnit' | 'period'>) =>
  withQuery('/api/validation-violations/records', { rule: at.rule, orgUnit: at.orgUnit, period: at.period });

/** Checks every rule again over the unit and below it for the year, then lists what is broken. */
export const checkAgain = (year: number, orgUnit: string, rule: string) =>
  api.post<Violations>('/api/validation-violations/check', { orgUnit, period: String(year), rule: rule || undefined, limit: VIOLATIONS_LIMIT });
