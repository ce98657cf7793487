import { z } from 'zod';
import { calendarDate } from '../platform/api-schema.ts';

export const TECHNOLOGIES = ['2G', '3G', '4G', '5G'] as const;
export const QUALITIES = ['none', 'unstable', 'stable'] as const;

export const operatorCode = z
  .string()
  .regex(/^[a-z0-9_]{2,32}$/)
  .describe('An operator code from GET /api/operators, e.g. viettel');
const note = z.string().trim().max(500).optional();

export const mobileCoverageRecord = z.strictObject({
  operatorCode,
  technology: z.enum(TECHNOLOGIES),
  quality: z.enum(QUALITIES).describe('none: no signal; unstable: drops or only in parts of the village; stable: usable across the village'),
  observedOn: calendarDate.describe('From this day on (until a later record), YYYY-MM-DD'),
  note,
});

export const broadbandRecord = z.strictObject({
  operatorCode,
  fiberReaches: z.boolean().describe('The operator’s fibre reaches the village'),
  ftthAvailable: z.boolean().describe('Households can subscribe to fibre to the home'),
  observedOn: calendarDate,
  note,
});

export const communeFiberRecord = z.strictObject({
  operatorCode,
  hasPointOfPresence: z.boolean().describe('A fibre point of presence in the commune'),
  observedOn: calendarDate,
});

export const operator = z.object({ code: z.string(), name: z.string() });

export const villageCoverage = z.object({
  villageCode: z.string(),
  operators: z.array(operator),
  mobile: z.array(mobileCoverageRecord.omit({ note: true }).extend({ note: z.string().nullable() })),
  broadband: z.array(broadbandRecord.omit({ note: true }).extend({ note: z.string().nullable() })),
});

export const communeFiber = z.object({ communeCode: z.string(), records: z.array(communeFiberRecord) });

export type MobileCoverageRecord = z.infer<typeof mobileCoverageRecord>;
export type BroadbandRecord = z.infer<typeof broadbandRecord>;
export type CommuneFiberRecord = z.infer<typeof communeFiberRecord>;
