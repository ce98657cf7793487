import { z } from 'zod';
import type { Issue } from '../platform/errors.ts';
import { checkTraining, TOPIC_NAMES, type Training, TRAINING_TOPICS, type TrainingTopic } from '../teams/index.ts';
import { LEVEL } from '../territory/index.ts';
import { choice, date, integer, text, villageCodeCell, type Column, type ImportKind } from './import.rules.ts';

/**
 * The ethnic groups of Lạng Sơn a training sheet counts, by the name the training record stores
 * (the Vietnamese one, as villages list theirs); everyone else is counted under "Khác".
 */
export const ETHNIC_GROUP_COLUMNS = [
  { field: 'tay', name: 'Tày', header: 'dan_toc_tay', aliases: ['Tày', 'tay'] },
  { field: 'nung', name: 'Nùng', header: 'dan_toc_nung', aliases: ['Nùng', 'nung'] },
  { field: 'kinh', name: 'Kinh', header: 'dan_toc_kinh', aliases: ['Kinh'] },
  { field: 'dao', name: 'Dao', header: 'dan_toc_dao', aliases: ['Dao'] },
  { field: 'hmong', name: "H'Mông", header: 'dan_toc_hmong', aliases: ["H'Mông", 'Hmong', 'Mông', 'dan_toc_mong'] },
  { field: 'sanChay', name: 'Sán Chay', header: 'dan_toc_san_chay', aliases: ['Sán Chay', 'san_chay', 'Cao Lan'] },
  { field: 'hoa', name: 'Hoa', header: 'dan_toc_hoa', aliases: ['Hoa'] },
  { field: 'otherGroup', name: 'Khác', header: 'dan_toc_khac', aliases: ['Khác', 'Dân tộc khác', 'other_ethnic_group', 'other_group'] },
] as const;

type EthnicField = (typeof ETHNIC_GROUP_COLUMNS)[number]['field'];

const count = z.number().int().min(0);

/** One training session per row: the API's training, its attendees spread over flat columns. */
const trainingRow = z.object({
  villageCode: z.string(),
  heldOn: z.string(),
  topic: z.enum(TRAINING_TOPICS),
  place: z.string().max(200),
  trainer: z.string().max(120),
  // The total's bounds are a rule of the training (checkTraining), reported in the rule's own words.
  total: z.number().int(),
  female: count,
  male: count,
  under15: count,
  from15to29: count,
  from30to59: count,
  from60: count,
  ...(Object.fromEntries(ETHNIC_GROUP_COLUMNS.map((g) => [g.field, count.optional()])) as Record<EthnicField, z.ZodOptional<typeof count>>),
});

export type TrainingImport = z.infer<typeof trainingRow>;

/** The topic by its code, its Vietnamese name (as the app shows it) or its English one. */
const topicCell = choice(
  Object.fromEntries(TRAINING_TOPICS.map((code) => [code, { vi: TOPIC_NAMES[code].vi, aliases: [TOPIC_NAMES[code].en] }])) as Record<
    TrainingTopic,
    { vi: string; aliases: string[] }
  >,
);

/** The attendees per ethnic group, or null when the row gives none (the breakdown is optional). */
export function ethnicGroupsOf(record: TrainingImport): Record<string, number> | null {
  const given = ETHNIC_GROUP_COLUMNS.filter((g) => record[g.field] !== undefined);
  return given.length === 0 ? null : Object.fromEntries(given.map((g) => [g.name, record[g.field] ?? 0]));
}

/** The breakdown a stored training holds, back in columns; a group the columns do not name counts under "Khác". */
export function ethnicColumnsOf(byGroup: Record<string, number> | null): Partial<Record<EthnicField, number>> {
  if (!byGroup) return {};
  const columns: Partial<Record<EthnicField, number>> = {};
  for (const [name, people] of Object.entries(byGroup)) {
    const field = ETHNIC_GROUP_COLUMNS.find((g) => g.name === name)?.field ?? 'otherGroup';
    columns[field] = (columns[field] ?? 0) + people;
  }
  return columns;
}

export function trainingOf(record: TrainingImport): Training {
  return {
    villageCode: record.villageCode,
    heldOn: record.heldOn,
    topic: record.topic,
    place: record.place,
    trainer: record.trainer,
    attendees: {
      total: record.total,
      female: record.female,
      male: record.male,
      byAge: { under15: record.under15, from15to29: record.from15to29, from30to59: record.from30to59, from60: record.from60 },
      byEthnicGroup: ethnicGroupsOf(record),
    },
  };
}

/** The rules name the attendees' parts as the API nests them; a row names them by their columns. */
function columnOf(field: string | undefined, record: TrainingImport): string | undefined {
  switch (field) {
    case 'attendees':
    case 'attendees.total':
      return 'total';
    case 'attendees.female':
      return 'female';
    case 'attendees.byAge':
      return 'under15';
    case 'attendees.byEthnicGroup':
      return ETHNIC_GROUP_COLUMNS.find((g) => record[g.field] !== undefined)?.field;
    default:
      return field;
  }
}

export function checkTrainingRow(record: TrainingImport, today: string): Issue[] {
  return checkTraining(trainingOf(record), today).map((issue) => ({ ...issue, field: columnOf(issue.field, record) }));
}

/**
 * What makes a training the same fact: village, day, topic, place, trainer and its attendees by
 * sex and age (the ethnic breakdown is another view of the same people). A file imported twice
 * finds its trainings by this key and adds nothing. Shared by the file and the database checks.
 */
export const trainingKey = (
  t: Pick<
    TrainingImport,
    'villageCode' | 'heldOn' | 'topic' | 'place' | 'trainer' | 'total' | 'female' | 'male' | 'under15' | 'from15to29' | 'from30to59' | 'from60'
  >,
) => [t.villageCode, t.heldOn, t.topic, t.place, t.trainer, t.total, t.female, t.male, t.under15, t.from15to29, t.from30to59, t.from60].join('|');

const ethnicColumns: Column[] = ETHNIC_GROUP_COLUMNS.map((g) => ({ field: g.field, header: g.header, aliases: g.aliases, codec: integer, optional: true }));

export const TRAINING_IMPORT: ImportKind<TrainingImport> = {
  name: 'trainings',
  sheetName: 'Tap huan',
  columns: [
    { field: 'villageCode', header: 'ma_thon', aliases: ['village_code', 'village'], codec: villageCodeCell },
    { field: 'heldOn', header: 'ngay_tap_huan', aliases: ['held_on', 'training_date', 'date', 'ngay'], codec: date },
    { field: 'topic', header: 'chu_de', aliases: ['topic'], codec: topicCell },
    { field: 'place', header: 'dia_diem', aliases: ['place', 'venue'], codec: text },
    { field: 'trainer', header: 'nguoi_huong_dan', aliases: ['trainer', 'giang_vien'], codec: text },
    { field: 'total', header: 'so_nguoi_tham_du', aliases: ['attendees', 'total'], codec: integer },
    { field: 'female', header: 'nu', aliases: ['women', 'female'], codec: integer },
    { field: 'male', header: 'nam', aliases: ['men', 'male'], codec: integer },
    { field: 'under15', header: 'duoi_15_tuoi', aliases: ['under_15', 'under 15', 'duoi 15'], codec: integer },
    { field: 'from15to29', header: 'tu_15_den_29_tuoi', aliases: ['15-29', '15–29', 'aged_15_29', 'from_15_to_29'], codec: integer },
    { field: 'from30to59', header: 'tu_30_den_59_tuoi', aliases: ['30-59', '30–59', 'aged_30_59', 'from_30_to_59'], codec: integer },
    { field: 'from60', header: 'tu_60_tuoi_tro_len', aliases: ['60+', '60_plus', 'aged_60_plus', 'tu 60 tuoi'], codec: integer },
    ...ethnicColumns,
  ],
  schema: trainingRow,
  check: checkTrainingRow,
  key: trainingKey,
  duplicate: {
    field: 'heldOn',
    sameness: { vi: 'cùng thôn, ngày, chủ đề, địa điểm, người hướng dẫn và số người tham dự', en: 'same village, date, topic, place, trainer and attendees' },
  },
  unit: { field: 'villageCode', level: LEVEL.village },
  example: {
    villageCode: '06625001',
    heldOn: '2025-08-10',
    topic: 'vneid',
    place: 'Nhà văn hóa bản Hin Đăm',
    trainer: 'Tổ công nghệ số cộng đồng',
    total: 25,
    female: 14,
    male: 11,
    under15: 0,
    from15to29: 6,
    from30to59: 13,
    from60: 6,
    tay: 5,
    dao: 20,
  },
};
