import { describe, expect, it } from 'vitest';
import type { Survey } from '../../../src/households/household.schema.ts';
import {
  compareSurveys,
  countByDevice,
  elapsedSince,
  groupByVillage,
  isSilent,
  parseStaleDays,
  parseTab,
  phoneBaseVersion,
  phoneName,
  phoneSurvey,
  resolutionsFor,
} from './sync-review.rules.ts';

const survey: Survey = {
  surveyedOn: '2025-08-01',
  members: 5,
  adults: 4,
  smartphoneOwners: 3,
  epayAdults: 1,
  homeFtth: false,
  vneidUsers: 2,
  ehealthUsers: 0,
  bankingUsers: 1,
};

describe('the officers’ review of phone sync', () => {
  it('compares the phone’s survey with the server’s field by field, marking only the fields that differ', () => {
    const rows = compareSurveys({ ...survey, homeFtth: true, bankingUsers: 3 }, survey);
    expect(rows.map((r) => r.field)).toEqual([
      'surveyedOn',
      'members',
      'adults',
      'smartphoneOwners',
      'epayAdults',
      'homeFtth',
      'vneidUsers',
      'ehealthUsers',
      'bankingUsers',
    ]);
    expect(rows.filter((r) => r.differs).map((r) => [r.field, r.phone, r.server])).toEqual([
      ['homeFtth', true, false],
      ['bankingUsers', 3, 1],
    ]);
    expect(compareSurveys(survey, survey).some((r) => r.differs)).toBe(false);
  });

  it('marks every field of a household the server has never surveyed, and none where both sides are missing', () => {
    expect(compareSurveys(survey, null).every((r) => r.differs && r.server === null)).toBe(true);
    expect(compareSurveys(null, null).some((r) => r.differs)).toBe(false);
  });

  it('reads the phone’s survey only from an update or a registration with a whole survey', () => {
    expect(phoneSurvey({ kind: 'household.update', payload: { householdId: 'h', baseVersion: 2, survey } })).toEqual(survey);
    expect(phoneSurvey({ kind: 'household.register', payload: { label: 'Hộ 9', survey } })).toEqual(survey);
    expect(phoneSurvey({ kind: 'visit.record', payload: { survey } })).toBeNull();
    expect(phoneSurvey({ kind: 'household.update', payload: { survey: { ...survey, members: '5' } } })).toBeNull();
    expect(phoneSurvey({ kind: 'household.update', payload: null })).toBeNull();
    expect(phoneBaseVersion({ kind: 'household.update', payload: { baseVersion: 2, survey } })).toBe(2);
    expect(phoneBaseVersion({ kind: 'visit.record', payload: { baseVersion: 2 } })).toBeNull();
  });

  it('offers to apply the phone’s version only for a household update in conflict', () => {
    expect(resolutionsFor({ kind: 'household.update', status: 'conflict' })).toEqual(['applied_phone', 'kept_server']);
    expect(resolutionsFor({ kind: 'household.update', status: 'rejected' })).toEqual(['kept_server']);
    expect(resolutionsFor({ kind: 'visit.record', status: 'rejected' })).toEqual(['kept_server']);
  });

  it('groups items by village A to Z, the unfiled last, the oldest first within a village', () => {
    const item = (villageCode: string | null, villageName: string | null, receivedAt: string) => ({ villageCode, villageName, receivedAt });
    const groups = groupByVillage([
      item('06625002', 'Nà Pàn', '2025-08-02T00:00:00Z'),
      item(null, null, '2025-08-01T00:00:00Z'),
      item('06625001', 'Hin Đăm', '2025-08-03T00:00:00Z'),
      item('06625002', 'Nà Pàn', '2025-08-01T00:00:00Z'),
    ]);
    expect(groups.map((g) => [g.name, g.items.map((i) => i.receivedAt.slice(8, 10))])).toEqual([
      ['Hin Đăm', ['03']],
      ['Nà Pàn', ['01', '02']],
      [null, ['01']],
    ]);
  });

  it('counts open items per phone and marks phones silent for N days or more', () => {
    expect([...countByDevice([{ deviceId: 'p1' }, { deviceId: 'p2' }, { deviceId: 'p1' }, { deviceId: null }])]).toEqual([
      ['p1', 2],
      ['p2', 1],
    ]);
    expect(isSilent({ daysSinceSync: 7 }, 7)).toBe(true);
    expect(isSilent({ daysSinceSync: 6 }, 7)).toBe(false);
    expect(isSilent({ daysSinceSync: 0 }, 3)).toBe(false);
  });

  it('tells how long ago in the largest whole unit, a clock ahead reading as just now', () => {
    const now = new Date('2025-08-10T12:00:00Z');
    expect(elapsedSince('2025-08-10T12:00:30Z', now)).toEqual({ unit: 'now' });
    expect(elapsedSince('2025-08-10T11:59:30Z', now)).toEqual({ unit: 'now' });
    expect(elapsedSince('2025-08-10T11:15:00Z', now)).toEqual({ unit: 'minutes', count: 45 });
    expect(elapsedSince('2025-08-10T01:00:00Z', now)).toEqual({ unit: 'hours', count: 11 });
    expect(elapsedSince('2025-08-02T13:00:00Z', now)).toEqual({ unit: 'days', count: 7 });
    expect(elapsedSince('not a date', now)).toEqual({ unit: 'now' });
  });

  it('reads the tab and the silent days from the URL, falling back to what the page offers', () => {
    expect([parseTab('attention'), parseTab('devices'), parseTab('x'), parseTab(null)]).toEqual(['attention', 'devices', 'activity', 'activity']);
    expect([parseStaleDays('14'), parseStaleDays('5'), parseStaleDays(null), parseStaleDays('abc')]).toEqual([14, 7, 7, 7]);
    expect(phoneName('0190a000-0000-7000-8000-00000000abcd')).toBe('00ABCD');
    expect(phoneName(null)).toBeNull();
  });
});
