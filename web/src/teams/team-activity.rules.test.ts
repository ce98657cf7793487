import { describe, expect, it } from 'vitest';
import { isOfficer, type Me } from '../accounts/session.ts';
import type { UnitActivity } from './team-activity.api.ts';
import { barChart, defaultUnit, niceMax, scopeUnits, sortRows, toRow } from './team-activity.rules.ts';

const unit = (code: string, name: string, visits: number[], extra: Partial<UnitActivity> = {}): UnitActivity => ({
  code,
  name,
  fullName: `Thôn ${name}`,
  kind: 'thon',
  level: 3,
  isDemo: true,
  visits,
  trainings: visits.map(() => 0),
  households: 10,
  lacking: { smartphone: 1, epay: 2, vneid: 3, ehealth: 4, banking: 5, fibre: 6 },
  teamMembers: 5,
  membersTrained: 4,
  needsAttention: 0,
  staleDevices: 0,
  ...extra,
});

const me = (roles: Me['roles']): Me => ({ id: 'a', username: 'u', displayName: 'U', mustChangePassword: false, roles });

describe('the unit the page opens on', () => {
  it('is the widest scope of the account; only officers get the header link', () => {
    const officer = me([{ role: 'commune_officer', orgUnitCode: '06625', orgUnitName: 'Kiên Mộc' }]);
    expect(defaultUnit(officer)).toBe('06625');
    expect(isOfficer(officer)).toBe(true);
    const both = me([
      { role: 'team_member', orgUnitCode: '06625001', orgUnitName: 'Hin Đăm' },
      { role: 'province_admin', orgUnitCode: '20', orgUnitName: 'Lạng Sơn' },
    ]);
    expect(scopeUnits(both).map((s) => s.code)).toEqual(['20', '06625001']);
    const member = me([{ role: 'team_member', orgUnitCode: '06625001', orgUnitName: 'Hin Đăm' }]);
    expect(isOfficer(member)).toBe(false);
    expect(defaultUnit(member)).toBe('06625001');
    expect(defaultUnit(me([{ role: 'telecom_operator', orgUnitCode: '20', orgUnitName: 'Lạng Sơn' }]))).toBeNull();
    expect(defaultUnit(null)).toBeNull();
  });
});

describe('the table', () => {
  it('sums the last four weeks', () => {
    expect(toRow(unit('1', 'A', [9, 9, 1, 2, 3, 4])).visits).toBe(10);
  });

  it('sorts by a column, ties and names in Vietnamese order', () => {
    const rows = [unit('1', 'Đồng Tâm', [1]), unit('2', 'Bó Luông', [5]), unit('3', 'Cốc Lùng', [1]), unit('4', 'Ải Lầu', [0])].map((u) => toRow(u));
    expect(sortRows(rows, 'visits', 'descending').map((r) => r.name)).toEqual(['Bó Luông', 'Cốc Lùng', 'Đồng Tâm', 'Ải Lầu']);
    expect(sortRows(rows, 'name', 'ascending').map((r) => r.name)).toEqual(['Ải Lầu', 'Bó Luông', 'Cốc Lùng', 'Đồng Tâm']);
    const lacking = [
      toRow(unit('1', 'A', [0], { lacking: { smartphone: 3, epay: 0, vneid: 0, ehealth: 0, banking: 0, fibre: 0 } })),
      toRow(unit('2', 'B', [0])),
    ];
    expect(sortRows(lacking, 'smartphone', 'ascending').map((r) => r.code)).toEqual(['2', '1']);
  });
});

describe('the weekly chart', () => {
  it('rounds the scale up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 180, 501].map(niceMax)).toEqual([2, 2, 5, 10, 20, 200, 1000]);
  });

  it('labels its axis with whole, distinct numbers', () => {
    expect(barChart([0, 0], [0, 0], 300, 100).ticks).toEqual([0, 1, 2]);
    expect(barChart([1, 0], [0, 0], 300, 100).ticks).toEqual([0, 1, 2]);
    expect(barChart([4, 0], [0, 0], 300, 100).ticks).toEqual([0, 5]);
    expect(barChart([12, 0], [0, 0], 300, 100).ticks).toEqual([0, 10, 20]);
  });

  it('draws bars on one shared scale, side by side, inside the plot', () => {
    const chart = barChart([10, 0, 5], [2, 20, 0], 300, 100);
    expect(chart.max).toBe(20);
    expect(chart.groups).toHaveLength(3);
    const [first, second] = chart.groups;
    expect(first?.visits).toMatchObject({ value: 10, height: 50, y: 50 });
    expect(second?.trainings).toMatchObject({ value: 20, height: 100, y: 0 });
    expect(second?.visits.height).toBe(0);
    for (const group of chart.groups) {
      expect(group.trainings.x).toBeGreaterThan(group.visits.x);
      expect(group.trainings.x + group.trainings.width).toBeLessThanOrEqual(300);
    }
  });
});
