import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import type { Survey } from '../households/index.ts';
import { todayInVietnam } from '../platform/dates.ts';

const survey = (over: Partial<Survey> = {}): Survey => ({
  surveyedOn: '2024-06-30',
  members: 4,
  adults: 3,
  smartphoneOwners: 1,
  epayAdults: 1,
  homeFtth: true,
  vneidUsers: 1,
  ehealthUsers: 0,
  bankingUsers: 1,
  ...over,
});

const THIS_YEAR = Number(todayInVietnam().slice(0, 4));

interface Cell {
  indicator: string;
  orgUnit: string;
  period: string;
  value: number | null;
  reason: string | null;
  completeness: { reported: number; expected: number };
  inProgress: { until: string } | null;
  target: { year: number; value: number; expected: number; status: string; gap: number; setFor: string } | null;
}

describe.each(testEngines())('targets in force and the year in progress on %s', (engine) => {
  let t: TestApp;
  let admin: TestSession;
  let village: string;

  const cell = async (indicator: string, orgUnit: string, period: number | string): Promise<Cell> => {
    const res = await t.as(admin, 'GET', `/api/indicator-values?indicator=${indicator}&orgUnit=${orgUnit}&period=${period}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().cells[0];
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    village = await t.addVillage('06625', 1, 'Hin Đăm');
    await t.addVillage('06625', 2, 'Khuổi Phầy');
    admin = await t.signIn({ username: 'admin.targets', displayName: 'Admin', role: 'province_admin', orgUnitCode: '20' });
    // Two households, one with a smartphone, surveyed in 2024 and again in 2025 (no change): 50% both years.
    for (const label of ['Hộ 1', 'Hộ 2']) {
      const first = label === 'Hộ 1' ? survey() : survey({ smartphoneOwners: 0, vneidUsers: 0, bankingUsers: 0 });
      const created = await t.as(admin, 'POST', `/api/villages/${village}/households`, { label, survey: first });
      expect(created.statusCode, created.body).toBe(201);
      const again = await t.as(admin, 'POST', `/api/households/${created.json().id}/surveys`, { ...first, surveyedOn: '2025-06-30' });
      expect(again.statusCode, again.body).toBe(201);
    }
    // The province's aims: a share (90% of households with a smartphone by 2027, from 2024) and a count.
    for (const target of [
      { indicatorCode: 'HH_SMARTPHONE', orgUnitCode: '20', year: 2027, value: 90, baselineYear: 2024 },
      { indicatorCode: 'TEAM_MEMBERS', orgUnitCode: '20', year: 2027, value: 8500, baselineYear: 2024 },
    ]) {
      expect((await t.as(admin, 'PUT', '/api/targets', target)).statusCode).toBe(200);
    }
  });
  afterAll(() => t?.close());

  it('measures a commune and a village against the province’s share target, from their own baseline, with the gap', async () => {
    // 50% in 2024; the straight line to 90% in 2027 expects 63.33 in 2025: behind by 13.33 points.
    for (const unit of ['06625', village]) {
      expect(await cell('HH_SMARTPHONE', unit, 2025)).toMatchObject({
        value: 50,
        target: { year: 2027, value: 90, expected: 63.33, status: 'behind', gap: -13.33, setFor: '20' },
      });
    }
    // A count is the province's own: no commune is measured against 8,500 team members.
    expect((await cell('TEAM_MEMBERS', '06625', 2025)).target).toBeNull();
  });

  it('prefers a unit’s own target to the province’s', async () => {
    expect(
      (await t.as(admin, 'PUT', '/api/targets', { indicatorCode: 'HH_SMARTPHONE', orgUnitCode: '06625', year: 2027, value: 60, baselineYear: 2024 }))
        .statusCode,
    ).toBe(200);
    expect(await cell('HH_SMARTPHONE', '06625', 2025)).toMatchObject({ target: { value: 60, expected: 53.33, status: 'behind', gap: -3.33, setFor: '06625' } });
    // The village below it now inherits the commune's, the nearest.
    expect((await cell('HH_SMARTPHONE', village, 2025)).target).toMatchObject({ value: 60, setFor: '06625' });
  });

  it('lists the targets a unit is measured against with inForce, and only its own without', async () => {
    const own = await t.app.inject({ method: 'GET', url: `/api/targets?orgUnit=${village}` });
    expect(own.json().items).toEqual([]);
    const inForce = await t.app.inject({ method: 'GET', url: `/api/targets?orgUnit=${village}&inForce=true` });
    expect(inForce.statusCode, inForce.body).toBe(200);
    const items = inForce.json().items as { indicatorCode: string; orgUnitCode: string; year: number; value: number; baselineValue: number | null }[];
    expect(items).toContainEqual({ indicatorCode: 'HH_SMARTPHONE', orgUnitCode: '06625', year: 2027, value: 60, baselineYear: 2024, baselineValue: null });
    // The report's 2025 share targets of the province reach the village too; its count targets do not.
    expect(items.some((i) => i.indicatorCode === 'HH_FIBER' && i.orgUnitCode === '20')).toBe(true);
    expect(items.some((i) => i.indicatorCode === 'SUB_SMARTPHONE' || i.indicatorCode === 'TEAM_MEMBERS')).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/targets?orgUnit=09999999&inForce=true' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/targets?orgUnit=20&inForce=maybe' })).statusCode).toBe(400);
  });

  it('says a year in progress has not been reported yet, with the completeness of every source the indicator is made of', async () => {
    const smartphones = await cell('HH_SMARTPHONE', '06625', THIS_YEAR);
    expect(smartphones).toMatchObject({
      value: null,
      reason: 'not_reported_yet',
      completeness: { reported: 0, expected: 2 },
      inProgress: { until: todayInVietnam() },
    });
    // Coverage observed this year, households not surveyed: the residents covered are not known yet, and the completeness says so.
    const observed = await t.as(admin, 'POST', `/api/villages/${village}/coverage/mobile`, {
      operatorCode: 'viettel',
      technology: '4G',
      quality: 'stable',
      observedOn: `${THIS_YEAR}-01-02`,
    });
    expect(observed.statusCode, observed.body).toBe(201);
    expect(await cell('COV_4G_POP', '06625', THIS_YEAR)).toMatchObject({ value: null, reason: 'not_reported_yet', completeness: { reported: 0, expected: 2 } });
    // A count with nothing reported this year says none of its units has reported, whatever its source's other records.
    expect(await cell('SUB_SMARTPHONE', '20', THIS_YEAR)).toMatchObject({ value: null, reason: 'not_reported_yet', completeness: { reported: 0 } });
    // A whole year that no unit reported is no data, not "not yet".
    const past = await cell('HH_SMARTPHONE', '06625', 2023);
    expect(past).toMatchObject({ value: null, reason: 'no_data', inProgress: null });
  });
});
