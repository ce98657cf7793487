import { z } from 'zod';
import { calendarDate } from '../platform/api-schema.ts';
import { bilingual } from '../platform/errors.ts';
import { EARTHLY_BRANCHES } from './lunar-calendar.rules.ts';

const distinct = <T>(values: T[]) => new Set(values).size === values.length;
const message = z.strictObject({ vi: z.string().trim().min(1).max(120), en: z.string().trim().min(1).max(120) });

/**
 * When a market meets, as data. Highland markets (chợ phiên) follow the lunar calendar far more
 * often than the week: Kỳ Lừa meets on lunar days ending in 2 and 7, others on fixed lunar days,
 * on days of given earthly branches (Tỵ and Hợi: every six days), or on a weekday.
 */
export const marketRule = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('lunar_day_digits'),
    digits: z
      .array(z.number().int().min(0).max(9))
      .min(1)
      .max(10)
      .refine(distinct, bilingual({ vi: 'Mỗi chữ số chỉ ghi một lần.', en: 'Each digit once.' }))
      .describe('Lunar days ending in these digits: [2, 7] is 2, 7, 12, 17, 22, 27'),
  }),
  z.strictObject({
    kind: z.literal('lunar_days'),
    days: z
      .array(z.number().int().min(1).max(30))
      .min(1)
      .max(30)
      .refine(distinct, bilingual({ vi: 'Mỗi ngày chỉ ghi một lần.', en: 'Each day once.' }))
      .describe('Fixed lunar days of every month; 30 only in the months that have it'),
  }),
  z.strictObject({
    kind: z.literal('earthly_branches'),
    branches: z
      .array(z.enum(EARTHLY_BRANCHES))
      .min(1)
      .max(12)
      .refine(distinct, bilingual({ vi: 'Mỗi chi chỉ ghi một lần.', en: 'Each branch once.' }))
      .describe('Days of these earthly branches (a 12-day cycle each)'),
  }),
  z.strictObject({
    kind: z.literal('weekdays'),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .refine(distinct, bilingual({ vi: 'Mỗi thứ chỉ ghi một lần.', en: 'Each weekday once.' }))
      .describe('ISO weekdays: 1 Monday … 7 Sunday'),
  }),
  z.strictObject({
    kind: z.literal('every_n_days'),
    every: z.number().int().min(2).max(60).describe('Days between two sessions'),
    from: calendarDate.describe('A day the market is known to have met, YYYY-MM-DD'),
  }),
]);
export type MarketRule = z.infer<typeof marketRule>;

const lunarMonthDay = z.strictObject({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(30) });
export type LunarMonthDay = z.infer<typeof lunarMonthDay>;

/**
 * A yearly period by lunar date, in the regular (not leap) months: a fair when the market meets
 * every day (Kỳ Lừa, 22–27 of the first month), or a closure (Tết). It may run over the year's end.
 */
export const lunarPeriod = z.strictObject({
  kind: z.enum(['fair', 'closed']),
  from: lunarMonthDay,
  to: lunarMonthDay,
  name: message,
});
export type LunarPeriod = z.infer<typeof lunarPeriod>;

export const marketSchedule = z.strictObject({
  rule: marketRule,
  periods: z.array(lunarPeriod).max(20).default([]),
  /** One-off changes announced by the commune: a session moved, cancelled or added. */
  extraDays: z.array(calendarDate).max(100).default([]),
  cancelledDays: z.array(calendarDate).max(100).default([]),
});
export type MarketSchedule = z.infer<typeof marketSchedule>;
