import type { Message } from '../../../src/platform/errors.ts';
import type { Sex } from '../../../src/teams/teams.tables.ts';
import { checkMemberDates, checkNewMember, checkTeam } from '../../../src/teams/team.rules.ts';
import type { MemberPatch, NewMemberBody, TeamBody, TeamMember } from './team-roster.api.ts';
import { teamRosterEn, teamRosterVi } from './team-roster.i18n.ts';

/**
 * The pure part of a village's team panel: who may manage the team, the members' order, the
 * team's counts, and the forms' checks — the server's own rules (src/teams/team.rules.ts), so the
 * form and the API refuse the same things in the same words.
 */

/** A problem per field, in both languages, whether found here or by the server. */
export type Problems = Record<string, Message>;

const message = (key: keyof typeof teamRosterVi): Message => ({ vi: teamRosterVi[key], en: teamRosterEn[key] });

/** The server's issues by the field they name, the first one of each field kept. */
function byField(issues: readonly { field?: string | undefined; message: Message }[]): Problems {
  const problems: Problems = {};
  for (const issue of issues) if (issue.field && !problems[issue.field]) problems[issue.field] = issue.message;
  return problems;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * Current members first, the leader at their head, then by name in Vietnamese order (Đ after D);
 * former members after them. Names are hidden from visitors: then the day each joined decides.
 */
export function sortMembers(members: readonly TeamMember[]): TeamMember[] {
  return [...members].sort(
    (a, b) =>
      Number(b.active) - Number(a.active) ||
      Number(b.active && b.isLeader) - Number(a.active && a.isLeader) ||
      collator.compare(a.displayName ?? '', b.displayName ?? '') ||
      a.joinedOn.localeCompare(b.joinedOn) ||
      a.id.localeCompare(b.id),
  );
}

export interface TeamCounts {
  /** On the team today. */
  members: number;
  /** Of them, trained for the team's work: what TEAM_TRAINED counts. */
  trained: number;
  women: number;
  former: number;
}

export function teamCounts(members: readonly TeamMember[]): TeamCounts {
  const current = members.filter((member) => member.active);
  return {
    members: current.length,
    trained: current.filter((member) => member.trainedOn !== null).length,
    women: current.filter((member) => member.sex === 'female').length,
    former: members.length - current.length,
  };
}

/** The team's current leader, if it has one. */
export const currentLeader = (members: readonly TeamMember[]): TeamMember | undefined => members.find((member) => member.active && member.isLeader);

export interface TeamDraft {
  name: string;
  contactPhone: string;
}

/** The team's name and phone, checked by the server's rule; an empty phone removes it. */
export function readTeamDraft(draft: TeamDraft): { body: TeamBody } | { problems: Problems } {
  const body = { name: draft.name.trim(), contactPhone: draft.contactPhone.trim() || null };
  const issues = checkTeam(body);
  return issues.length ? { problems: byField(issues) } : { body };
}

export interface MemberDraft {
  displayName: string;
  sex: Sex | '';
  joinedOn: string;
}

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

/** A new member: a display name and a sex, nothing more about the person (team.rules.ts). */
export function readMemberDraft(draft: MemberDraft, today: string): { body: NewMemberBody } | { problems: Problems } {
  const problems: Problems = {};
  if (!draft.sex) problems.sex = message('roster.error_sex');
  if (!isDate(draft.joinedOn)) problems.joinedOn = message('roster.error_date');
  const member = { displayName: draft.displayName.trim(), isLeader: false, joinedOn: isDate(draft.joinedOn) ? draft.joinedOn : today };
  // The server's rule checks the name and the dates, not the sex: any value lets every problem show at once.
  const found = { ...byField(checkNewMember({ ...member, sex: 'female' }, today)), ...problems };
  if (!draft.sex || Object.keys(found).length) return { problems: found };
  return { body: { ...member, sex: draft.sex } };
}

export type MemberChange = 'trained' | 'left' | 'leader';

/**
 * A change to one member as the API takes it. A date must not be in the future nor before the
 * member joined (leaving); becoming leader hands the leadership over in the same request.
 */
export function readMemberChange(change: MemberChange, member: TeamMember, date: string, today: string): { patch: MemberPatch } | { problems: Problems } {
  if (change === 'leader') return { patch: { isLeader: true, replaceLeader: true } };
  const field = change === 'trained' ? 'trainedOn' : 'leftOn';
  if (!isDate(date)) return { problems: { [field]: message('roster.error_date') } };
  const dates = { joinedOn: member.joinedOn, trainedOn: member.trainedOn, leftOn: member.leftOn, [field]: date };
  const problems = byField(checkMemberDates(dates, today).filter((issue) => issue.field === field));
  return Object.keys(problems).length ? { problems } : { patch: { [field]: date } };
}
