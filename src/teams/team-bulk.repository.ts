import type { Db } from '../platform/database.ts';
import type { SupportVisitTable, TeamMemberTable, TeamTable, TrainingTable } from './teams.tables.ts';
import { insertByColumns, type ColumnTypes, type RowOf } from '../platform/bulk-insert.ts';

/** Teams rows written by the thousand, as they are stored (the demo province, imports): one statement a table. */

const TEAM = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  name: 'text',
} as const satisfies ColumnTypes<TeamTable>;

const TEAM_MEMBER = {
  id: 'uuid',
  team_id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  display_name: 'text',
  sex: 'text',
  is_leader: 'bool',
  joined_on: 'date',
  trained_on: 'date',
} as const satisfies ColumnTypes<TeamMemberTable>;

const TRAINING = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  held_on: 'date',
  topic: 'text',
  place: 'text',
  trainer: 'text',
  attendees: 'int4',
  attendees_female: 'int4',
  attendees_male: 'int4',
  attendees_under_15: 'int4',
  attendees_15_to_29: 'int4',
  attendees_30_to_59: 'int4',
  attendees_60_plus: 'int4',
  attendees_by_ethnic_group: 'jsonb',
} as const satisfies ColumnTypes<TrainingTable>;

const SUPPORT_VISIT = {
  id: 'uuid',
  province_code: 'text',
  village_code: 'text',
  household_id: 'uuid',
  visited_on: 'date',
  vneid_level1: 'int2',
  vneid_level2: 'int2',
  ehealth: 'int2',
  banking_app: 'int2',
  epay_account: 'int2',
  scam_awareness: 'int2',
  residents_guided: 'int2',
} as const satisfies ColumnTypes<SupportVisitTable>;

export type NewTeam = RowOf<TeamTable, typeof TEAM>;
export type NewTeamMember = RowOf<TeamMemberTable, typeof TEAM_MEMBER>;
export type NewTraining = RowOf<TrainingTable, typeof TRAINING>;
export type NewSupportVisit = RowOf<SupportVisitTable, typeof SUPPORT_VISIT>;

export const insertTeams = (db: Db, rows: readonly NewTeam[]) => insertByColumns(db, 'team', TEAM, rows);
export const insertTeamMembers = (db: Db, rows: readonly NewTeamMember[]) => insertByColumns(db, 'team_member', TEAM_MEMBER, rows);
export const insertTrainings = (db: Db, rows: readonly NewTraining[]) => insertByColumns(db, 'training', TRAINING, rows);
export const insertSupportVisits = (db: Db, rows: readonly NewSupportVisit[]) => insertByColumns(db, 'support_visit', SUPPORT_VISIT, rows);

/** As an import writes them: who recorded them, and a visit's other activities and note. */
const RECORDED_TRAINING = { ...TRAINING, recorded_by: 'uuid' } as const satisfies ColumnTypes<TrainingTable>;
const RECORDED_SUPPORT_VISIT = { ...SUPPORT_VISIT, other: 'int2', note: 'text', recorded_by: 'uuid' } as const satisfies ColumnTypes<SupportVisitTable>;
export type RecordedTraining = RowOf<TrainingTable, typeof RECORDED_TRAINING>;
export type RecordedSupportVisit = RowOf<SupportVisitTable, typeof RECORDED_SUPPORT_VISIT>;
export const insertRecordedTrainings = (db: Db, rows: readonly RecordedTraining[]) => insertByColumns(db, 'training', RECORDED_TRAINING, rows);
export const insertRecordedVisits = (db: Db, rows: readonly RecordedSupportVisit[]) => insertByColumns(db, 'support_visit', RECORDED_SUPPORT_VISIT, rows);
