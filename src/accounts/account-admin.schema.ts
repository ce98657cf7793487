import { z } from 'zod';
import { ROLES, username } from './account.schema.ts';

/** The shapes of account administration: the accounts of an officer's area, made, changed, ended. */

const role = z.enum(ROLES);
const roleGrant = z.object({ role, orgUnitCode: z.string(), orgUnitName: z.string() });

export const accountId = z.uuid().describe('The account’s id');
export const unitCode = z.string().regex(/^(VN|\d{2}(\d{3}(\d{3})?)?)$/, 'A unit code: 2, 5 or 8 digits, or VN (the nation, for a national role)');

export const accountListQuery = z.object({
  search: z.string().trim().max(60).optional().describe('Part of the username or the display name'),
  orgUnit: unitCode.optional().describe('Only accounts with a role at this unit or below it'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const accountSummary = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleGrant),
  active: z.boolean().describe('False once deactivated: it cannot log in'),
  mustChangePassword: z.boolean().describe('Holds a one-time password not yet changed'),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

export const accountList = z.object({ total: z.number().int(), items: z.array(accountSummary) });

export const sessionId = z.uuid().describe('A session’s own id: not its token, nor anything the token can be found from');

export const accountSession = z.object({
  id: sessionId,
  current: z.boolean().describe('The session this request came with'),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  browser: z.string().nullable().describe('A summary such as "Chrome · Android"; no address or raw user agent is kept'),
});

const liveSessions = z.array(accountSession).describe('Live sessions, the most recently used first');

export const accountDetail = accountSummary.extend({ sessions: liveSessions });

export const ownSessions = z.object({ sessions: liveSessions });

export const newAccountBody = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(120),
  role,
  orgUnitCode: unitCode,
});

export const createdAccount = z.object({
  account: accountSummary,
  oneTimePassword: z.string().describe('Shown once, to hand over; it must be changed at the first log-in'),
});

export const roleBody = z.strictObject({ role, orgUnitCode: unitCode });
export const roleParams = z.object({ id: accountId, role, orgUnitCode: unitCode });

export const accountPatch = z.strictObject({ active: z.boolean().describe('false deactivates the account and ends its sessions; true brings it back') });

export const oneTimePassword = z.object({ oneTimePassword: z.string() });

export const rosterAccountsBody = z.strictObject({
  memberIds: z.array(z.uuid()).min(1).max(200).describe('Current members of the village’s team without an account yet'),
});

export const rosterMember = z.object({
  memberId: z.string(),
  displayName: z.string(),
  isLeader: z.boolean(),
  accountId: z.string().nullable(),
  username: z.string().nullable(),
});

export const villageRoster = z.object({
  villageCode: z.string(),
  villageName: z.string(),
  members: z.array(rosterMember).describe('The team’s current members, and the account each has, if any'),
});

export const rosterAccounts = z.object({
  villageCode: z.string(),
  villageName: z.string(),
  created: z.array(createdAccount.extend({ memberId: z.string() })),
});

export type AccountListQuery = z.infer<typeof accountListQuery>;
export type AccountSummary = z.infer<typeof accountSummary>;
export type AccountDetail = z.infer<typeof accountDetail>;
export type AccountSession = z.infer<typeof accountSession>;
export type AccountList = z.infer<typeof accountList>;
export type NewAccountBody = z.infer<typeof newAccountBody>;
export type CreatedAccount = z.infer<typeof createdAccount>;
export type VillageRoster = z.infer<typeof villageRoster>;
export type RosterAccounts = z.infer<typeof rosterAccounts>;
