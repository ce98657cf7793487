import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';

const survey = {
  surveyedOn: '2025-06-30',
  members: 4,
  adults: 3,
  smartphoneOwners: 2,
  epayAdults: 1,
  homeFtth: true,
  vneidUsers: 1,
  ehealthUsers: 0,
  bankingUsers: 1,
};

/**
 * A unit's register counts (households, residents, latest survey) come from the households themselves:
 * a village of one household would publish that household. They are shown only to accounts that may
 * read the unit's households; the public figure is the suppressed HOUSEHOLDS indicator (decision 0017).
 */
describe.each(testEngines())('a unit’s register counts on %s', (engine) => {
  let t: TestApp;
  let lonely: string;
  let officer: TestSession;
  let stranger: TestSession;

  beforeAll(async () => {
    t = await startTestApp(engine, { minCellSize: 5 });
    lonely = await t.addVillage('06625', 1, 'Khuổi Slẻ');
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    stranger = await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    expect((await t.as(officer, 'POST', `/api/villages/${lonely}/households`, { label: 'Hộ 1', survey })).statusCode).toBe(201);
  });
  afterAll(() => t?.close());

  it('shows a village’s and its commune’s register to the commune’s officer', async () => {
    expect((await t.as(officer, 'GET', `/api/org-units/${lonely}`)).json().register).toEqual({ households: 1, residents: 4, surveyedOn: '2025-06-30' });
    expect((await t.as(officer, 'GET', '/api/org-units/06625')).json().register).toMatchObject({ households: 1, residents: 4 });
  });

  it('leaves it out for anonymous callers and another commune’s officer, and keeps the rest of the unit public', async () => {
    for (const url of [`/api/org-units/${lonely}`, '/api/org-units/06625']) {
      const anonymous = await t.app.inject({ method: 'GET', url });
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.json()).toMatchObject({ register: null, ancestors: expect.any(Array) });
      expect((await t.as(stranger, 'GET', url)).json().register).toBeNull();
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/org-units/${lonely}` })).json().name).toBe('Khuổi Slẻ');
  });
});
