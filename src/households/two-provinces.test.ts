import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { foldForSearch } from '../platform/text.ts';
import { upsertOrgUnits } from '../territory/index.ts';
import type { Survey } from './household.schema.ts';

const survey: Survey = {
  surveyedOn: '2025-06-30',
  members: 3,
  adults: 2,
  smartphoneOwners: 1,
  epayAdults: 1,
  homeFtth: false,
  vneidUsers: 1,
  ehealthUsers: 0,
  bankingUsers: 0,
};

/** A second province beside Lạng Sơn (20): Cao Bằng (04), one commune and one village, made up for the test. */
const CAO_BANG = [
  { code: '04', parent_code: null, level: 1, kind: 'tinh' as const, name: 'Cao Bằng', full_name: 'Tỉnh Cao Bằng', path: '04' },
  { code: '01270', parent_code: '04', level: 2, kind: 'xa' as const, name: 'Thử Nghiệm', full_name: 'Xã Thử Nghiệm', path: '04.01270' },
  { code: '01270001', parent_code: '01270', level: 3, kind: 'thon' as const, name: 'Bản Thử', full_name: 'Bản Thử', path: '04.01270.01270001' },
].map((u) => ({ ...u, search_name: foldForSearch(u.full_name), province_code: '04', is_demo: true }));

describe.each(testEngines())('two provinces on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let langSonAdmin: TestSession;
  let caoBangAdmin: TestSession;
  let caoBangHousehold: string;
  let langSonHousehold: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    await upsertOrgUnits(t.handle.db, CAO_BANG);
    langSonAdmin = await t.signIn({ username: 'admin.ls', displayName: 'Quản trị Lạng Sơn', role: 'province_admin', orgUnitCode: '20' });
    caoBangAdmin = await t.signIn({ username: 'admin.cb', displayName: 'Quản trị Cao Bằng', role: 'province_admin', orgUnitCode: '04' });
    caoBangHousehold = (await t.as(caoBangAdmin, 'POST', '/api/villages/01270001/households', { label: 'Hộ 1', survey })).json().id;
    langSonHousehold = (await t.as(langSonAdmin, 'POST', `/api/villages/${hinDam}/households`, { label: 'Hộ 1', survey })).json().id;
  });
  afterAll(() => t?.close());

  it('lets each province administrator work in their own province', () => {
    expect(caoBangHousehold).toMatch(/^[0-9a-f-]{36}$/);
    expect(langSonHousehold).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets a province administrator read and write nothing of the other province', async () => {
    for (const [session, village, household] of [
      [langSonAdmin, '01270001', caoBangHousehold],
      [caoBangAdmin, hinDam, langSonHousehold],
    ] as const) {
      expect((await t.as(session, 'GET', `/api/villages/${village}/households`)).statusCode).toBe(403);
      expect((await t.as(session, 'POST', `/api/villages/${village}/households`, { label: 'Hộ 2', survey })).statusCode).toBe(403);
      expect((await t.as(session, 'GET', `/api/households/${household}`)).statusCode).toBe(403);
      expect((await t.as(session, 'POST', `/api/households/${household}/surveys`, survey)).statusCode).toBe(403);
      expect((await t.as(session, 'PATCH', `/api/households/${household}`, { label: 'Hộ 9', version: 1 })).statusCode).toBe(403);
      expect((await t.as(session, 'DELETE', `/api/households/${household}?version=1`)).statusCode).toBe(403);
      expect((await t.as(session, 'PUT', `/api/villages/${village}/team`, { name: 'Tổ' })).statusCode).toBe(403);
    }
    const labels = await t.handle.db.selectFrom('household').select(['label', 'version']).orderBy('label').execute();
    expect(labels).toEqual([
      { label: 'Hộ 1', version: 1 },
      { label: 'Hộ 1', version: 1 },
    ]);
  });
});
