import { describe, expect, it } from 'vitest';
import { countNeeds, filterHouseholds, matchesSearch, readNeedFilter, searchWords } from './household-search.rules.ts';
import type { HouseholdView } from './sync.rules.ts';

const survey = {
  surveyedOn: '2025-07-01',
  members: 4,
  adults: 3,
  smartphoneOwners: 2,
  epayAdults: 3,
  homeFtth: true,
  vneidUsers: 2,
  ehealthUsers: 2,
  bankingUsers: 2,
};
const view = (label: string, changes: Partial<HouseholdView> = {}): HouseholdView => ({
  id: label,
  villageCode: '06625001',
  label,
  version: 1,
  archived: false,
  latest: survey,
  needs: [],
  waiting: 0,
  attention: 0,
  local: false,
  ...changes,
});

describe('searching households', () => {
  it('ignores diacritics, case and the zeros of numbers', () => {
    expect(searchWords('Hộ 012 – Hin Đăm')).toEqual(['ho', '12', 'hin', 'dam']);
    expect(matchesSearch('Hộ 012', 'ho 12')).toBe(true);
    expect(matchesSearch('Hộ 012', 'HỘ 012')).toBe(true);
    expect(matchesSearch('Nhà văn hóa Hin Đăm', 'hin dam')).toBe(true);
    expect(matchesSearch('Nhà văn hóa Hin Đăm', 'dam hin')).toBe(true);
    expect(matchesSearch('Hộ 012', '')).toBe(true);
  });

  it('matches the start of words, not any part of them', () => {
    expect(matchesSearch('Hộ 112', 'ho 12')).toBe(false);
    expect(matchesSearch('Hộ 012', 'ho 1')).toBe(true);
    expect(matchesSearch('Hộ 012', 'o 12')).toBe(false);
    expect(matchesSearch('Hộ 100', 'ho 10')).toBe(true);
    expect(matchesSearch('Hộ 000', 'ho 0')).toBe(true);
  });

  it('filters by need and sorts as the register does', () => {
    const list = [
      view('Hộ 010', { needs: [{ need: 'vneid', people: 1 }] }),
      view('Hộ 002', {
        needs: [
          { need: 'vneid', people: 2 },
          { need: 'fibre', people: 0 },
        ],
      }),
      view('Hộ 003', { needs: [{ need: 'fibre', people: 0 }] }),
      view('Hộ 004', { latest: null }),
      view('Hộ 005', { archived: true, needs: [{ need: 'vneid', people: 1 }] }),
    ];
    expect(filterHouseholds(list, '', 'vneid').map((h) => h.label)).toEqual(['Hộ 002', 'Hộ 010']);
    expect(filterHouseholds(list, '', 'all').map((h) => h.label)).toEqual(['Hộ 002', 'Hộ 003', 'Hộ 004', 'Hộ 010']);
    expect(filterHouseholds(list, '', 'unsurveyed').map((h) => h.label)).toEqual(['Hộ 004']);
    expect(filterHouseholds(list, 'ho 10', 'vneid').map((h) => h.label)).toEqual(['Hộ 010']);
    expect(countNeeds(list)).toMatchObject({ all: 4, vneid: 2, fibre: 2, unsurveyed: 1, epay: 0 });
  });

  it('reads a filter from the address, falling back to all', () => {
    expect(readNeedFilter('vneid')).toBe('vneid');
    expect(readNeedFilter('<script>')).toBe('all');
    expect(readNeedFilter(null)).toBe('all');
  });
});
