import type { Db } from '../platform/database.ts';
import { badRequest, conflict, notFound } from '../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit, LEVEL } from '../territory/index.ts';
import type { Actor } from './access.policy.ts';
import { findAccounts, insertAccount, insertRoleAssignment, listUsernamesContaining } from './account.repository.ts';
import type { RosterAccounts, VillageRoster } from './account-admin.schema.ts';
import { usernameFor, villageTag } from './account.rules.ts';
import { authorizeGrant } from './authorize.ts';
import { presentAccounts } from './list-accounts.ts';
import { generatePassword, hashPassword } from './password.ts';

/**
 * A village's community digital team becomes its accounts: each current member chosen gets a
 * `team_member` account of the village with a one-time password, to be printed on a slip and
 * handed over. All or nothing: a member who already has an account stops the whole batch.
 */

/** A current member of a village's team, as the roster needs it. */
export interface RosterMember {
  id: string;
  display_name: string;
  is_leader: boolean;
  account_id: string | null;
}

/**
 * How accounts reads a village team's members and ties an account to one. Teams sits above
 * accounts (it authorises through it), so it registers this when the app is composed rather than
 * accounts importing teams (decision 0019).
 */
export interface TeamRoster {
  currentMembers(db: Db, villageCode: string): Promise<RosterMember[]>;
  /** False when the member got an account meanwhile. */
  linkMemberAccount(db: Db, memberId: string, accountId: string): Promise<boolean>;
}

let roster: TeamRoster | undefined;

export function registerTeamRoster(source: TeamRoster): void {
  roster = source;
}

function teamRoster(): TeamRoster {
  if (!roster) throw new Error('No team roster is registered: compose the app with registerModules()');
  return roster;
}

async function villageAndTeam(db: Db, actor: Actor | null, villageCode: string) {
  const village = await findOrgUnit(db, villageCode);
  if (!village || village.level !== LEVEL.village)
    throw notFound('account.unknown_village', { vi: `Không có thôn, bản mã ${villageCode}.`, en: `There is no village with code ${villageCode}.` });
  const allowed = await authorizeGrant(db, actor, 'team_member', village, { entity: 'team' });
  const members = await teamRoster().currentMembers(db, villageCode);
  return { village, allowed, members };
}

/** The team's current members and the account each has: what the officer picks from. */
export async function readRosterAccounts(db: Db, actor: Actor | null, villageCode: string): Promise<VillageRoster> {
  const { village, members } = await villageAndTeam(db, actor, villageCode);
  const accounts = await findAccounts(
    db,
    members.flatMap((m) => (m.account_id ? [m.account_id] : [])),
  );
  const usernames = new Map(accounts.map((a) => [a.id, a.username]));
  return {
    villageCode: village.code,
    villageName: village.name,
    members: members.map((m) => ({
      memberId: m.id,
      displayName: m.display_name,
      isLeader: m.is_leader,
      accountId: m.account_id,
      username: m.account_id ? (usernames.get(m.account_id) ?? null) : null,
    })),
  };
}

export async function createRosterAccounts(db: Db, actor: Actor | null, villageCode: string, memberIds: readonly string[]): Promise<RosterAccounts> {
  const { village, allowed, members } = await villageAndTeam(db, actor, villageCode);
  const chosen = [...new Set(memberIds)].map((id) => {
    const member = members.find((m) => m.id === id);
    if (!member)
      throw badRequest(
        'account.not_a_member',
        { vi: 'Có người được chọn không phải thành viên hiện nay của tổ thôn này.', en: 'Someone chosen is not a current member of this village’s team.' },
        'memberIds',
      );
    if (member.account_id) throw memberHasAccount(member.display_name);
    return member;
  });
  const taken = new Set(await listUsernamesContaining(db, villageTag(village.name)));
  const made = await Promise.all(
    chosen.map(async (member) => {
      const username = usernameFor(member.display_name, village.name, taken);
      taken.add(username);
      const oneTimePassword = generatePassword();
      return { member, username, oneTimePassword, passwordHash: await hashPassword(oneTimePassword) };
    }),
  );
  const ids = await db.transaction().execute(async (tx) => {
    const created: string[] = [];
    for (const { member, username, passwordHash } of made) {
      const accountId = await insertAccount(tx, { username, displayName: member.display_name, passwordHash, mustChangePassword: true });
      await insertRoleAssignment(tx, {
        accountId,
        role: 'team_member',
        orgUnitCode: village.code,
        scopePath: village.path,
        provinceCode: village.province_code,
      });
      // A second click that raced this one: the member got an account meanwhile, so nothing is kept.
      if (!(await teamRoster().linkMemberAccount(tx, member.id, accountId))) throw memberHasAccount(member.display_name);
      created.push(accountId);
    }
    for (const [i, { member, username }] of made.entries()) {
      await recordAudit(tx, allowed, 'account:create', 'account', {
        entityId: created[i] ?? null,
        unit: village,
        after: { username, displayName: member.display_name, role: 'team_member', orgUnitCode: village.code, teamMemberId: member.id },
      });
    }
    return created;
  });
  const accounts = await presentAccounts(db, await findAccounts(db, ids));
  return {
    villageCode: village.code,
    villageName: village.name,
    created: made.flatMap(({ member, oneTimePassword }, i) =>
      accounts.filter((a) => a.id === ids[i]).map((account) => ({ memberId: member.id, account, oneTimePassword })),
    ),
  };
}

const memberHasAccount = (name: string) =>
  conflict(
    'account.member_has_account',
    { vi: `${name} đã có tài khoản; hãy đặt lại mật khẩu nếu cần.`, en: `${name} already has an account; reset its password if needed.` },
    'memberIds',
  );
