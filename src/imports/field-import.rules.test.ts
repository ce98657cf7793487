import { describe, expect, it } from 'vitest';
import type { Survey } from '../households/index.ts';
import { readRows, toTable } from './import.rules.ts';
import { readSpreadsheet, writeCsv } from '../platform/spreadsheet.ts';
import { checkVisitRow, VISIT_IMPORT, type VisitImport } from './visit-import.rules.ts';
import { checkTrainingRow, ethnicColumnsOf, ethnicGroupsOf, TRAINING_IMPORT, type TrainingImport } from './training-import.rules.ts';
import { surveysAfterVisits } from './import-visits.ts';
import type { LabelledHousehold } from '../households/index.ts';

const TODAY = '2026-11-25';

const visit = (over: Partial<VisitImport> = {}): VisitImport => ({ ...VISIT_IMPORT.example, ...over });
const training = (over: Partial<TrainingImport> = {}): TrainingImport => ({ ...TRAINING_IMPORT.example, ...over });

const SURVEY: Survey = {
  surveyedOn: '2025-06-30',
  members: 4,
  adults: 3,
  smartphoneOwners: 3,
  epayAdults: 1,
  homeFtth: false,
  vneidUsers: 1,
  ehealthUsers: 0,
  bankingUsers: 0,
};

describe('a visit row', () => {
  it('passes the shared rules as the template writes it', () => {
    expect(checkVisitRow(visit(), TODAY, SURVEY)).toEqual([]);
  });

  it('names the column of each broken rule, not its place in the API’s list of activities', () => {
    const row = visit({ vneid_level1: 0, vneid_level2: 0, ehealth: 0, banking_app: 5, scam_awareness: 61, residentsGuided: 5 });
    expect(checkVisitRow(row, TODAY, SURVEY).map((i) => [i.field, i.code])).toEqual([
      ['banking_app', 'visit.people_exceed_members'],
      ['scam_awareness', 'visit.people_out_of_range'],
      ['residentsGuided', 'visit.guided_exceed_members'],
    ]);
  });

  it('says "no activity" on the first activity column, and checks the household only when it is known', () => {
    const none = visit({ vneid_level2: 0, ehealth: 0, banking_app: 0, scam_awareness: 0 });
    expect(checkVisitRow(none, TODAY).map((i) => [i.field, i.code])).toEqual([['vneid_level1', 'visit.no_activity']]);
    expect(checkVisitRow(visit({ scam_awareness: 6 }), TODAY)).toEqual([]);
    expect(checkVisitRow(visit({ scam_awareness: 6 }), TODAY, SURVEY).map((i) => i.code)).toEqual(['visit.people_exceed_members']);
  });

  it('reads blank activity cells as nobody, and its Vietnamese or English headers alike', async () => {
    const sheet = await readSpreadsheet(
      Buffer.from(
        'Mã thôn;Nhãn hộ;Ngày hỗ trợ;VNeID mức 1;VNeID mức 2;Sổ sức khỏe điện tử;Banking app installed;Tài khoản thanh toán;Phòng chống lừa đảo;Khác;residents_guided\r\n06625001;Hộ 012;15/07/2025;;2;;;;;;1\r\n',
      ),
    );
    const read = readRows(VISIT_IMPORT, sheet, TODAY);
    expect(read.issues).toEqual([]);
    expect(read.rows[0]?.record).toEqual({
      villageCode: '06625001',
      label: 'Hộ 012',
      visitedOn: '2025-07-15',
      vneid_level1: 0,
      vneid_level2: 2,
      ehealth: 0,
      banking_app: 0,
      epay_account: 0,
      scam_awareness: 0,
      other: 0,
      residentsGuided: 1,
    });
  });
});

describe('a household’s adoption after a file of visits', () => {
  const household: LabelledHousehold = { id: 'h1', villageCode: '06625001', label: 'Hộ 001', archived: false, version: 1, latest: SURVEY };
  const none = { vneid_level1: 0, vneid_level2: 0, ehealth: 0, banking_app: 0, epay_account: 0, scam_awareness: 0, other: 0 };
  const of = (record: Partial<VisitImport>) => ({ household, provinceCode: '20', record: visit({ ...none, ...record }) });

  it('applies the visits in date order whatever the file order, one survey per day holding all of that day’s visits', () => {
    const surveys = surveysAfterVisits([
      of({ visitedOn: '2025-08-01', banking_app: 1 }),
      of({ visitedOn: '2025-07-01', epay_account: 1 }),
      of({ visitedOn: '2025-08-01', ehealth: 2 }),
    ]);
    expect(surveys.map((s) => [s.survey.surveyedOn, s.survey.epayAdults, s.survey.bankingUsers, s.survey.ehealthUsers])).toEqual([
      ['2025-07-01', 2, 0, 0],
      ['2025-08-01', 2, 1, 2],
    ]);
    expect(surveys.every((s) => s.householdId === 'h1' && s.villageCode === '06625001')).toBe(true);
  });

  it('adds a visit dated before the latest survey to that survey, as the shared rule does, and changes nothing for a scam-awareness talk', () => {
    expect(surveysAfterVisits([of({ visitedOn: '2025-07-01', scam_awareness: 3 })])).toEqual([]);
    const surveys = surveysAfterVisits([of({ visitedOn: '2025-06-01', vneid_level1: 1 })]);
    expect(surveys.map((s) => [s.survey.surveyedOn, s.survey.vneidUsers])).toEqual([['2025-06-30', 2]]);
  });

  it('stops at what the household can hold (app users at its smartphone owners), and a visit that then changes no count writes no survey', () => {
    const surveys = surveysAfterVisits([of({ visitedOn: '2025-07-01', vneid_level2: 3 }), of({ visitedOn: '2025-07-02', vneid_level1: 3 })]);
    expect(surveys.map((s) => [s.survey.surveyedOn, s.survey.vneidUsers])).toEqual([['2025-07-01', 3]]);
  });
});

describe('a training row', () => {
  it('passes the shared rules as the template writes it, with its ethnic breakdown by the names the record keeps', () => {
    expect(checkTrainingRow(training(), TODAY)).toEqual([]);
    expect(ethnicGroupsOf(training())).toEqual({ Tày: 5, Dao: 20 });
    expect(ethnicGroupsOf(training({ tay: undefined, dao: undefined }))).toBeNull();
  });

  it('names the column of each broken rule', () => {
    const row = training({ female: 10, from60: 7, dao: 19 });
    expect(checkTrainingRow(row, TODAY).map((i) => [i.field, i.code])).toEqual([
      ['female', 'training.sexes_do_not_add_up'],
      ['under15', 'training.ages_do_not_add_up'],
      ['tay', 'training.ethnic_groups_do_not_add_up'],
    ]);
    expect(checkTrainingRow(training({ total: 0 }), TODAY).map((i) => [i.field, i.code])).toEqual([['total', 'training.no_attendees']]);
  });

  it('takes the topic by its code, its Vietnamese name or its English one', async () => {
    const header = TRAINING_IMPORT.columns
      .map((c) => c.header)
      .slice(0, 12)
      .join(',');
    const line = (topic: string) => `06625001,10/08/2025,${topic},Nhà văn hóa,Tổ CNSCĐ,2,1,1,0,1,1,0`;
    const sheet = await readSpreadsheet(
      Buffer.from(
        [header, line('vneid'), line('Định danh điện tử VNeID'), line('dinh danh dien tu vneid'), line('Selling online'), line('bóng đá')].join('\n'),
      ),
    );
    const read = readRows(TRAINING_IMPORT, sheet, TODAY);
    expect(read.rows.map((r) => [r.row, r.record.topic])).toEqual([
      [2, 'vneid'],
      [5, 'ecommerce'],
    ]);
    // Rows 3 and 4 are row 2 again: the same training typed three times.
    expect(read.issues.map((i) => [i.row, i.field, i.code])).toEqual([
      [3, 'ngay_tap_huan', 'import.duplicate_row'],
      [4, 'ngay_tap_huan', 'import.duplicate_row'],
      [6, 'chu_de', 'import.bad_choice'],
    ]);
  });

  it('writes its template back as the rows it reads (ethnic columns by name, other groups under "Khác")', async () => {
    const read = readRows(TRAINING_IMPORT, await readSpreadsheet(writeCsv(toTable(TRAINING_IMPORT, [TRAINING_IMPORT.example]))), TODAY);
    expect(read.rows.map((r) => r.record)).toEqual([TRAINING_IMPORT.example]);
    expect(ethnicColumnsOf({ Tày: 3, Mường: 2, Khác: 1 })).toEqual({ tay: 3, otherGroup: 3 });
  });
});
