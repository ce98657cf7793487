import type { HeaderLanguage } from '../platform/api-schema.ts';
import type { Table } from '../platform/spreadsheet.ts';
import { NEEDS, type Need } from './fieldwork.rules.ts';
import type { FieldworkOverview, UnitActivity } from './team-activity.schema.ts';

/** The teams' activity download in both languages, the one place its words live on the server. */
const WORDS: Record<
  HeaderLanguage,
  {
    code: string;
    commune: string;
    village: string;
    visits: (weeks: number) => string;
    trainings: (weeks: number) => string;
    members: string;
    trained: string;
    households: string;
    lacking: (need: string) => string;
    need: Record<Need, string>;
    attention: string;
    stale: (days: number) => string;
    province: string;
    total: (name: string) => string;
  }
> = {
  vi: {
    code: 'Mã',
    commune: 'Xã, phường',
    village: 'Thôn, bản',
    visits: (weeks) => `Lượt hỗ trợ (${weeks} tuần)`,
    trainings: (weeks) => `Tập huấn (${weeks} tuần)`,
    members: 'Thành viên tổ',
    trained: 'Thành viên đã tập huấn',
    households: 'Số hộ',
    lacking: (need) => `Số hộ còn thiếu: ${need}`,
    need: {
      smartphone: 'Điện thoại thông minh',
      epay: 'Tài khoản thanh toán',
      vneid: 'VNeID',
      ehealth: 'Sổ sức khỏe điện tử',
      banking: 'Ngân hàng số',
      fibre: 'Cáp quang',
    },
    attention: 'Cần xử lý',
    stale: (days) => `Máy chưa đồng bộ (${days} ngày)`,
    province: 'Cả tỉnh',
    total: (name) => `Cả ${name}`,
  },
  en: {
    code: 'Code',
    commune: 'Commune or ward',
    village: 'Village',
    visits: (weeks) => `Visits (${weeks} weeks)`,
    trainings: (weeks) => `Trainings (${weeks} weeks)`,
    members: 'Team members',
    trained: 'Members trained',
    households: 'Households',
    lacking: (need) => `Households still lacking: ${need}`,
    need: { smartphone: 'Smartphone', epay: 'E-payment account', vneid: 'VNeID', ehealth: 'E-health record', banking: 'Online banking', fibre: 'Fibre' },
    attention: 'Needs attention',
    stale: (days) => `Phones not synced (${days} days)`,
    province: 'Whole province',
    total: (name) => `All of ${name}`,
  },
};

const sum = (counts: readonly number[]) => counts.reduce((total, n) => total + n, 0);

/**
 * The overview as a sheet: one row per commune (or village), the unit's total last, one number per
 * cell so a spreadsheet can sum the columns; the weeks are added up, as the page's table shows them.
 */
export function fieldworkTable(overview: FieldworkOverview, lang: HeaderLanguage): Table {
  const words = WORDS[lang];
  const weeks = overview.weeks.length;
  const cells = (row: UnitActivity, name: string) => [
    row.code,
    name,
    sum(row.visits),
    sum(row.trainings),
    row.teamMembers,
    row.membersTrained,
    row.households,
    ...NEEDS.map((need) => row.lacking[need]),
    row.needsAttention,
    row.staleDevices,
    row.isDemo ? 1 : 0,
  ];
  const unitName = overview.unit.level === 1 ? words.province : words.total(overview.unit.name);
  return {
    header: [
      words.code,
      overview.childLevel === 2 ? words.commune : words.village,
      words.visits(weeks),
      words.trainings(weeks),
      words.members,
      words.trained,
      words.households,
      ...NEEDS.map((need) => words.lacking(words.need[need])),
      words.attention,
      words.stale(overview.staleDays),
      'demo',
    ],
    rows: [...overview.children.map((row) => cells(row, row.name)), cells(overview.unit, unitName)],
  };
}

/** `to-cong-nghe-so-06625-2026-11-26`: the unit and the last day counted (the extension is the format's). */
export const fieldworkFileName = (overview: FieldworkOverview): string => `to-cong-nghe-so-${overview.unit.code}-${overview.until}`;
