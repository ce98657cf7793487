import { z } from 'zod';
import type { Issue } from '../platform/errors.ts';
import { householdLabel, type Survey } from '../households/index.ts';
import { ACTIVITY_NAMES, checkVisit, type Visit, VISIT_ACTIVITIES, type VisitActivityCode } from '../teams/index.ts';
import { LEVEL } from '../territory/index.ts';
import { date, integer, text, villageCodeCell, type Column, type ImportKind } from './import.rules.ts';

/** A blank cell in the grid of activities means nobody: officials leave the activities not done empty. */
const people = z.number().int().min(0).default(0);

/**
 * One support visit per row: the village, the household by the label the register knows it by,
 * the day, and one column per activity with the number of people it was done for.
 * The activity fields are named by the activity codes of the API.
 */
const visitRow = z.object({
  villageCode: z.string(),
  label: householdLabel,
  visitedOn: z.string(),
  ...(Object.fromEntries(VISIT_ACTIVITIES.map((code) => [code, people])) as Record<VisitActivityCode, typeof people>),
  residentsGuided: people,
  // Its length is a rule of the visit (checkVisit), reported in the rule's own words.
  note: z.string().optional(),
});

export type VisitImport = z.infer<typeof visitRow>;

/** Headers as the template writes them: the Vietnamese names, without diacritics, as the other imports'. */
const ACTIVITY_HEADERS: Record<VisitActivityCode, { header: string; aliases: readonly string[] }> = {
  vneid_level1: { header: 'vneid_muc_1', aliases: ['vneid_level1', 'vneid level 1'] },
  vneid_level2: { header: 'vneid_muc_2', aliases: ['vneid_level2', 'vneid level 2'] },
  ehealth: { header: 'so_suc_khoe_dien_tu', aliases: ['ehealth', 'e-health'] },
  banking_app: { header: 'ung_dung_ngan_hang', aliases: ['banking_app', 'banking'] },
  epay_account: { header: 'tai_khoan_thanh_toan', aliases: ['epay_account', 'e-payment account'] },
  scam_awareness: { header: 'phong_chong_lua_dao', aliases: ['scam_awareness', 'scams'] },
  other: { header: 'khac', aliases: ['other'] },
};

const activityColumns: Column[] = VISIT_ACTIVITIES.map((code) => ({
  field: code,
  header: ACTIVITY_HEADERS[code].header,
  // The names the app shows are accepted too ("Kích hoạt VNeID mức 1", "Banking app installed").
  aliases: [...ACTIVITY_HEADERS[code].aliases, ACTIVITY_NAMES[code].vi, ACTIVITY_NAMES[code].en],
  codec: integer,
}));

/** The visit a row describes, as the shared rules take it: the activities done are the columns above zero. */
export function visitOf(record: VisitImport, householdId = ''): Visit {
  return {
    householdId,
    visitedOn: record.visitedOn,
    activities: VISIT_ACTIVITIES.filter((code) => record[code] > 0).map((code) => ({ code, people: record[code] })),
    residentsGuided: record.residentsGuided,
    note: record.note ?? null,
  };
}

/** The rules name an activity by its place in the visit's list; a row names it by its column. */
function columnOf(field: string | undefined, visit: Visit): string | undefined {
  // No activity at all is said on the first activity column, where filling in starts.
  if (field === 'activities') return VISIT_ACTIVITIES[0];
  const index = /^activities\.(\d+)/.exec(field ?? '')?.[1];
  return index === undefined ? field : (visit.activities[Number(index)]?.code ?? field);
}

/**
 * The shared visit rules on a row. Without the household they check what the row alone shows;
 * with its latest survey, also that nobody was helped who does not live there.
 */
export function checkVisitRow(record: VisitImport, today: string, household?: Survey | null): Issue[] {
  const visit = visitOf(record);
  return checkVisit(visit, today, household).map((issue) => ({ ...issue, field: columnOf(issue.field, visit) }));
}

/**
 * What makes a visit the same fact: its household, day, the people of each counted activity and
 * the residents guided (the note aside, which a later edit may change). A file imported twice
 * finds its visits by this key and adds nothing; two rows with the same key in one file are one
 * visit typed twice. Shared by the file check and the database check, so both agree.
 */
export const visitKey = (householdKey: string, v: { visitedOn: string; residentsGuided: number } & Record<VisitActivityCode, number>) =>
  [householdKey, v.visitedOn, ...VISIT_ACTIVITIES.map((code) => v[code]), v.residentsGuided].join('|');

export const VISIT_IMPORT: ImportKind<VisitImport> = {
  name: 'visits',
  sheetName: 'Ho tro tai ho',
  columns: [
    { field: 'villageCode', header: 'ma_thon', aliases: ['village_code', 'village'], codec: villageCodeCell },
    { field: 'label', header: 'nhan_ho', aliases: ['household', 'household_label', 'label'], codec: text },
    { field: 'visitedOn', header: 'ngay_ho_tro', aliases: ['visited_on', 'visit_date', 'date', 'ngay'], codec: date },
    ...activityColumns,
    { field: 'residentsGuided', header: 'so_nguoi_duoc_huong_dan', aliases: ['residents_guided', 'guided'], codec: integer },
    { field: 'note', header: 'ghi_chu', aliases: ['note', 'notes'], codec: text, optional: true },
  ],
  schema: visitRow,
  check: (record, today) => checkVisitRow(record, today),
  key: (r) => visitKey(`${r.villageCode}|${r.label}`, r),
  duplicate: {
    field: 'visitedOn',
    sameness: { vi: 'cùng thôn, hộ, ngày và số người của từng việc', en: 'same village, household, date and people for each activity' },
  },
  unit: { field: 'villageCode', level: LEVEL.village },
  example: {
    villageCode: '06625001',
    label: 'Hộ 001',
    visitedOn: '2025-07-15',
    vneid_level1: 0,
    vneid_level2: 2,
    ehealth: 1,
    banking_app: 1,
    epay_account: 0,
    scam_awareness: 4,
    other: 0,
    residentsGuided: 2,
    note: 'Hướng dẫn nộp hồ sơ trên Cổng dịch vụ công',
  },
};
