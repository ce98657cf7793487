import { sql, type Selectable } from 'kysely';
import type { Db } from '../platform/database.ts';
import type { Sex, TeamMemberTable, TeamTable } from './teams.tables.ts';
import { newId } from '../platform/ids.ts';

export type TeamRow = Selectable<TeamTable>;
export type TeamMemberRow = Selectable<TeamMemberTable>;

export function findTeamByVillage(db: Db, villageCode: string): Promise<TeamRow | undefined> {
  return db.selectFrom('team').selectAll().where('village_code', '=', villageCode).executeTakeFirst();
}

/** The team's row, locked to the transaction's end: changes to who leads it queue behind each other. */
export function lockTeam(db: Db, id: string): Promise<TeamRow | undefined> {
  return db.selectFrom('team').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Creates the village's team or renames it; one team per village (the unique village code decides). */
export function upsertTeam(db: Db, team: { provinceCode: string; villageCode: string; name: string; contactPhone: string | null }): Promise<TeamRow> {
  return db
    .insertInto('team')
    .values({ id: newId(), province_code: team.provinceCode, village_code: team.villageCode, name: team.name, contact_phone: team.contactPhone })
    .onConflict((oc) => oc.column('village_code').doUpdateSet({ name: team.name, contact_phone: team.contactPhone, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Current members first, the leader at their head, then by name; former members after. */
export function listMembers(db: Db, teamId: string): Promise<TeamMemberRow[]> {
  return db
    .selectFrom('team_member')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy(sql`left_on is not null`)
    .orderBy('is_leader', 'desc')
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}

export function findMember(db: Db, id: string): Promise<TeamMemberRow | undefined> {
  return db.selectFrom('team_member').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The member leading the team now (marked leader and not gone), other than `except`. */
export function findActiveLeader(db: Db, teamId: string, except?: string): Promise<TeamMemberRow | undefined> {
  let query = db.selectFrom('team_member').selectAll().where('team_id', '=', teamId).where('is_leader', '=', true).where('left_on', 'is', null);
  if (except) query = query.where('id', '!=', except);
  return query.executeTakeFirst();
}

export function insertMember(
  db: Db,
  team: TeamRow,
  member: { displayName: string; sex: Sex; isLeader: boolean; joinedOn: string; trainedOn: string | null },
): Promise<TeamMemberRow> {
  return db
    .insertInto('team_member')
    .values({
      id: newId(),
      team_id: team.id,
      province_code: team.province_code,
      village_code: team.village_code,
      display_name: member.displayName,
      sex: member.sex,
      is_leader: member.isLeader,
      joined_on: member.joinedOn,
      trained_on: member.trainedOn,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateMember(db: Db, id: string, changes: { trainedOn: string | null; leftOn: string | null; isLeader: boolean }): Promise<TeamMemberRow> {
  return db
    .updateTable('team_member')
    .set({ trained_on: changes.trainedOn, left_on: changes.leftOn, is_leader: changes.isLeader })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Links a member to the account made for them; false when they already have one (a second click). */
export async function linkMemberAccount(db: Db, memberId: string, accountId: string): Promise<boolean> {
  const result = await db
    .updateTable('team_member')
    .set({ account_id: accountId })
    .where('id', '=', memberId)
    .where('account_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
