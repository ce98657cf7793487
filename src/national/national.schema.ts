import { z } from 'zod';

/** What a province server answers the nation: a DHIS2 dataValueSets document (the export Bản Số already writes). */
export const exchangeDocument = z.object({
  dataSet: z.string(),
  completeDate: z.string(),
  dataValues: z
    .array(z.object({ dataElement: z.string().max(60), period: z.string().max(10), orgUnit: z.string().max(20), value: z.string().max(40) }))
    .max(500_000),
});

const freshness = z.object({
  status: z.enum(['never', 'ok', 'unreachable', 'refused']),
  lastSyncAt: z.string().nullable().describe('When the values shown were pulled'),
  lastAttemptAt: z.string().nullable(),
  stale: z.boolean().describe('The values shown are not known to be current: the last pull failed or is too old'),
  lastError: z.string().nullable(),
});

const indicatorValue = z.object({ indicator: z.string(), value: z.number().nullable(), numerator: z.number().nullable(), denominator: z.number().nullable() });
const unitRow = z.object({ code: z.string(), name: z.string(), values: z.array(indicatorValue) });

export const nationalScorecard = z.object({
  period: z.string(),
  indicators: z.array(
    z.object({
      code: z.string(),
      name: z.object({ vi: z.string(), en: z.string() }),
      higherIsBetter: z.boolean(),
      factor: z.number(),
      decimals: z.number().int(),
    }),
  ),
  nation: z.object({
    values: z.array(indicatorValue),
    provincesCounted: z
      .number()
      .int()
      .describe('Provinces whose values are in the nation’s figures (a province that never answered adds nothing, never a zero)'),
    provincesLinked: z.number().int(),
    provincesTotal: z.number().int(),
  }),
  provinces: z.array(unitRow.extend({ linked: z.boolean(), freshness: freshness.nullable() })),
});

export const provinceDrillDown = z.object({
  period: z.string(),
  province: unitRow.extend({ freshness }),
  communes: z.array(unitRow),
});

export const provinceLinkItem = z.object({
  provinceCode: z.string(),
  baseUrl: z.string(),
  timeoutMs: z.number().int(),
  everyMinutes: z.number().int(),
  valueCount: z.number().int(),
  freshness,
});

export const provinceLinks = z.object({ items: z.array(provinceLinkItem) });

/** A link as a national administrator writes it; the ranges are the table's (migration 0014). */
export const provinceLinkBody = z.object({
  baseUrl: z
    .string()
    .trim()
    .max(500)
    .regex(/^https?:\/\/[^\s/]+/, 'An address beginning with http:// or https://')
    .describe('The province server’s address, as its officers open it'),
  token: z.string().min(16).max(200).optional().describe('The province’s BANSO_EXCHANGE_TOKEN; left out when editing, the link keeps its token'),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  everyMinutes: z.number().int().min(1).max(1440).default(15),
});

export const pullOutcome = z.object({
  status: z.enum(['ok', 'unreachable', 'refused']),
  values: z.number().int().optional(),
  error: z.string().optional(),
});

export type ProvinceLinks = z.infer<typeof provinceLinks>;
export type ProvinceLinkItem = z.infer<typeof provinceLinkItem>;
export type ProvinceLinkBody = z.input<typeof provinceLinkBody>;
export type PullOutcomeBody = z.infer<typeof pullOutcome>;
export type NationalScorecard = z.infer<typeof nationalScorecard>;
export type ProvinceDrillDown = z.infer<typeof provinceDrillDown>;
