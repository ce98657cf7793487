import { z } from 'zod';

export const ROLES = [
  'province_admin',
  'commune_officer',
  'team_member',
  'telecom_operator',
  'seller',
  'courier',
  'dispatcher',
  'pickup_keeper',
  'national_officer',
  'national_admin',
] as const;

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, '3–40 characters: letters a–z, digits, dot, dash, underscore');

export const loginBody = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(40),
  password: z.string().min(1).max(200),
});

export const newPassword = z.string().min(10, 'At least 10 characters').max(200);

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword,
});

export const me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  roles: z.array(z.object({ role: z.enum(ROLES), orgUnitCode: z.string(), orgUnitName: z.string() })),
});

export const session = z.object({
  account: me,
  csrfToken: z.string().describe('Send it back in the x-csrf-token header of every write'),
});

export type Me = z.infer<typeof me>;
