import { z } from 'zod';
import { calendarDate, clientId, personText, queryBoolean } from '../platform/api-schema.ts';

const count = (max: number, description: string) => z.number().int().min(0).max(max).describe(description);

/**
 * One survey of a household: only what counting adoption needs. No names, no citizen ID numbers
 * (Decree 13/2023: collect the minimum), and app use counted per household, not per person.
 */
export const survey = z.strictObject({
  surveyedOn: calendarDate.describe('Day of the survey (Vietnam time), YYYY-MM-DD'),
  members: z.number().int().min(1).max(60).describe('People living in the household'),
  adults: count(60, 'Members aged 15 or more'),
  smartphoneOwners: count(60, 'Members who own a smartphone'),
  epayAdults: count(60, 'Adults with an account at a bank, other financial institution or mobile money'),
  homeFtth: z.boolean().describe('An active fibre-to-the-home subscription'),
  vneidUsers: count(60, 'Smartphone owners with VNeID activated and used in the last 3 months'),
  ehealthUsers: count(60, 'Smartphone owners with the electronic health record activated and used in the last 3 months'),
  bankingUsers: count(60, 'Smartphone owners with an online-banking app activated and used in the last 3 months'),
});

export const householdLabel = personText(60).describe('The label the village already uses for the household, e.g. "Hộ 012" (not a person’s name)');

export const newHousehold = z.strictObject({ label: householdLabel, survey });

export const householdPatch = z.strictObject({
  label: householdLabel,
  version: z.number().int().min(1).describe('The version you edited; a stale one gets 409'),
});

export const household = z.object({
  id: z.string(),
  villageCode: z.string(),
  label: z.string(),
  version: z.number().int(),
  archived: z.boolean(),
  latest: survey.nullable(),
});

export const householdWithSurveys = household.extend({ surveys: z.array(survey) });

export const householdListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  search: personText(60, { allowEmpty: true }).optional(),
  includeArchived: queryBoolean.default(false),
});

/** A household's new dated survey from the field, against the version the phone last saw. */
export const householdUpdateInput = z.strictObject({
  householdId: z.uuid(),
  baseVersion: z.number().int().min(1).describe('The version the phone edited; another one means a conflict'),
  survey,
});

/** A household the team found that is not in the register yet; its id is made on the phone. */
export const householdRegistrationInput = z.strictObject({
  id: clientId,
  villageCode: z.string().max(20),
  label: personText(60),
  survey,
});

export type HouseholdUpdateInput = z.infer<typeof householdUpdateInput>;
export type HouseholdRegistrationInput = z.infer<typeof householdRegistrationInput>;
export type Survey = z.infer<typeof survey>;
export type Household = z.infer<typeof household>;
