import { z } from 'zod';
import { tableFormat } from '../platform/api-schema.ts';
import { COMPARISONS, RULE_CODE, RULE_DESCRIPTION_MAX, RULE_SIDE_MAX } from './validation-rule.rules.ts';

const message = z.object({ vi: z.string(), en: z.string() });

export const indicatorCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,40}$/, 'An indicator code in capitals, e.g. HH_FIBER');

export const indicator = z.object({
  code: z.string(),
  name: message,
  definition: message,
  reference: z.string().nullable().describe('International reference (ITU, Findex, SDG) where one exists'),
  numerator: z.string().describe('Formula over data element codes'),
  denominator: z.string().nullable(),
  factor: z.number().int().describe('100 for a percentage, 1 for a count'),
  decimals: z.number().int(),
  higherIsBetter: z.boolean(),
  timeAggregation: z.enum(['stock', 'flow']).describe('stock: as of the period’s end; flow: within the period'),
  module: z.string(),
});

export const periodType = z.enum(['year', 'quarter', 'month']);

/** A catalogue entry as listed: the definition and the period types it has values for (decision 0010). */
export const catalogueIndicator = indicator.extend({
  periodTypes: z.array(periodType).describe('year always; quarter and month when every data element it uses is dated by day'),
});

export const dataElement = z.object({
  code: z.string(),
  name: message,
  source: z.string(),
  leafLevel: z.enum(['village', 'commune']),
  periodTypes: z.array(periodType),
});

const csvList = (item: z.ZodString, max: number) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(max));

export const valuesQuery = z.object({
  indicator: csvList(indicatorCode, 50).optional().describe('Comma-separated indicator codes; all when left out'),
  orgUnit: z
    .string()
    .regex(/^\d{2}(\d{3}(\d{3})?)?$/)
    .default('20')
    .describe('The unit, or with `level` the root of the units listed'),
  period: csvList(z.string().regex(/^\d{4}(Q[1-4]|0[1-9]|1[0-2])?$/, 'A year (2025), a quarter (2025Q1) or a month (202503)'), 20)
    .optional()
    .describe(
      'Comma-separated periods in DHIS2 form: years (2025), quarters (2025Q1), months (202503); every year when left out. Quarters and months only for indicators whose data is dated by day',
    ),
  level: z.coerce.number().int().min(1).max(3).optional().describe('List every unit at this level under orgUnit (2: communes, 3: villages)'),
  format: tableFormat,
});

export const indicatorValueCell = z.object({
  indicator: z.string(),
  orgUnit: z.string(),
  orgUnitName: z.string(),
  level: z.number().int(),
  isDemo: z.boolean(),
  period: z.string(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  reason: z
    .enum(['no_data', 'not_reported_yet', 'denominator_zero', 'suppressed'])
    .nullable()
    .describe(
      'Why value is null; `not_reported_yet`: the period is in progress and not every unit has reported (see `completeness`); `suppressed`: made from too few households for this caller (see `suppression`)',
    ),
  completeness: z
    .object({ reported: z.number(), expected: z.number() })
    .describe('Leaves (villages or communes) that reported, out of those expected, for the least complete of the sources the indicator is made of'),
  inProgress: z.object({ until: z.string() }).nullable().describe('The period has not ended: its figures are what was reported up to this day (YYYY-MM-DD)'),
  target: z
    .object({
      year: z.number().int(),
      value: z.number(),
      expected: z.number().describe('What the target expects this year: its value in its own year, the straight trajectory from the baseline before it'),
      status: z.enum(['achieved', 'on_track', 'behind']),
      gap: z.number().describe('value − expected: how far ahead (positive) or behind (negative) of the trajectory, in the indicator’s unit'),
      setFor: z.string().describe('The unit the target was set for: the unit itself, or for a share the nearest unit above it with targets'),
    })
    .nullable(),
});

/** How an answer protects small numbers (decision 0017). */
export const suppression = z
  .object({ minHouseholds: z.number().int(), note: z.object({ vi: z.string(), en: z.string() }) })
  .describe('Cells made from fewer households than minHouseholds are left out for callers whose scope does not cover the unit');

export const indicatorValues = z.object({ periods: z.array(z.string()), cells: z.array(indicatorValueCell), suppression });

export type IndicatorValueCell = z.infer<typeof indicatorValueCell>;

export const indicatorBody = indicator
  .omit({ code: true })
  .extend({
    name: z.strictObject({ vi: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }),
    definition: z.strictObject({ vi: z.string().trim().min(1).max(2000), en: z.string().trim().min(1).max(2000) }),
    reference: z.string().trim().max(200).nullable(),
    numerator: z.string().trim().min(1).max(500),
    denominator: z.string().trim().min(1).max(500).nullable(),
    factor: z.union([z.literal(1), z.literal(100), z.literal(1000)]),
    decimals: z.number().int().min(0).max(3),
    module: z.string().trim().min(1).max(40),
  })
  .strict();

export const target = z.strictObject({
  indicatorCode,
  orgUnitCode: z.string().regex(/^\d{2}(\d{3}(\d{3})?)?$/),
  year: z.number().int().min(2021).max(2100),
  value: z.number().finite(),
  baselineYear: z.number().int().min(2000).max(2100).default(2021),
  baselineValue: z.number().finite().nullable().default(null).describe('Left null, the baseline year’s computed value is used'),
});

const ruleSide = z.string().trim().min(1).max(RULE_SIDE_MAX);
const ruleDescription = z.string().trim().min(1).max(RULE_DESCRIPTION_MAX);

export const validationRule = z.strictObject({
  code: z.string().regex(RULE_CODE),
  leftSide: ruleSide,
  operator: z.enum(COMPARISONS),
  rightSide: ruleSide,
  description: z.strictObject({ vi: ruleDescription, en: ruleDescription }),
});

export const violation = z.object({
  rule: z.string(),
  description: message,
  orgUnit: z.string(),
  orgUnitName: z.string(),
  level: z.number().int(),
  parentCode: z.string().nullable(),
  parentName: z.string().nullable().describe('The full name of the unit above (a village’s commune)'),
  period: z.string(),
  left: z.number(),
  right: z.number(),
  foundAt: z.string().describe('When the violation was first found'),
  hasRecords: z.boolean().describe('The rule’s module can list the records behind it (GET /api/validation-violations/records)'),
});

export const violationsQuery = z.object({
  orgUnit: z
    .string()
    .regex(/^\d{2,8}$/)
    .default('20'),
  period: z.string().max(7).describe('A year (2025), a quarter (2025Q3) or a month (202508)'),
  rule: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const violationList = z.object({ total: z.number().int(), items: z.array(violation) });

export const recordAtFault = z.object({
  kind: z.enum(['household']),
  id: z.string(),
  label: z.string(),
  detail: message,
});
