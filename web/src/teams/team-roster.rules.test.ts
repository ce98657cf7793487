import { describe, expect, it } from 'vitest';
import type { TeamMember } from './team-roster.api.ts';
import { currentLeader, readMemberChange, readMemberDraft, readTeamDraft, sortMembers, teamCounts } from './team-roster.rules.ts';

const today = '2025-06-15';

const member = (id: string, displayName: string | null, changes: Partial<TeamMember> = {}): TeamMember => ({
  id,
  displayName,
  sex: 'male',
  isLeader: false,
  joinedOn: '2022-02-01',
  trainedOn: null,
  leftOn: null,
  active: true,
  ...changes,
});

describe('the members’ order', () => {
  it('puts the current leader first, then the others in Vietnamese order (Đ after D), former members last', () => {
    const members = [
      member('1', 'Lương Văn Tuấn'),
      member('2', 'Đinh Thị Hoa', { sex: 'female' }),
      member('3', 'Vi Văn Nam', { isLeader: true }),
      member('4', 'Dương Văn An'),
      member('5', 'Ánh Hoàng', { leftOn: '2024-01-01', active: false }),
      // A former leader who left is no longer at the head.
      member('6', 'Bế Văn Ba', { isLeader: true, leftOn: '2023-01-01', active: false }),
    ];
    expect(sortMembers(members).map((m) => m.displayName)).toEqual(['Vi Văn Nam', 'Dương Văn An', 'Đinh Thị Hoa', 'Lương Văn Tuấn', 'Ánh Hoàng', 'Bế Văn Ba']);
  });

  it('orders hidden names by the day each joined, and leaves the list it was given alone', () => {
    const members = [member('b', null, { joinedOn: '2023-05-01' }), member('a', null, { joinedOn: '2022-01-10' })];
    expect(sortMembers(members).map((m) => m.id)).toEqual(['a', 'b']);
    expect(members.map((m) => m.id)).toEqual(['b', 'a']);
  });
});

describe('the team’s counts', () => {
  it('counts current members, the trained and the women among them, and former members apart', () => {
    const members = [
      member('1', 'A', { trainedOn: '2022-04-01', sex: 'female' }),
      member('2', 'B', { trainedOn: '2023-04-01' }),
      member('3', 'C'),
      member('4', 'D', { trainedOn: '2022-04-01', sex: 'female', leftOn: '2024-01-01', active: false }),
    ];
    expect(teamCounts(members)).toEqual({ members: 3, trained: 2, women: 1, former: 1 });
    expect(teamCounts([])).toEqual({ members: 0, trained: 0, women: 0, former: 0 });
  });

  it('finds the leader on the team now, not one who left', () => {
    expect(currentLeader([member('1', 'A', { isLeader: true, leftOn: '2024-01-01', active: false }), member('2', 'B')])).toBeUndefined();
    expect(currentLeader([member('1', 'A'), member('2', 'B', { isLeader: true })])?.id).toBe('2');
  });
});

describe('the team form', () => {
  it('takes a phone as people write it and an empty one as none', () => {
    expect(readTeamDraft({ name: ' Tổ CNSCĐ Hin Đăm ', contactPhone: '+84 91 234 5678' })).toEqual({
      body: { name: 'Tổ CNSCĐ Hin Đăm', contactPhone: '+84 91 234 5678' },
    });
    expect(readTeamDraft({ name: 'Tổ', contactPhone: '  ' })).toEqual({ body: { name: 'Tổ', contactPhone: null } });
  });

  it('refuses a blank name and a phone that is not ten digits, in the server’s words', () => {
    const read = readTeamDraft({ name: ' ', contactPhone: '12345' });
    expect('problems' in read && Object.keys(read.problems)).toEqual(['name', 'contactPhone']);
    expect('problems' in read && read.problems.contactPhone?.vi).toMatch(/10 chữ số/);
  });
});

describe('the new member form', () => {
  it('sends a display name, a sex and the joining day, nothing else', () => {
    expect(readMemberDraft({ displayName: ' Nông Thị Hoa ', sex: 'female', joinedOn: today }, today)).toEqual({
      body: { displayName: 'Nông Thị Hoa', sex: 'female', isLeader: false, joinedOn: today },
    });
  });

  it('shows every problem at once: no name, no sex, joining in the future', () => {
    const read = readMemberDraft({ displayName: '', sex: '', joinedOn: '2025-06-16' }, today);
    expect('problems' in read && Object.keys(read.problems).sort()).toEqual(['displayName', 'joinedOn', 'sex']);
    expect('problems' in read && read.problems.sex).toEqual({ vi: 'Hãy chọn giới tính.', en: 'Choose the sex.' });
  });
});

describe('a change to a member', () => {
  const tuan = member('1', 'Lương Văn Tuấn', { joinedOn: '2024-03-01' });

  it('records a training day not in the future', () => {
    expect(readMemberChange('trained', tuan, today, today)).toEqual({ patch: { trainedOn: today } });
    const future = readMemberChange('trained', tuan, '2025-06-16', today);
    expect('problems' in future && future.problems.trainedOn?.en).toBe('The training date cannot be in the future.');
    expect('problems' in readMemberChange('trained', tuan, '', today)).toBe(true);
  });

  it('refuses leaving before joining', () => {
    const early = readMemberChange('left', tuan, '2024-02-29', today);
    expect('problems' in early && early.problems.leftOn?.vi).toBe('Ngày rời tổ phải sau ngày tham gia.');
    expect(readMemberChange('left', tuan, '2024-03-01', today)).toEqual({ patch: { leftOn: '2024-03-01' } });
  });

  it('hands the leadership over in one request', () => {
    expect(readMemberChange('leader', tuan, '', today)).toEqual({ patch: { isLeader: true, replaceLeader: true } });
  });
});
