import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines, testServerUrl } from '../../testing/test-database.ts';
import { insertHousehold } from '../households/index.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { rebuildIndicators } from '../indicators/index.ts';
import { readSpreadsheet } from '../platform/spreadsheet.ts';
import { daysAgo, pushOk, updateMutation } from '../../testing/sync-test-kit.ts';

const HOUSEHOLD_HEADER = [
  'ma_thon',
  'nhan_ho',
  'ngay_khao_sat',
  'so_nhan_khau',
  'so_nguoi_lon',
  'so_nguoi_co_smartphone',
  'so_nguoi_lon_co_tk_thanh_toan',
  'cap_quang_tai_nha',
  'so_nguoi_dung_vneid',
  'so_nguoi_dung_so_suc_khoe',
  'so_nguoi_dung_ngan_hang_so',
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The first village the test adds under Kiên Mộc (commune code + 001). */
const HIN_DAM = '06625001';

/** A household row as an official types it: dd/mm/yyyy, "có"/"không". */
const householdRow = (village: string, n: number, over: Record<string, string> = {}): string[] => {
  const row: Record<string, string> = {
    ma_thon: village,
    nhan_ho: `Hộ ${String(n).padStart(3, '0')}`,
    ngay_khao_sat: '30/06/2025',
    so_nhan_khau: '6',
    so_nguoi_lon: '4',
    so_nguoi_co_smartphone: '3',
    so_nguoi_lon_co_tk_thanh_toan: '2',
    cap_quang_tai_nha: n % 2 === 0 ? 'có' : 'không',
    so_nguoi_dung_vneid: '3',
    so_nguoi_dung_so_suc_khoe: '2',
    so_nguoi_dung_ngan_hang_so: '2',
    ...over,
  };
  return HOUSEHOLD_HEADER.map((h) => row[h] ?? '');
};

/** CSV the way Vietnamese Excel saves it: a BOM and semicolons. */
const csv = (header: readonly string[], rows: readonly (readonly string[])[], separator = ';') =>
  Buffer.from(
    `\uFEFF${[header, ...rows].map((r) => r.map((c) => (/[;,"\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(separator)).join('\r\n')}\r\n`,
    'utf8',
  );

describe.each(testEngines())('imports and exports on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let langDong: string;
  let admin: TestSession;
  let officer: TestSession;
  let member: TestSession;

  beforeAll(async () => {
    t = await startTestApp(engine);
    // Written as the translated report writes it, to be corrected by an import.
    hinDam = await t.addVillage('06625', 1, 'Hin Dam');
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    admin = await t.signIn({ username: 'admin.import', displayName: 'Quản trị', role: 'province_admin', orgUnitCode: '20' });
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
  });
  afterAll(() => t?.close());

  const upload = (session: TestSession | null, kind: string, body: Buffer, options: { type?: string; dryRun?: boolean; encoding?: string } = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/imports/${kind}`,
      query: { ...(options.dryRun ? { dryRun: 'true' } : {}), ...(options.encoding ? { encoding: options.encoding } : {}) },
      headers: { 'content-type': options.type ?? 'text/csv', ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}) },
      payload: body,
    });

  const count = async (table: 'household' | 'household_survey' | 'org_unit' | 'mobile_coverage' | 'fixed_broadband') =>
    (
      await t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const counts = async () => ({
    households: await count('household'),
    surveys: await count('household_survey'),
    units: await count('org_unit'),
    mobile: await count('mobile_coverage'),
    fixed: await count('fixed_broadband'),
  });

  describe('households', () => {
    const rows = () => Array.from({ length: 12 }, (_, i) => householdRow(hinDam, i + 1));

    it('imports a CSV saved by Vietnamese Excel (BOM, semicolons), and a second run updates the changed row only, creating nothing twice', async () => {
      const before = await counts();
      const first = await upload(officer, 'households', csv(HOUSEHOLD_HEADER, rows()));
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ kind: 'households', rows: 12, created: 12, updated: 0, unchanged: 0, dryRun: false });
      expect(await counts()).toEqual({ ...before, households: before.households + 12, surveys: before.surveys + 12 });

      const changed = rows().map((row, i) => (i === 1 ? householdRow(hinDam, 2, { so_nguoi_dung_ngan_hang_so: '3' }) : row));
      const again = await upload(officer, 'households', csv(HOUSEHOLD_HEADER, changed));
      expect(again.json()).toEqual({ kind: 'households', rows: 12, created: 0, updated: 1, unchanged: 11, dryRun: false });
      expect(await counts()).toEqual({ ...before, households: before.households + 12, surveys: before.surveys + 12 });

      const list = (await t.as(officer, 'GET', `/api/villages/${hinDam}/households?search=Hộ 002`)).json();
      expect(list.items[0]).toMatchObject({ label: 'Hộ 002', version: 2, latest: { surveyedOn: '2025-06-30', members: 6, homeFtth: true, bankingUsers: 3 } });
      const other = (await t.as(officer, 'GET', `/api/villages/${hinDam}/households?search=Hộ 003`)).json();
      expect(other.items[0]).toMatchObject({ label: 'Hộ 003', version: 1 });
      const audit = await t.handle.db.selectFrom('audit_entry').selectAll().where('action', '=', 'import:households').orderBy('at').execute();
      expect(audit.map((a) => [a.actor_name, a.org_unit_code, a.after])).toEqual([
        ['officer.km', hinDam, { rows: 12, created: 12, updated: 0, unchanged: 0 }],
        ['officer.km', hinDam, { rows: 12, created: 0, updated: 1, unchanged: 11 }],
      ]);
    });

    it('keeps the indicator values current, as a full rebuild would compute them', async () => {
      const households = await t.handle.db
        .selectFrom('data_value')
        .select('value')
        .where('data_element', '=', 'HOUSEHOLDS')
        .where('org_unit_code', '=', '06625')
        .where('period', '=', '2025')
        .executeTakeFirstOrThrow();
      expect(Number(households.value)).toBe(12);
      const snapshot = () =>
        t.handle.db
          .selectFrom('data_value')
          .select(['data_element', 'period', 'org_unit_code', 'value'])
          .orderBy('data_element')
          .orderBy('period')
          .orderBy('org_unit_code')
          .execute();
      const incremental = await snapshot();
      await rebuildIndicators(t.handle.db);
      expect(await snapshot()).toEqual(incremental);
    });

    it('imports the same rows from an .xlsx workbook with real date cells and numbers', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Hộ');
      sheet.addRow([
        'Mã thôn',
        'Nhãn hộ',
        'Ngày khảo sát',
        'Số nhân khẩu',
        'Số người lớn',
        'Số người có smartphone',
        'so_nguoi_lon_co_tk_thanh_toan',
        'Cáp quang tại nhà',
        'VNeID users',
        'ehealth_users',
        'banking_users',
      ]);
      for (let n = 1; n <= 5; n++) sheet.addRow([Number(langDong), `Hộ ${n}`, new Date(Date.UTC(2025, 5, 30)), 5, 3, 2, 1, n === 1, 2, 1, 1]);
      const body = Buffer.from(await workbook.xlsx.writeBuffer());
      // The name and the label do not matter: the bytes say it is a workbook.
      const res = await upload(admin, 'households', body, { type: 'application/octet-stream' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ rows: 5, created: 5, updated: 0 });
      const list = (await t.as(admin, 'GET', `/api/villages/${langDong}/households`)).json();
      expect(list.items.map((h: { label: string }) => h.label)).toEqual(['Hộ 1', 'Hộ 2', 'Hộ 3', 'Hộ 4', 'Hộ 5']);
      expect(list.items[0].latest).toEqual({
        surveyedOn: '2025-06-30',
        members: 5,
        adults: 3,
        smartphoneOwners: 2,
        epayAdults: 1,
        homeFtth: true,
        vneidUsers: 2,
        ehealthUsers: 1,
        bankingUsers: 1,
      });
    });

    it('counts without writing on a dry run', async () => {
      const before = await counts();
      // Hộ 002 differs from what the first test left (its banking users); Hộ 001 surveyed on a new day is a new survey.
      const newDay = householdRow(hinDam, 1, { ngay_khao_sat: '01/07/2025' });
      const res = await upload(officer, 'households', csv(HOUSEHOLD_HEADER, [...rows(), householdRow(hinDam, 99), newDay]), {
        dryRun: true,
        type: 'text/csv; charset=utf-8',
      });
      expect(res.json()).toEqual({ kind: 'households', rows: 14, created: 2, updated: 1, unchanged: 11, dryRun: true });
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['an unknown village code', { ma_thon: '06625999' }, 'ma_thon', 'import.unknown_village'],
      ['a negative count', { so_nguoi_lon: '-1' }, 'so_nguoi_lon', 'import.too_small'],
      ['more smartphone owners than members', { so_nguoi_co_smartphone: '7' }, 'so_nguoi_co_smartphone', 'household.smartphones_exceed_members'],
      ['more adults than members', { so_nguoi_lon: '7' }, 'so_nguoi_lon', 'household.adults_exceed_members'],
      ['a date in the future', { ngay_khao_sat: '01/01/2999' }, 'ngay_khao_sat', 'household.survey_in_future'],
      ['a household repeated with the same date', { nhan_ho: 'Hộ 002' }, 'nhan_ho', 'import.duplicate_row'],
      ['a text where a number belongs', { so_nhan_khau: 'sáu' }, 'so_nhan_khau', 'import.not_a_number'],
      ['an impossible date', { ngay_khao_sat: '30/02/2025' }, 'ngay_khao_sat', 'import.bad_date'],
    ])('refuses the whole file for %s in the middle, naming row and column, and writes nothing', async (_case, bad, column, code) => {
      const before = await counts();
      const file = [...rows().slice(0, 5), householdRow(hinDam, 50, bad), ...rows().slice(5)];
      const res = await upload(officer, 'households', csv(HOUSEHOLD_HEADER, file));
      expect(res.statusCode).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('import.invalid_rows');
      expect(error.issues).toEqual([expect.objectContaining({ row: 7, field: column, code })]);
      expect(error.issues[0].message.vi.length).toBeGreaterThan(5);
      expect(error.issues[0].message.en.length).toBeGreaterThan(5);
      expect(await counts()).toEqual(before);
    });

    it('lists every bad row, not just the first (a row with unreadable cells is not checked further)', async () => {
      const file = [
        householdRow(hinDam, 1),
        householdRow(hinDam, 2, { so_nhan_khau: '-3' }),
        householdRow(hinDam, 3),
        householdRow('06625999', 4),
        householdRow(hinDam, 5, { so_nguoi_lon: 'bốn', ngay_khao_sat: '2999-01-01' }),
      ];
      const res = await upload(officer, 'households', csv(HOUSEHOLD_HEADER, file, ','));
      expect(res.json().error.issues.map((i: { row: number; field: string }) => [i.row, i.field])).toEqual([
        [3, 'so_nhan_khau'],
        [5, 'ma_thon'],
        [6, 'so_nguoi_lon'],
      ]);
    });

    it('names the missing columns of a file that is not a household list', async () => {
      const res = await upload(officer, 'households', csv(['ma_thon', 'ten'], [[hinDam, 'x']]));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('import.missing_columns');
      expect(res.json().error.issues.map((i: { field: string }) => i.field)).toContain('so_nhan_khau');
    });

    it("names a misspelled column with the one it looks like, still lists the other columns' row errors, and writes nothing", async () => {
      const before = await counts();
      const header = HOUSEHOLD_HEADER.map((h) => (h === 'so_nhan_khau' ? 'so_nhan_khua' : h));
      const res = await upload(officer, 'households', csv(header, [householdRow(hinDam, 80, { so_nguoi_lon: '-1' })]));
      expect(res.statusCode).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('import.missing_columns');
      expect(error.issues[0]).toMatchObject({
        code: 'import.misspelled_column',
        field: 'so_nhan_khau',
        message: { en: expect.stringContaining('"so_nhan_khua"; did you mean "so_nhan_khau"') },
      });
      expect(error.issues.some((i: { row: number; field: string }) => i.row === 2 && i.field === 'so_nguoi_lon')).toBe(true);
      expect(await counts()).toEqual(before);
    });

    it('reads a file with an extra column and says which columns it did not read', async () => {
      const res = await upload(officer, 'households', csv([...HOUSEHOLD_HEADER, 'ghi_chu_rieng'], [[...householdRow(hinDam, 81), 'x']]), { dryRun: true });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ rows: 1, ignoredColumns: ['ghi_chu_rieng'], dryRun: true });
    });

    it.each([
      ['an empty file', Buffer.alloc(0), 400, 'import.empty_file'],
      ['a header without rows', csv(HOUSEHOLD_HEADER, []), 400, 'import.empty_file'],
      [
        'bytes in no encoding we know (not UTF-8, and 0x81 has no Windows-1258 letter)',
        Buffer.concat([Buffer.from('ma_thon;nhan_ho\r\n06625001;H'), Buffer.from([0x81, 0x20, 0x31]), Buffer.from('\r\n')]),
        400,
        'import.bad_encoding',
      ],
      ['an Excel 97–2003 file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 400, 'import.unsupported_format'],
      ['a file of 21 MB', Buffer.alloc(21 * 1024 * 1024, 0x41), 413, 'import.too_large'],
    ])('refuses %s with a clear file-level error', async (_case, body, status, code) => {
      const before = await counts();
      const res = await upload(officer, 'households', body);
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message.vi.length).toBeGreaterThan(10);
      expect(await counts()).toEqual(before);
    });

    it('suggests saving as CSV UTF-8 when the file is not in the encoding asked for', async () => {
      const res = await upload(officer, 'households', Buffer.from([0x6d, 0x61, 0xff, 0xfe]), { encoding: 'utf-8' });
      expect(res.json().error.code).toBe('import.bad_encoding');
      expect(res.json().error.message.en).toContain('CSV UTF-8');
    });

    it('refuses a commune officer importing into another commune, audits it, and writes nothing', async () => {
      const before = await counts();
      const res = await upload(officer, 'households', csv(HOUSEHOLD_HEADER, [householdRow(hinDam, 70), householdRow(langDong, 71)]));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
      const denied = await t.handle.db.selectFrom('audit_entry').selectAll().where('outcome', '=', 'denied').where('actor_name', '=', 'officer.km').execute();
      expect(denied.map((d) => [d.action, d.org_unit_code])).toEqual([['import:run', langDong]]);
      expect(await counts()).toEqual(before);
    });

    it('refuses a team member (no import right) before reading the file, and an anonymous upload', async () => {
      expect((await upload(member, 'households', csv(HOUSEHOLD_HEADER, rows()))).statusCode).toBe(403);
      expect((await upload(null, 'households', csv(HOUSEHOLD_HEADER, rows()))).statusCode).toBe(401);
    });

    it("round-trips: export (CSV and .xlsx) → import changes nothing, not even a version, and a phone's pending edit still applies", async () => {
      const versions = () =>
        t.handle.db.selectFrom('household').select(['id', 'version', 'updated_at']).where('village_code', '=', hinDam).orderBy('id').execute();
      const before = await versions();
      for (const format of ['csv', 'xlsx']) {
        const exported = await t.as(officer, 'GET', `/api/exports/households?orgUnit=06625&format=${format}`);
        expect(exported.statusCode).toBe(200);
        expect(exported.headers['content-disposition']).toContain(`.${format}`);
        const res = await upload(officer, 'households', exported.rawPayload, { type: format === 'csv' ? 'text/csv' : XLSX });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ rows: 12, created: 0, updated: 0, unchanged: 12 });
        expect(await versions()).toEqual(before);
        const again = await t.as(officer, 'GET', `/api/exports/households?orgUnit=06625&format=csv`);
        const [a, b] = await Promise.all([readSpreadsheet(exported.rawPayload), readSpreadsheet(again.rawPayload)]);
        expect(b.header).toEqual(HOUSEHOLD_HEADER);
        if (format === 'csv') expect(b).toEqual(a);
      }
      // A phone took a household before both imports; its edit, based on that version, is no conflict.
      const held = before.find((h) => h.version === 1);
      if (!held) throw new Error('no household at version 1');
      const survey = {
        surveyedOn: daysAgo(1),
        members: 6,
        adults: 4,
        smartphoneOwners: 4,
        epayAdults: 2,
        homeFtth: true,
        vneidUsers: 3,
        ehealthUsers: 2,
        bankingUsers: 2,
      };
      const [result] = await pushOk(t, member, [updateMutation(held.id, 1, survey)]);
      expect(result).toMatchObject({ status: 'applied', record: { id: held.id, version: 2 } });
    });

    it('exports CSV that Excel opens in Vietnamese (BOM), and keeps the register private', async () => {
      const res = await t.as(officer, 'GET', `/api/exports/households?orgUnit=${hinDam}&format=csv&surveys=all`);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(res.body).toContain('Hộ 001');
      expect((await t.app.inject({ method: 'GET', url: `/api/exports/households?orgUnit=${hinDam}` })).statusCode).toBe(401);
      expect((await t.as(officer, 'GET', `/api/exports/households?orgUnit=${langDong}`)).statusCode).toBe(403);
    });
  });

  describe('villages', () => {
    const VILLAGE_HEADER = ['ma_xa', 'ma_thon', 'ten', 'loai', 'dan_toc', 'vi_do', 'kinh_do'];

    it('corrects a name by code, and search then finds it without diacritics', async () => {
      const res = await upload(officer, 'villages', csv(VILLAGE_HEADER, [['06625', hinDam, 'Hin Đăm', 'bản', 'Dao', '21,64', '107,23']]));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ rows: 1, created: 0, updated: 1 });
      const unit = (await t.app.inject({ method: 'GET', url: `/api/org-units/${hinDam}` })).json();
      expect(unit).toMatchObject({
        name: 'Hin Đăm',
        fullName: 'Bản Hin Đăm',
        kind: 'ban',
        isDemo: false,
        ethnicGroups: ['Dao'],
        location: { latitude: 21.64, longitude: 107.23 },
      });
      const found = (await t.app.inject({ method: 'GET', url: '/api/org-units?search=hin%20dam' })).json();
      expect(found.items.map((u: { code: string; name: string }) => [u.code, u.name])).toEqual([[hinDam, 'Hin Đăm']]);
    });

    it('adds villages without a code under the next free number, and matches a known name instead of adding it twice', async () => {
      const file = csv(
        ['commune_code', 'name', 'kind', 'ethnic_groups'],
        [
          ['06625', 'Khuổi Phầy', 'thôn', 'Tày, Nùng'],
          ['06625', 'HIN DAM', 'ban', ''],
        ],
        ',',
      );
      const res = await upload(officer, 'villages', file);
      expect(res.json()).toMatchObject({ rows: 2, created: 1, updated: 1 });
      const unit = (await t.app.inject({ method: 'GET', url: '/api/org-units/06625002' })).json();
      expect(unit).toMatchObject({
        name: 'Khuổi Phầy',
        kind: 'thon',
        ethnicGroups: ['Tày', 'Nùng'],
        isDemo: false,
        ancestors: [{ code: '20' }, { code: '06625' }],
      });
      const villages = await t.handle.db
        .selectFrom('data_value')
        .select('value')
        .where('data_element', '=', 'VILLAGES')
        .where('org_unit_code', '=', '06625')
        .where('period', '=', todayInVietnam().slice(0, 4))
        .executeTakeFirstOrThrow();
      expect(Number(villages.value)).toBe(2);
      // A blank cell keeps what the register has.
      expect((await t.app.inject({ method: 'GET', url: `/api/org-units/${hinDam}` })).json()).toMatchObject({ name: 'HIN DAM', ethnicGroups: ['Dao'] });
      await upload(officer, 'villages', csv(VILLAGE_HEADER, [['06625', hinDam, 'Hin Đăm', 'bản', '', '', '']]));
    });

    it.each([
      ['an unknown commune', ['06999', '', 'Nà Lừa', 'thôn', '', '', ''], 'ma_xa', 'import.unknown_commune'],
      ['a village code of another commune', ['06625', '06376009', 'Nà Lừa', 'thôn', '', '', ''], 'ma_thon', 'import.village_outside_commune'],
      ['a point outside Vietnam', ['06625', '', 'Nà Lừa', 'thôn', '', '48.85', '2.35'], 'vi_do', 'import.outside_vietnam'],
      ['an unknown kind', ['06625', '', 'Nà Lừa', 'làng', '', '', ''], 'loai', 'import.bad_choice'],
    ])('refuses %s', async (_case, row, column, code) => {
      const before = await counts();
      const res = await upload(admin, 'villages', csv(VILLAGE_HEADER, [['06625', '', 'Nà Pàn', 'thôn', '', '', ''], row]));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.issues).toContainEqual(expect.objectContaining({ row: 3, field: column, code }));
      expect(await counts()).toEqual(before);
    });

    it('exports villages publicly, with the headers the import reads', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/exports/villages?orgUnit=06625&format=xlsx' });
      expect(res.statusCode).toBe(200);
      const sheet = await readSpreadsheet(res.rawPayload);
      expect(sheet.header).toEqual(VILLAGE_HEADER);
      expect(sheet.rows.map((r) => r.cells.slice(0, 4))).toEqual([
        ['06625', hinDam, 'Hin Đăm', 'bản'],
        ['06625', '06625002', 'Khuổi Phầy', 'thôn'],
      ]);
      const back = await upload(admin, 'villages', res.rawPayload, { type: XLSX });
      expect(back.json()).toMatchObject({ rows: 2, created: 0, updated: 2 });
    });
  });

  describe('coverage', () => {
    const HEADER = ['ma_thon', 'nha_mang', 'loai', 'cong_nghe', 'chat_luong', 'cap_quang_den_thon', 'ftth', 'ngay'];
    const history = [
      [HIN_DAM, 'Viettel', 'di động', '4G', 'không có', '', '', '01/01/2021'],
      [HIN_DAM, 'viettel', 'di động', '4G', 'ổn định', '', '', '15/09/2022'],
      [HIN_DAM, 'VNPT', 'cố định', '', '', 'có', 'có', '2024-05-01'],
    ];

    it('imports Hin Đăm’s history, readable through the coverage API; a second run updates', async () => {
      // Windows labels a .csv this way when Excel is installed.
      const res = await upload(officer, 'coverage', csv(HEADER, history), { type: 'application/vnd.ms-excel' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ rows: 3, created: 3, updated: 0 });
      const read = (await t.app.inject({ method: 'GET', url: `/api/villages/${hinDam}/coverage` })).json();
      expect(read.mobile.map((m: { observedOn: string; quality: string }) => [m.observedOn, m.quality])).toEqual([
        ['2021-01-01', 'none'],
        ['2022-09-15', 'stable'],
      ]);
      expect(read.broadband).toEqual([{ operatorCode: 'vnpt', fiberReaches: true, ftthAvailable: true, observedOn: '2024-05-01', note: null }]);
      expect((await upload(officer, 'coverage', csv(HEADER, history))).json()).toMatchObject({ created: 0, updated: 3 });
    });

    it.each([
      ['an unknown operator', [HIN_DAM, 'acme', 'di động', '4G', 'ổn định', '', '', '01/01/2023'], 'nha_mang', 'coverage.unknown_operator'],
      ['fibre to the home without fibre', [HIN_DAM, 'vnpt', 'cố định', '', '', 'không', 'có', '01/01/2023'], 'ftth', 'coverage.ftth_without_fiber'],
      ['a mobile record without its technology', [HIN_DAM, 'vnpt', 'di động', '', 'ổn định', '', '', '01/01/2023'], 'cong_nghe', 'import.missing_value'],
      ['a date in the future', [HIN_DAM, 'vnpt', 'di động', '5G', 'ổn định', '', '', '01/01/2999'], 'ngay', 'coverage.observed_in_future'],
    ])('refuses %s', async (_case, row, column, code) => {
      const before = await counts();
      const res = await upload(officer, 'coverage', csv(HEADER, [...history, row]));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.issues).toEqual([expect.objectContaining({ row: 5, field: column, code })]);
      expect(await counts()).toEqual(before);
    });

    it('round-trips through its public export', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/exports/coverage?orgUnit=06625' });
      const back = await upload(officer, 'coverage', res.rawPayload);
      expect(back.json()).toMatchObject({ rows: 3, created: 0, updated: 3 });
    });
  });

  it.each(['villages', 'coverage', 'households'])('serves a %s template the import accepts', async (kind) => {
    for (const format of ['csv', 'xlsx']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/imports/${kind}/template?format=${format}` });
      expect(res.statusCode).toBe(200);
      const sheet = await readSpreadsheet(res.rawPayload);
      expect(sheet.rows).toHaveLength(1);
      const dry = await upload(admin, kind, res.rawPayload, { dryRun: true, type: 'application/octet-stream' });
      expect(dry.statusCode, dry.body).toBe(200);
    }
  });

  it('documents the import and export routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/imports/{kind}', '/api/imports/{kind}/template', '/api/exports/{kind}']));
  });
});

// PGlite is one connection: an import cannot be planned while another writer holds a row open.
describe.runIf(testServerUrl())('a household import on postgresql racing another writer', () => {
  let t: TestApp;
  let village: string;
  let officer: TestSession;

  beforeAll(async () => {
    t = await startTestApp('postgresql');
    village = await t.addVillage('06625', 3, 'Nà Làng');
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
  });
  afterAll(() => t?.close());

  const upload = (body: Buffer) =>
    t.app.inject({
      method: 'POST',
      url: '/api/imports/households',
      headers: { 'content-type': 'text/csv', cookie: officer.cookie, 'x-csrf-token': officer.csrfToken },
      payload: body,
    });
  const waitersOnLocks = async () =>
    Number(
      (
        await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(
          t.handle.db,
        )
      ).rows[0]!.n,
    );

  it('answers 409 with nothing written when a household it planned to create is added meanwhile, and takes the file when sent again', async () => {
    const file = csv(HOUSEHOLD_HEADER, [householdRow(village, 1), householdRow(village, 2)]);
    const other = await t.handle.db.startTransaction().execute();
    try {
      // Another writer adds "Hộ 002" and has not committed: the import plans to create it, then waits on its key.
      await insertHousehold(other, { provinceCode: '20', villageCode: village, label: 'Hộ 002' });
      const racing = upload(file);
      const giveUpAt = Date.now() + 30_000;
      while ((await waitersOnLocks()) === 0 && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 50));
      await other.commit().execute();
      const res = await racing;
      expect([res.statusCode, res.json().error.code]).toEqual([409, 'import.changed_meanwhile']);
      expect(res.json().error.message.vi).toContain('gửi lại tệp');
    } finally {
      if (!other.isCommitted && !other.isRolledBack) await other.rollback().execute();
    }
    const labels = async () =>
      (await t.handle.db.selectFrom('household').select('label').where('village_code', '=', village).orderBy('label').execute()).map((h) => h.label);
    expect(await labels()).toEqual(['Hộ 002']);

    const again = await upload(file);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ rows: 2, dryRun: false });
    expect(await labels()).toEqual(['Hộ 001', 'Hộ 002']);
  });
});
