import type { Db } from '../platform/database.ts';
import { assertNoIssues, conflict, notFound, unauthenticated } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { type Actor, authorize, can } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { refreshUnit } from '../indicators/index.ts';
import { findOrgUnit, LEVEL } from '../territory/index.ts';
import { villageFor, villageNotFound } from '../households/index.ts';
import { TEAM_ELEMENTS } from './team.indicators.ts';
import { checkMemberDates, checkNewMember, checkTeam, earliestMemberDate, leadsTeam, normalisePhone } from './team.rules.ts';
import type { MemberPatch, NewMemberBody, Team, TeamBody, TeamMember, VillageTeam } from './team.schema.ts';
import {
  findActiveLeader,
  findMember,
  findTeamByVillage,
  insertMember,
  listMembers,
  lockTeam,
  updateMember,
  upsertTeam,
  type TeamMemberRow,
  type TeamRow,
} from './team.repository.ts';

const teamNotFound = (villageCode: string) =>
  notFound(
    'team.not_found',
    {
      vi: 'Thôn/bản này chưa có tổ công nghệ số cộng đồng. Hãy lập tổ trước.',
      en: `Village ${villageCode} has no community digital team yet. Create the team first.`,
    },
    'code',
  );

const memberNotFound = (id: string) =>
  notFound('team_member.not_found', { vi: 'Không tìm thấy thành viên tổ này.', en: `There is no team member ${id}.` }, 'id');

const leaderExists = (leader: TeamMemberRow) =>
  conflict(
    'team.leader_exists',
    {
      vi: `Tổ đã có tổ trưởng (${leader.display_name}). Hãy bỏ chức tổ trưởng của người đó trước.`,
      en: `The team already has a leader (${leader.display_name}). Unset that leader first.`,
    },
    'isLeader',
  );

/** Names and the contact phone are for accounts that may read the team; everyone else sees counts. */
function presentTeam(team: TeamRow, detailed: boolean): Team {
  return { id: team.id, villageCode: team.village_code, name: team.name, contactPhone: detailed ? team.contact_phone : null };
}

function presentMember(row: TeamMemberRow, detailed: boolean, today: string): TeamMember {
  return {
    id: row.id,
    displayName: detailed ? row.display_name : null,
    sex: row.sex,
    isLeader: row.is_leader,
    joinedOn: row.joined_on,
    trainedOn: row.trained_on,
    leftOn: row.left_on,
    active: row.joined_on <= today && (row.left_on === null || row.left_on > today),
  };
}

const datesOf = (row: TeamMemberRow) => ({ joinedOn: row.joined_on, trainedOn: row.trained_on, leftOn: row.left_on });

/**
 * A village's team and its members. Public, as the teams' figures are: who is on a team and how to
 * reach it is shown only to accounts holding 'team:read' over the village, and reading it is not
 * refused (so not audited) for anyone else.
 */
export async function readVillageTeam(db: Db, actor: Actor | null, villageCode: string): Promise<VillageTeam> {
  const village = await findOrgUnit(db, villageCode);
  if (!village || village.level !== LEVEL.village) throw villageNotFound(villageCode);
  const detailed = actor !== null && can(actor, 'team:read', village.path);
  const team = await findTeamByVillage(db, village.code);
  const today = todayInVietnam();
  const members = team ? await listMembers(db, team.id) : [];
  return {
    villageCode: village.code,
    team: team ? presentTeam(team, detailed) : null,
    members: members.map((m) => presentMember(m, detailed, today)),
    detailsVisible: detailed,
  };
}

/** Creates the village's team, or renames it and changes its contact phone. */
export async function saveTeam(db: Db, caller: Actor | null, villageCode: string, body: TeamBody): Promise<{ team: Team; created: boolean }> {
  const { village, actor } = await villageFor(db, caller, 'team:manage', villageCode);
  assertNoIssues(checkTeam(body));
  const contactPhone = body.contactPhone ? normalisePhone(body.contactPhone) : null;
  return db.transaction().execute(async (tx) => {
    const before = await findTeamByVillage(tx, village.code);
    const saved = await upsertTeam(tx, { provinceCode: village.province_code, villageCode: village.code, name: body.name, contactPhone });
    await recordAudit(tx, actor, before ? 'team:update' : 'team:create', 'team', {
      entityId: saved.id,
      unit: village,
      before: before ? { name: before.name, contactPhone: before.contact_phone } : null,
      after: { name: saved.name, contactPhone: saved.contact_phone },
    });
    return { team: presentTeam(saved, true), created: !before };
  });
}

/** Adds a member to the village's team; at most one current leader per team. */
export async function addMember(db: Db, caller: Actor | null, villageCode: string, body: NewMemberBody): Promise<TeamMember> {
  const { village, actor } = await villageFor(db, caller, 'team:manage', villageCode);
  const team = await findTeamByVillage(db, village.code);
  if (!team) throw teamNotFound(village.code);
  const today = todayInVietnam();
  assertNoIssues(checkNewMember(body, today));
  const member = { ...body, trainedOn: body.trainedOn ?? null };
  return db.transaction().execute(async (tx) => {
    await lockTeam(tx, team.id);
    const leader = member.isLeader ? await findActiveLeader(tx, team.id) : undefined;
    if (leader) throw leaderExists(leader);
    const row = await insertMember(tx, team, member);
    await refreshUnit(tx, village, earliestMemberDate(datesOf(row)), TEAM_ELEMENTS);
    await recordAudit(tx, actor, 'team:member_add', 'team_member', {
      entityId: row.id,
      unit: village,
      after: { displayName: row.display_name, sex: row.sex, isLeader: row.is_leader, ...datesOf(row) },
    });
    return presentMember(row, true, today);
  });
}

/** Records a member's training, leaving (or return) and leadership; the team's figures follow. `id` is a UUID. */
export async function changeMember(db: Db, caller: Actor | null, id: string, patch: MemberPatch): Promise<TeamMember> {
  if (!caller) throw unauthenticated();
  const found = await findMember(db, id);
  const village = found && (await findOrgUnit(db, found.village_code));
  if (!found || !village) throw memberNotFound(id);
  const actor = await authorize(db, caller, 'team:manage', village, { entity: 'team_member', entityId: id });
  const today = todayInVietnam();
  return db.transaction().execute(async (tx) => {
    await lockTeam(tx, found.team_id);
    // Read again under the team's lock: the leader check must see every change made before it.
    const current = (await findMember(tx, id))!;
    const next = {
      trainedOn: patch.trainedOn === undefined ? current.trained_on : patch.trainedOn,
      leftOn: patch.leftOn === undefined ? current.left_on : patch.leftOn,
      isLeader: patch.isLeader ?? current.is_leader,
    };
    assertNoIssues(checkMemberDates({ joinedOn: current.joined_on, ...next }, today));
    const changed = (before: TeamMemberRow, after: TeamMemberRow) =>
      recordAudit(tx, actor, 'team:member_change', 'team_member', {
        entityId: before.id,
        unit: village,
        before: { isLeader: before.is_leader, ...datesOf(before) },
        after: { isLeader: after.is_leader, ...datesOf(after) },
      });
    const leader = leadsTeam(next) ? await findActiveLeader(tx, current.team_id, current.id) : undefined;
    if (leader && !patch.replaceLeader) throw leaderExists(leader);
    // A handover is one change: the team is never left without a leader between two requests.
    if (leader) await changed(leader, await updateMember(tx, leader.id, { ...datesOf(leader), isLeader: false }));
    const updated = await updateMember(tx, current.id, next);
    await refreshUnit(tx, village, earliestMemberDate(datesOf(current), datesOf(updated)), TEAM_ELEMENTS);
    await changed(current, updated);
    return presentMember(updated, true, today);
  });
}
