import type { Issue } from '../platform/errors.ts';
import type { Sex } from './teams.tables.ts';
import { FIRST_FIELDWORK_DATE } from './fieldwork.rules.ts';

/**
 * The rules of a village's community digital team and its members, pure. A member is kept to a
 * display name and a sex (the statistics are split by sex), nothing more: no ID number, no birth date.
 */

export interface TeamDetails {
  name: string;
  contactPhone?: string | null | undefined;
}

export interface MemberDates {
  joinedOn: string;
  trainedOn: string | null;
  leftOn: string | null;
}

export interface NewMember {
  displayName: string;
  sex: Sex;
  isLeader: boolean;
  joinedOn: string;
  trainedOn?: string | null | undefined;
}

/** The longest texts the API takes (team.schema.ts), so that a form stops where the server would refuse. */
export const TEAM_NAME_MAX = 120;
export const CONTACT_PHONE_MAX = 20;
export const MEMBER_NAME_MAX = 80;

const issue = (code: string, field: string, vi: string, en: string): Issue => ({ code, field, message: { vi, en } });

/**
 * A Vietnamese phone number as people write it ("091 234 5678", "+84 91 234 5678") in the
 * ten-digit national form the team's contact is stored in; null when it cannot be one.
 */
export function normalisePhone(text: string): string | null {
  const digits = text.replace(/[\s.\-()]/g, '').replace(/^\+?84/, '0');
  return /^0\d{9}$/.test(digits) ? digits : null;
}

export function checkTeam(team: TeamDetails): Issue[] {
  const issues: Issue[] = [];
  if (!team.name.trim()) issues.push(issue('team.name_missing', 'name', 'Hãy đặt tên cho tổ.', 'Give the team a name.'));
  if (team.contactPhone && normalisePhone(team.contactPhone) === null) {
    issues.push(
      issue(
        'team.phone_invalid',
        'contactPhone',
        'Số điện thoại phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678).',
        'The phone number must have 10 digits starting with 0 (e.g. 0912345678).',
      ),
    );
  }
  return issues;
}

function checkDay(date: string | null, today: string, field: string, vi: string, en: string): Issue[] {
  if (date === null) return [];
  if (date > today) return [issue('team_member.date_in_future', field, `Ngày ${vi} không thể ở tương lai.`, `The ${en} date cannot be in the future.`)];
  if (date < FIRST_FIELDWORK_DATE)
    return [issue('team_member.date_too_old', field, `Ngày ${vi} phải từ năm 2020 trở đi.`, `The ${en} date must be in 2020 or later.`)];
  return [];
}

/** Every broken rule of a member's dates: none in the future, and nobody leaves before joining. */
export function checkMemberDates(dates: MemberDates, today: string): Issue[] {
  const issues = [
    ...checkDay(dates.joinedOn, today, 'joinedOn', 'tham gia', 'joining'),
    ...checkDay(dates.trainedOn, today, 'trainedOn', 'được tập huấn', 'training'),
    ...checkDay(dates.leftOn, today, 'leftOn', 'rời tổ', 'leaving'),
  ];
  if (dates.leftOn !== null && dates.leftOn < dates.joinedOn) {
    issues.push(
      issue('team_member.left_before_joining', 'leftOn', 'Ngày rời tổ phải sau ngày tham gia.', 'The leaving date must be on or after the joining date.'),
    );
  }
  return issues;
}

export function checkNewMember(member: NewMember, today: string): Issue[] {
  const issues: Issue[] = [];
  if (!member.displayName.trim())
    issues.push(issue('team_member.name_missing', 'displayName', 'Hãy ghi tên thường gọi của tổ viên.', 'Enter the name the member goes by.'));
  return [...issues, ...checkMemberDates({ joinedOn: member.joinedOn, trainedOn: member.trainedOn ?? null, leftOn: null }, today)];
}

/** A member leads the team while marked leader and not gone; a team has at most one such leader. */
export const leadsTeam = (member: { isLeader: boolean; leftOn: string | null }): boolean => member.isLeader && member.leftOn === null;

/**
 * The earliest day whose figures a change to a member can move: the team's figures are counted
 * at each year's end from these dates, so every year from the earliest one is recounted.
 */
export function earliestMemberDate(...states: MemberDates[]): string {
  return states
    .flatMap((s) => [s.joinedOn, s.trainedOn, s.leftOn])
    .filter((d): d is string => d !== null)
    .sort()[0]!;
}
