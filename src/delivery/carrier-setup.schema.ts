import { z } from 'zod';
import { username } from '../accounts/index.ts';

/*
 * A carrier's set-up in the province, by its administrators: hubs, couriers, and the villages'
 * shared pickup points. Points are checked to lie in Vietnam's box, which also catches latitude
 * and longitude typed the wrong way round.
 */
const latitude = z.number().min(8, 'A latitude in Vietnam: 8–24').max(24, 'A latitude in Vietnam: 8–24');
const longitude = z.number().min(102, 'A longitude in Vietnam: 102–110').max(110, 'A longitude in Vietnam: 102–110');
const name = z.string().trim().min(1).max(120);
const minuteOfDay = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);
const communeCode = z.string().regex(/^\d{5}$/, 'A commune code: 5 digits');

export const hubBody = z
  .strictObject({
    carrierId: z.uuid(),
    name,
    communeCode: communeCode.describe('The commune the hub stands in'),
    latitude,
    longitude,
    opensAt: minuteOfDay.describe('Minutes after midnight, Vietnam time'),
    closesAt: minuteOfDay.describe('Minutes after midnight, Vietnam time'),
  })
  .refine((hub) => hub.opensAt < hub.closesAt, { message: 'The hub closes after it opens', path: ['closesAt'] });

export const hub = z.object({
  id: z.uuid(),
  carrierId: z.uuid(),
  name: z.string(),
  communeCode: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  opensAt: z.number().int(),
  closesAt: z.number().int(),
});
export type Hub = z.infer<typeof hub>;
export const hubList = z.object({ items: z.array(hub) });

export const courierBody = z.strictObject({
  username,
  displayName: name,
  hubId: z.uuid(),
  communeCodes: z.array(communeCode).min(1).max(20).describe('The communes of the courier’s routes: what it may see and deliver'),
  capacityKg: z.number().int().min(1).max(2000).describe('What the courier’s vehicle carries'),
  maxDayMinutes: z
    .number()
    .int()
    .min(60)
    .max(16 * 60)
    .describe('The longest day the planner may give it'),
});

export const createdCourier = z.object({
  accountId: z.uuid(),
  oneTimePassword: z.string().describe('Shown once, to hand over; it must be changed at the first log-in'),
});

export const pickupPointBody = z.strictObject({
  villageCode: z.string().regex(/^\d{8}$/, 'A village code: 8 digits'),
  name: name.describe('The shop or the cultural house that keeps the parcels'),
  latitude,
  longitude,
});

export const created = z.object({ id: z.uuid() });
