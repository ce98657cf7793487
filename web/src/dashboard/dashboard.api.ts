import { LEVEL, levelOfCode } from '../../../src/territory/territory.rules.ts';
import type { WhiteSpot, WhiteSpotOperator } from '../../../src/coverage/white-spots.rules.ts';
import type { SheetFormat } from '../../../src/imports/spreadsheet.ts';
import type { z } from 'zod';
import type { IndicatorValueCell, recordAtFault, validationRule, violation, violationList } from '../../../src/indicators/indicator.schema.ts';
import type { OrgUnitChild } from '../../../src/territory/org-unit.schema.ts';
import { api, withQuery } from '../platform/api.ts';
import type { Lang } from '../platform/i18n.ts';

export type { IndicatorValueCell, OrgUnitChild };

export type ValidationRule = z.infer<typeof validationRule>;
export type Violation = z.infer<typeof violation>;
export type Violations = z.infer<typeof violationList>;
export type RecordAtFault = z.infer<typeof recordAtFault>;

export interface Message {
  vi: string;
  en: string;
}

export interface Indicator {
  code: string;
  name: Message;
  definition: Message;
  reference: string | null;
  numerator: string;
  denominator: string | null;
  factor: number;
  decimals: number;
  higherIsBetter: boolean;
  timeAggregation: 'stock' | 'flow';
  module: string;
}

export interface IndicatorValues {
  periods: string[];
  cells: IndicatorValueCell[];
}

// The server's own shapes: one definition for the API, its file download and this page.
export type { WhiteSpot, WhiteSpotOperator };

export interface WhiteSpots {
  year: number;
  withoutMobile: number;
  withoutBroadband: number;
  items: WhiteSpot[];
}

export interface Operator {
  code: string;
  name: string;
}

export const PROVINCE = '20';
/** Years the selector offers; the trend and the sparklines run 2021–2025, the report's span. */
export const YEARS = [2021, 2022, 2023, 2024, 2025, 2026] as const;
export const TREND_YEARS = [2021, 2022, 2023, 2024, 2025] as const;
export const DEFAULT_YEAR = 2025;
export const BASE_YEAR = 2021;

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
