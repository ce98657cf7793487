import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { rebuildIndicators } from '../indicators/index.ts';
import { readSpreadsheet, writeWorkbook } from '../platform/spreadsheet.ts';
import { csvFile, FILE_ENCODINGS, type FileEncoding } from '../../testing/test-files.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
const VISIT_HEADER = [
  'ma_thon',
  'nhan_ho',
  'ngay_ho_tro',
  'vneid_muc_1',
  'vneid_muc_2',
  'so_suc_khoe_dien_tu',
  'ung_dung_ngan_hang',
  'tai_khoan_thanh_toan',
  'phong_chong_lua_dao',
  'khac',
  'so_nguoi_duoc_huong_dan',
  'ghi_chu',
];
const TRAINING_HEADER = [
  'ma_thon',
  'ngay_tap_huan',
  'chu_de',
  'dia_diem',
  'nguoi_huong_dan',
  'so_nguoi_tham_du',
  'nu',
  'nam',
  'duoi_15_tuoi',
  'tu_15_den_29_tuoi',
  'tu_30_den_59_tuoi',
  'tu_60_tuoi_tro_len',
  'dan_toc_tay',
  'dan_toc_nung',
  'dan_toc_kinh',
  'dan_toc_dao',
  'dan_toc_hmong',
  'dan_toc_san_chay',
  'dan_toc_hoa',
  'dan_toc_khac',
];

/** A household of six (four adults, three with a smartphone, one using VNeID), surveyed on 30 June 2025. */
const householdRow = (village: string, label: string) => [village, label, '30/06/2025', '6', '4', '3', '1', 'không', '1', '0', '0'];

/** A visit as an official fills in the grid: blank cells for the activities not done. */
const visitRow = (village: string, label: string, day: string, people: Partial<Record<(typeof VISIT_HEADER)[number], string>>) =>
  VISIT_HEADER.map((h, i) => (i === 0 ? village : i === 1 ? label : i === 2 ? day : (people[h] ?? '')));

const trainingRow = (
  village: string,
  day: string,
  topic: string,
  place: string,
  trainer: string,
  counts: string,
  ethnic: Partial<Record<string, string>> = {},
) => [village, day, topic, place, trainer, ...counts.split(' '), ...TRAINING_HEADER.slice(12).map((h) => ethnic[h] ?? '')];

describe.each(testEngines())('field-work imports on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let naPan: string;
  let khuoiPhay: string;
  let admin: TestSession;
  let officer: TestSession;

  beforeAll(async () => {
    t = await startTestApp(engine);
    [hinDam, naPan, khuoiPhay] = (await t.addVillages('06625', 1, ['Hin Đăm', 'Nà Pàn', 'Khuổi Phầy'])) as [string, string, string];
    admin = await t.signIn({ username: 'admin.field', displayName: 'Quản trị', role: 'province_admin', orgUnitCode: '20' });
    officer = await t.signIn({ username: 'officer.field', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    const households = [1, 2, 3, 4].map((n) => householdRow(hinDam, `Hộ 00${n}`));
    const res = await upload(officer, 'households', csvFile([HOUSEHOLD_HEADER, ...households, householdRow(naPan, 'Hộ 050')], 'utf-8-bom'));
    if (res.statusCode !== 200) throw new Error(res.body);
    // A household that has moved away: its label stays in the register, archived.
    await t.handle.db.updateTable('household').set({ archived_at: new Date() }).where('village_code', '=', naPan).where('label', '=', 'Hộ 050').execute();
  });
  afterAll(() => t?.close());

  function upload(session: TestSession, kind: string, body: Buffer, options: { type?: string; dryRun?: boolean; encoding?: string } = {}) {
    return t.app.inject({
      method: 'POST',
      url: `/api/imports/${kind}`,
      query: { ...(options.dryRun ? { dryRun: 'true' } : {}), ...(options.encoding ? { encoding: options.encoding } : {}) },
      headers: { 'content-type': options.type ?? 'text/csv', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      payload: body,
    });
  }

  const count = async (table: 'support_visit' | 'training' | 'household_survey' | 'household') =>
    Number(
      (
        await t.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const versions = () => t.handle.db.selectFrom('household').select(['label', 'village_code', 'version']).orderBy('village_code').orderBy('label').execute();
  const values = () =>
    t.handle.db
      .selectFrom('data_value')
      .select(['data_element', 'period', 'org_unit_code', 'value'])
      .orderBy('data_element')
      .orderBy('period')
      .orderBy('org_unit_code')
      .execute();
  const state = async () => ({
    visits: await count('support_visit'),
    trainings: await count('training'),
    surveys: await count('household_survey'),
    versions: await versions(),
    values: await values(),
  });
  async function value(element: string, unit: string, period = '2025'): Promise<number> {
    const row = await t.handle.db
      .selectFrom('data_value')
      .select('value')
      .where('data_element', '=', element)
      .where('org_unit_code', '=', unit)
      .where('period', '=', period)
      .executeTakeFirst();
    return row ? Number(row.value) : 0;
  }
  async function surveysOf(village: string, label: string) {
    return t.handle.db
      .selectFrom('household_survey as s')
      .innerJoin('household as h', 'h.id', 's.household_id')
      .select(['s.surveyed_on', 's.epay_adults', 's.vneid_users', 's.ehealth_users', 's.banking_users', 'h.version'])
      .where('h.village_code', '=', village)
      .where('h.label', '=', label)
      .orderBy('s.surveyed_on')
      .execute();
  }

  describe('support visits', () => {
    const visits = () => [
      VISIT_HEADER,
      visitRow(hinDam, 'Hộ 001', '15/07/2025', {
        vneid_muc_2: '2',
        so_suc_khoe_dien_tu: '1',
        so_nguoi_duoc_huong_dan: '1',
        ghi_chu: 'Cài VNeID cho bà và con dâu',
      }),
      visitRow(hinDam, 'Hộ 001', '01/07/2025', { tai_khoan_thanh_toan: '1' }),
      visitRow(hinDam, 'Hộ 002', '20/07/2025', { phong_chong_lua_dao: '3', khac: '1', ghi_chu: 'Hướng dẫn nhận biết tin nhắn lừa đảo' }),
      visitRow(hinDam, 'Hộ 003', '10/08/2025', { vneid_muc_1: '1' }),
      visitRow(hinDam, 'Hộ 003', '10/08/2025', { ung_dung_ngan_hang: '2', so_nguoi_duoc_huong_dan: '2' }),
    ];

    it('records each visit and moves each household’s adoption on, in date order, with the indicators', async () => {
      const [vneidBefore, visitsBefore] = [await value('VNEID_USERS', hinDam), await value('VISITS', hinDam)];
      expect(vneidBefore).toBe(4);
      const res = await upload(officer, 'visits', csvFile(visits(), 'utf-8-bom'));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ kind: 'visits', rows: 5, created: 5, updated: 0, unchanged: 0, dryRun: false });
      expect(await count('support_visit')).toBe(5);

      // Hộ 001: the account of 1 July first, then VNeID (capped at its three smartphone owners) and e-health.
      expect(await surveysOf(hinDam, 'Hộ 001')).toEqual([
        { surveyed_on: '2025-06-30', epay_adults: 1, vneid_users: 1, ehealth_users: 0, banking_users: 0, version: 2 },
        { surveyed_on: '2025-07-01', epay_adults: 2, vneid_users: 1, ehealth_users: 0, banking_users: 0, version: 2 },
        { surveyed_on: '2025-07-15', epay_adults: 2, vneid_users: 3, ehealth_users: 1, banking_users: 0, version: 2 },
      ]);
      // A scam-awareness talk adds nobody to an app: the household's record and version stay.
      expect(await surveysOf(hinDam, 'Hộ 002')).toEqual([
        { surveyed_on: '2025-06-30', epay_adults: 1, vneid_users: 1, ehealth_users: 0, banking_users: 0, version: 1 },
      ]);
      // Two visits on one day: one survey of that day holding both.
      expect((await surveysOf(hinDam, 'Hộ 003')).map((s) => [s.surveyed_on, s.vneid_users, s.banking_users, s.version])).toEqual([
        ['2025-06-30', 1, 0, 2],
        ['2025-08-10', 2, 2, 2],
      ]);

      const talk = await t.handle.db
        .selectFrom('support_visit as v')
        .innerJoin('household as h', 'h.id', 'v.household_id')
        .selectAll('v')
        .where('h.label', '=', 'Hộ 002')
        .executeTakeFirstOrThrow();
      const account = await t.handle.db.selectFrom('account').select('id').where('username', '=', 'officer.field').executeTakeFirstOrThrow();
      expect(talk).toMatchObject({
        village_code: hinDam,
        visited_on: '2025-07-20',
        scam_awareness: 3,
        vneid_level1: 0,
        residents_guided: 0,
        other: 1,
        note: 'Hướng dẫn nhận biết tin nhắn lừa đảo',
        recorded_by: account.id,
      });
      expect(talk.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

      // Hộ 001 3 + Hộ 002 1 + Hộ 003 2 + Hộ 004 1.
      expect(await value('VNEID_USERS', hinDam)).toBe(7);
      expect(await value('BANKING_USERS', '06625')).toBe(2);
      expect(await value('VISITS', hinDam)).toBe(visitsBefore + 5);
      expect(await value('HOUSEHOLDS_VISITED', hinDam)).toBe(3);
      expect(await value('VISITS', '20')).toBe(visitsBefore + 5);
      const incremental = await values();
      await rebuildIndicators(t.handle.db);
      expect(await values()).toEqual(incremental);
    });

    it('adds nothing when the same file is imported again, and only the new visit when one is added', async () => {
      const before = await state();
      const again = await upload(officer, 'visits', csvFile(visits(), 'utf-8-bom'));
      expect(again.json()).toEqual({ kind: 'visits', rows: 5, created: 0, updated: 0, unchanged: 5, dryRun: false });
      expect(await state()).toEqual(before);

      const more = await upload(
        officer,
        'visits',
        csvFile([...visits(), visitRow(hinDam, 'Hộ 004', '02/09/2025', { so_suc_khoe_dien_tu: '1' })], 'utf-8-bom'),
        { dryRun: true },
      );
      expect(more.json()).toEqual({ kind: 'visits', rows: 6, created: 1, updated: 0, unchanged: 5, dryRun: true });
      expect(await state()).toEqual(before);
      const audit = await t.handle.db.selectFrom('audit_entry').select('after').where('action', '=', 'import:visits').orderBy('at').execute();
      expect(audit.map((a) => a.after)).toEqual([
        { rows: 5, created: 5, updated: 0, unchanged: 0 },
        { rows: 5, created: 0, updated: 0, unchanged: 5 },
      ]);
    });

    it('refuses a file with bad rows in several places, listing each with its column, and writes nothing', async () => {
      const before = await state();
      const file = [
        VISIT_HEADER,
        visitRow(hinDam, 'Hộ 004', '03/09/2025', { vneid_muc_1: '1' }),
        visitRow(hinDam, 'Hộ 999', '03/09/2025', { vneid_muc_1: '1' }),
        visitRow(hinDam, 'Hộ 002', '03/09/2025', { ung_dung_ngan_hang: '1' }),
        visitRow(hinDam, 'Hộ 003', '03/09/2025', { vneid_muc_1: '7' }),
        visitRow(hinDam, 'Hộ 003', '04/09/2025', { so_nguoi_duoc_huong_dan: '1' }),
        visitRow(hinDam, 'Hộ 003', '01/01/2999', { vneid_muc_1: '1' }),
        visitRow(hinDam, 'Hộ 003', '05/09/2025', { so_suc_khoe_dien_tu: 'hai' }),
        visitRow('06625999', 'Hộ 001', '05/09/2025', { vneid_muc_1: '1' }),
        visitRow(hinDam, 'Hộ 004', '03/09/2025', { vneid_muc_1: '1' }),
        visitRow(naPan, 'Hộ 050', '05/09/2025', { vneid_muc_1: '1' }),
      ];
      const res = await upload(officer, 'visits', csvFile(file, 'utf-16le-bom'));
      expect(res.statusCode).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('import.invalid_rows');
      expect(error.issues.map((i: { row: number; field: string; code: string }) => [i.row, i.field, i.code])).toEqual([
        [3, 'nhan_ho', 'import.unknown_household'],
        [5, 'vneid_muc_1', 'visit.people_exceed_members'],
        [6, 'vneid_muc_1', 'visit.no_activity'],
        [7, 'ngay_ho_tro', 'visit.visit_in_future'],
        [8, 'so_suc_khoe_dien_tu', 'import.not_a_number'],
        [9, 'ma_thon', 'import.unknown_village'],
        [10, 'ngay_ho_tro', 'import.duplicate_row'],
        [11, 'nhan_ho', 'import.household_archived'],
      ]);
      for (const issue of error.issues) expect(issue.message.vi).not.toBe(issue.message.en);
      expect(await state()).toEqual(before);
    });
  });

  describe('trainings', () => {
    const trainings = () => [
      TRAINING_HEADER,
      trainingRow(hinDam, '10/08/2025', 'Định danh điện tử VNeID', 'Nhà văn hóa bản Hin Đăm', 'Tổ CNSCĐ Kiên Mộc', '25 14 11 0 6 13 6', {
        dan_toc_tay: '5',
        dan_toc_dao: '20',
      }),
      trainingRow(hinDam, '12/09/2025', 'scam_awareness', 'Trường tiểu học Kiên Mộc', 'Công an xã', '40 22 18 10 10 15 5'),
      trainingRow(khuoiPhay, '05/10/2025', 'Dịch vụ công trực tuyến', 'Nhà văn hóa thôn Khuổi Phầy', 'Hoàng Thị Đào', '12 6 6 0 4 6 2', { dan_toc_nung: '12' }),
    ];

    it('records each training by topic code or Vietnamese name, with its ethnic breakdown, and the indicators', async () => {
      const [trainingsBefore, guidedBefore] = [await value('TRAININGS', '06625'), await value('RESIDENTS_GUIDED', hinDam)];
      const res = await upload(officer, 'trainings', csvFile(trainings(), 'utf-8-bom'));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ kind: 'trainings', rows: 3, created: 3, updated: 0, unchanged: 0, dryRun: false });
      const rows = await t.handle.db
        .selectFrom('training')
        .select(['village_code', 'held_on', 'topic', 'trainer', 'attendees', 'attendees_60_plus', 'attendees_by_ethnic_group'])
        .orderBy('held_on')
        .execute();
      expect(rows).toEqual([
        {
          village_code: hinDam,
          held_on: '2025-08-10',
          topic: 'vneid',
          trainer: 'Tổ CNSCĐ Kiên Mộc',
          attendees: 25,
          attendees_60_plus: 6,
          attendees_by_ethnic_group: { Tày: 5, Dao: 20 },
        },
        {
          village_code: hinDam,
          held_on: '2025-09-12',
          topic: 'scam_awareness',
          trainer: 'Công an xã',
          attendees: 40,
          attendees_60_plus: 5,
          attendees_by_ethnic_group: null,
        },
        {
          village_code: khuoiPhay,
          held_on: '2025-10-05',
          topic: 'online_public_services',
          trainer: 'Hoàng Thị Đào',
          attendees: 12,
          attendees_60_plus: 2,
          attendees_by_ethnic_group: { Nùng: 12 },
        },
      ]);
      expect(await value('TRAININGS', '06625')).toBe(trainingsBefore + 3);
      expect(await value('TRAINING_ATTENDEES', hinDam)).toBe(65);
      // Only the VNeID session is guidance to online public services.
      expect(await value('RESIDENTS_GUIDED', hinDam)).toBe(guidedBefore + 25);
      const incremental = await values();
      await rebuildIndicators(t.handle.db);
      expect(await values()).toEqual(incremental);
    });

    it('adds nothing twice: the same file again, or its own export, finds every training already recorded', async () => {
      const before = await state();
      expect((await upload(officer, 'trainings', csvFile(trainings(), 'utf-8-bom'))).json()).toEqual({
        kind: 'trainings',
        rows: 3,
        created: 0,
        updated: 0,
        unchanged: 3,
        dryRun: false,
      });
      for (const format of ['csv', 'xlsx']) {
        const exported = await t.as(officer, 'GET', `/api/exports/trainings?orgUnit=06625&format=${format}`);
        expect(exported.statusCode).toBe(200);
        const sheet = await readSpreadsheet(exported.rawPayload);
        expect(sheet.header).toEqual(TRAINING_HEADER);
        expect(sheet.rows.map((r) => r.cells.slice(0, 3))).toEqual([
          [hinDam, format === 'csv' ? '10/08/2025' : new Date(Date.UTC(2025, 7, 10)), 'Định danh điện tử VNeID'],
          [hinDam, format === 'csv' ? '12/09/2025' : new Date(Date.UTC(2025, 8, 12)), 'Phòng chống lừa đảo trực tuyến'],
          [khuoiPhay, format === 'csv' ? '05/10/2025' : new Date(Date.UTC(2025, 9, 5)), 'Dịch vụ công trực tuyến'],
        ]);
        const back = await upload(officer, 'trainings', exported.rawPayload, { type: format === 'csv' ? 'text/csv' : XLSX });
        expect(back.json()).toMatchObject({ rows: 3, created: 0, unchanged: 3 });
      }
      expect(await state()).toEqual(before);
      // Trainers are named: the export is not public.
      expect((await t.app.inject({ method: 'GET', url: '/api/exports/trainings?orgUnit=06625' })).statusCode).toBe(401);
    });

    it('refuses a file with bad rows in several places, listing each with its column, and writes nothing', async () => {
      const before = await state();
      const file = [
        TRAINING_HEADER,
        trainingRow(hinDam, '01/10/2025', 'vneid', 'Nhà văn hóa', 'Tổ CNSCĐ', '25 14 11 0 6 13 6'),
        trainingRow(hinDam, '02/10/2025', 'vneid', 'Nhà văn hóa', 'Tổ CNSCĐ', '25 10 11 0 6 13 6'),
        trainingRow(hinDam, '03/10/2025', 'vneid', 'Nhà văn hóa', 'Tổ CNSCĐ', '25 14 11 0 6 13 7'),
        trainingRow(hinDam, '04/10/2025', 'bóng đá', 'Nhà văn hóa', 'Tổ CNSCĐ', '25 14 11 0 6 13 6'),
        trainingRow(hinDam, '05/10/2025', 'vneid', 'Nhà văn hóa', 'Tổ CNSCĐ', '25 14 11 0 6 13 6', { dan_toc_tay: '5', dan_toc_dao: '19' }),
        trainingRow(hinDam, '06/10/2025', 'vneid', '', 'Tổ CNSCĐ', '25 14 11 0 6 13 6'),
        trainingRow(hinDam, '07/10/2025', 'vneid', 'Nhà văn hóa', 'Tổ CNSCĐ', '0 0 0 0 0 0 0'),
        trainingRow(hinDam, '01/01/2019', 'vneid', 'Nhà văn hóa', 'Tổ CNSCĐ', '25 14 11 0 6 13 6'),
      ];
      const res = await upload(officer, 'trainings', csvFile(file, 'windows-1258'));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.issues.map((i: { row: number; field: string; code: string }) => [i.row, i.field, i.code])).toEqual([
        [3, 'nu', 'training.sexes_do_not_add_up'],
        [4, 'duoi_15_tuoi', 'training.ages_do_not_add_up'],
        [5, 'chu_de', 'import.bad_choice'],
        [6, 'dan_toc_tay', 'training.ethnic_groups_do_not_add_up'],
        [7, 'dia_diem', 'import.missing_value'],
        [8, 'so_nguoi_tham_du', 'training.no_attendees'],
        [9, 'ngay_tap_huan', 'training.training_too_old'],
      ]);
      expect(await state()).toEqual(before);
    });
  });

  describe('encodings', () => {
    const labels = ['Hộ ông Đặng ở đầu dốc', 'Hộ bà Lữ Thị Ỷ', 'Hộ cạnh suối Khuổi Phầy', 'Hộ Nông Văn Ấm – nhà sàn'];

    it('reads the same household surveys (new households, then updates) from every encoding', async () => {
      const file = [HOUSEHOLD_HEADER, ...labels.map((label) => householdRow(naPan, label))];
      const results: Record<string, unknown> = {};
      for (const encoding of FILE_ENCODINGS) results[encoding] = (await upload(officer, 'households', csvFile(file, encoding))).json();
      // The first file adds the households; every other encoding finds the very same labels.
      expect(results).toEqual({
        'utf-8': { kind: 'households', rows: 4, created: 4, updated: 0, unchanged: 0, dryRun: false },
        'utf-8-bom': { kind: 'households', rows: 4, created: 0, updated: 0, unchanged: 4, dryRun: false },
        'utf-16le-bom': { kind: 'households', rows: 4, created: 0, updated: 0, unchanged: 4, dryRun: false },
        'utf-16be-bom': { kind: 'households', rows: 4, created: 0, updated: 0, unchanged: 4, dryRun: false },
        'windows-1258': { kind: 'households', rows: 4, created: 0, updated: 0, unchanged: 4, dryRun: false },
      });
      const stored = await t.handle.db.selectFrom('household').select('label').where('village_code', '=', naPan).where('archived_at', 'is', null).execute();
      expect(stored.map((h) => h.label).sort()).toEqual([...labels].sort());
    });

    it.each<FileEncoding>(['windows-1258', 'utf-16le-bom', 'utf-16be-bom', 'utf-8-bom'])(
      'finds visits imported from one encoding already recorded when the file comes again in %s',
      async (encoding) => {
        const note = 'Hướng dẫn cài ứng dụng ngân hàng số; đã kích hoạt "Sinh trắc học"';
        const file = [VISIT_HEADER, ...labels.map((label, i) => visitRow(naPan, label, '15/09/2025', { ung_dung_ngan_hang: String(i + 1), ghi_chu: note }))];
        const first = await upload(officer, 'visits', csvFile(file, 'utf-8'));
        expect(first.json().created + first.json().unchanged).toBe(4);
        const again = await upload(officer, 'visits', csvFile(file, encoding));
        expect(again.json()).toEqual({ kind: 'visits', rows: 4, created: 0, updated: 0, unchanged: 4, dryRun: false });
        const notes = await t.handle.db.selectFrom('support_visit').select('note').where('village_code', '=', naPan).execute();
        expect(notes.map((n) => n.note)).toEqual([note, note, note, note]);
      },
    );

    it('reads a training’s Vietnamese place and trainer the same from Windows-1258 and UTF-16BE', async () => {
      const file = [
        TRAINING_HEADER,
        trainingRow(naPan, '20/09/2025', 'Kỹ năng số cơ bản', 'Nhà văn hóa thôn Nà Pàn', 'Lương Thị Hường', '30 18 12 0 8 16 6', {
          dan_toc_tay: '10',
          dan_toc_nung: '15',
          dan_toc_hmong: '5',
        }),
      ];
      expect((await upload(officer, 'trainings', csvFile(file, 'windows-1258'))).json()).toMatchObject({ created: 1, unchanged: 0 });
      expect((await upload(officer, 'trainings', csvFile(file, 'utf-16be-bom'))).json()).toMatchObject({ created: 0, unchanged: 1 });
      const stored = await t.handle.db
        .selectFrom('training')
        .select(['place', 'trainer', 'attendees_by_ethnic_group'])
        .where('village_code', '=', naPan)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ place: 'Nhà văn hóa thôn Nà Pàn', trainer: 'Lương Thị Hường', attendees_by_ethnic_group: { Tày: 10, Nùng: 15, "H'Mông": 5 } });
    });

    it('takes the encoding the caller names, and refuses one the file’s own mark contradicts', async () => {
      const file = [HOUSEHOLD_HEADER, householdRow(naPan, labels[0] ?? '')];
      expect((await upload(officer, 'households', csvFile(file, 'windows-1258'), { encoding: 'windows-1258', dryRun: true })).json()).toMatchObject({
        rows: 1,
        unchanged: 1,
      });
      const contradicted = await upload(officer, 'households', csvFile(file, 'utf-16le-bom'), { encoding: 'utf-16be' });
      expect([contradicted.statusCode, contradicted.json().error.code]).toEqual([400, 'import.encoding_mismatch']);
      expect((await upload(officer, 'households', csvFile(file, 'utf-8'), { encoding: 'latin1' })).statusCode).toBe(400);
    });
  });

  describe.each([
    ['visits', VISIT_HEADER],
    ['trainings', TRAINING_HEADER],
    ['households', HOUSEHOLD_HEADER],
  ])('the %s template', (kind, header) => {
    it.each(['csv', 'xlsx'])('downloads as %s with the Vietnamese headers, and imports back', async (format) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/imports/${kind}/template?format=${format}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain(`banso-${kind}-mau.${format}`);
      const sheet = await readSpreadsheet(res.rawPayload);
      expect(sheet.header).toEqual(header);
      expect(sheet.rows).toHaveLength(1);
      const dry = await upload(admin, kind, res.rawPayload, { dryRun: true, type: 'application/octet-stream' });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toMatchObject({ kind, rows: 1, dryRun: true });
    });

    it.each(['csv', 'xlsx'])('says clearly that a %s template with no rows filled in has no rows', async (format) => {
      const empty = format === 'csv' ? csvFile([header], 'utf-8-bom') : await writeWorkbook({ header, rows: [] }, 'Mẫu');
      const res = await upload(admin, kind, empty, { type: format === 'csv' ? 'text/csv' : XLSX });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'import.empty_file',
        message: { vi: expect.stringContaining('không có dòng dữ liệu'), en: expect.stringContaining('no data rows') },
      });
    });
  });

  it('exports visits in the columns the import reads, so an export imported back adds nothing', async () => {
    const before = await t.handle.db
      .selectFrom('support_visit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(0);
    for (const format of ['csv', 'xlsx']) {
      const exported = await t.as(admin, 'GET', `/api/exports/visits?orgUnit=06625&format=${format}`);
      expect(exported.statusCode, exported.body).toBe(200);
      const sheet = await readSpreadsheet(exported.rawPayload);
      expect(sheet.rows).toHaveLength(Number(before.n));
      const back = await upload(admin, 'visits', exported.rawPayload, { type: format === 'csv' ? 'text/csv' : XLSX });
      expect(back.json()).toMatchObject({ rows: Number(before.n), created: 0, unchanged: Number(before.n) });
    }
    const after = await t.handle.db
      .selectFrom('support_visit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await t.app.inject({ method: 'GET', url: '/api/exports/visits?orgUnit=06625' })).statusCode).toBe(401);
  });

  it('documents the encoding option', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const parameters: { name: string; schema: { enum?: string[] } }[] = doc.paths['/api/imports/{kind}'].post.parameters;
    expect(parameters.find((p) => p.name === 'encoding')?.schema.enum).toEqual(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1258']);
    expect(parameters.find((p) => p.name === 'kind')?.schema.enum).toEqual(expect.arrayContaining(['visits', 'trainings']));
  });
});
