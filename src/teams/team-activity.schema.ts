import { z } from 'zod';
import { calendarDate, headerLanguage, tableFormat } from '../platform/api-schema.ts';
import { orgUnitCode, orgUnitSummary } from '../territory/schemas.ts';
import { NEEDS } from './fieldwork.rules.ts';

export const MAX_WEEKS = 52;

export const overviewQuery = z.object({
  orgUnit: orgUnitCode.describe('The province or a commune (a village gives its own figures and no rows below)'),
  weeks: z.coerce.number().int().min(1).max(MAX_WEEKS).default(12).describe('How many ISO weeks, ending with the week of `until`'),
  staleDays: z.coerce.number().int().min(1).max(365).default(7).describe('A phone that has not synced for this many days counts as silent'),
  until: calendarDate.optional().describe('Last day counted (default: today in Vietnam); weeks end with the week holding it'),
  format: tableFormat,
  lang: headerLanguage,
});

const count = z.number().int().min(0);

export const needCounts = z
  .object(Object.fromEntries(NEEDS.map((need) => [need, count])) as Record<(typeof NEEDS)[number], typeof count>)
  .describe(
    'Households still lacking each service by their latest survey: no smartphone, an adult without an e-payment account, a smartphone owner without VNeID / the e-health record / a banking app, no home fibre',
  );

export const unitActivity = orgUnitSummary.pick({ code: true, name: true, fullName: true, kind: true, level: true, isDemo: true }).extend({
  visits: z.array(count).describe('Support visits per week, in the order of `weeks`'),
  trainings: z.array(count).describe('Trainings held per week, in the order of `weeks`'),
  households: count.describe('Households in the register (not archived)'),
  lacking: needCounts,
  teamMembers: count.describe('Team members today (joined, not left)'),
  membersTrained: count,
  needsAttention: count.describe('Rejected or conflicting changes from phones that nobody has resolved'),
  staleDevices: count.describe('Phones that have not synced for `staleDays` days'),
});

export const fieldworkOverview = z.object({
  until: calendarDate,
  untilLatest: z
    .boolean()
    .describe('True when no `until` was asked and nothing happened in the weeks up to today: the weeks then end with the latest visit or training'),
  staleDays: z.number().int(),
  weeks: z.array(
    z.object({
      week: z.string().describe('ISO week, e.g. 2025-W26'),
      start: calendarDate.describe('Monday'),
      end: calendarDate.describe('Sunday, or `until`'),
    }),
  ),
  lastVisitOn: calendarDate.nullable().describe('Day of the latest support visit in the unit, at any time'),
  lastTrainingOn: calendarDate.nullable().describe('Day of the latest training in the unit, at any time'),
  unit: unitActivity.describe('The unit itself: the sum of its children'),
  childLevel: z.number().int().nullable().describe('Level of the rows in `children`; null for a village'),
  children: z.array(unitActivity).describe('Communes of the province, or villages of a commune, in Vietnamese order'),
});

/** What the overview itself reads; the format and language are the download's. */
export type OverviewQuery = Omit<z.infer<typeof overviewQuery>, 'format' | 'lang'>;
export type FieldworkOverview = z.infer<typeof fieldworkOverview>;
export type UnitActivity = z.infer<typeof unitActivity>;
