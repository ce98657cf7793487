import { z } from 'zod';
import { calendarDate, clientId, personText } from '../platform/api-schema.ts';
import { AGE_GROUPS, MAX_PEOPLE_IN_HOUSEHOLD, TRAINING_TOPICS, VISIT_ACTIVITIES } from './fieldwork.rules.ts';

/**
 * The shapes of field work on the wire: one definition for the REST routes, the sync mutations and
 * the OpenAPI document. Bounds that need context (dates, sums) are in fieldwork.rules.ts, so the
 * phone checks exactly the same. Enums here stay plain strings so that an unknown code reaches the
 * rules and gets their specific message rather than a generic enum error.
 */

const people = z.number().int().min(0).max(MAX_PEOPLE_IN_HOUSEHOLD);

export const visitActivity = z.strictObject({
  code: z
    .string()
    .max(40)
    .describe(`One of ${VISIT_ACTIVITIES.join(', ')}`),
  people: z.number().int().describe('People it was done for (1–60)'),
});

export const visitInput = z.strictObject({
  id: clientId,
  householdId: z.uuid(),
  visitedOn: calendarDate.describe('Day of the visit (Vietnam time)'),
  activities: z.array(visitActivity).max(VISIT_ACTIVITIES.length * 2),
  residentsGuided: people.describe('Distinct residents guided to use an online public service'),
  note: z.string().trim().max(500).nullish(),
});

export const attendees = z.strictObject({
  total: z.number().int().describe('Everyone who attended (1–1000)'),
  female: z.number().int(),
  male: z.number().int(),
  byAge: z.strictObject(Object.fromEntries(AGE_GROUPS.map((g) => [g, z.number().int()])) as Record<(typeof AGE_GROUPS)[number], z.ZodNumber>),
  byEthnicGroup: z
    .record(z.string().trim().min(1).max(40), z.number().int())
    .nullish()
    .describe('Optional: attendees per ethnic group, adding up to the total'),
});

export const trainingInput = z.strictObject({
  id: clientId,
  villageCode: z.string().max(20),
  heldOn: calendarDate,
  topic: z
    .string()
    .max(40)
    .describe(`One of ${TRAINING_TOPICS.join(', ')}`),
  place: personText(200, { allowEmpty: true }),
  trainer: personText(120, { allowEmpty: true }),
  attendees,
});

export type VisitInput = z.infer<typeof visitInput>;
export type TrainingInput = z.infer<typeof trainingInput>;
