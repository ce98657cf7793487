import type { DataSource, FindRecordsAtFault } from '../indicators/index.ts';
import { declareIndicators } from '../indicators/index.ts';
import type { ValidationRule } from '../indicators/index.ts';
import { unpivot } from '../indicators/index.ts';
import type { TrainingTopic } from './fieldwork.rules.ts';
import { listVisitedWithoutSurvey, summariseFieldwork, summariseFieldworkBySubYear } from './fieldwork.repository.ts';
import { monthPeriod, quarterPeriod } from '../indicators/index.ts';

/**
 * Residents guided to online public services count the residents guided on visits and everyone
 * who attended a training on these topics, which is guidance given to a room at once. It counts
 * guidance given (person-times, "lượt người", as the province's reports do), not distinct people:
 * someone guided on a visit who later attends such a training counts twice.
 */
export const GUIDANCE_TOPICS: readonly TrainingTopic[] = ['online_public_services', 'vneid'];

/**
 * The community digital teams' data elements, per village and year. Members and trained members
 * are a stock, counted at the year's end; trainings and visits are flows within the year. A
 * village's team counts (TEAMS) in a year when it has at least one member at the year's end: a
 * team with nobody in it is a name, not a team. Element codes differ from the indicator codes
 * (TEAM_MEMBERS_ACTIVE, not TEAM_MEMBERS): the engine reads a code as an indicator first, so an
 * indicator named like its own numerator would refer to itself. A village-year with no member, training or visit
 * has no value at all, which the engine reads as not reported rather than zero.
 *
 * The flows are dated by day, so they also have quarterly and monthly values (decision 0010);
 * the stocks stay yearly (a team's strength is counted at the year's end). For a quarter or a
 * month, a village has reported when its team held a training or made a visit in it
 * (TEAMS_ACTIVE): a month without either has no value, as a year without a team has none.
 */
export const teamSource: DataSource = {
  name: 'teams',
  leafLevel: 'village',
  elements: [
    { code: 'TEAMS', name: { vi: 'Thôn/bản có tổ công nghệ số cộng đồng', en: 'Villages with a community digital team' } },
    { code: 'TEAM_MEMBERS_ACTIVE', name: { vi: 'Thành viên tổ công nghệ số cộng đồng (cuối năm)', en: 'Community digital team members (at the year’s end)' } },
    { code: 'TEAM_MEMBERS_TRAINED', name: { vi: 'Thành viên tổ đã được tập huấn (cuối năm)', en: 'Team members trained (at the year’s end)' } },
    { code: 'TRAININGS', name: { vi: 'Buổi tập huấn, hướng dẫn cho người dân', en: 'Trainings held for residents' } },
    { code: 'TRAINING_ATTENDEES', name: { vi: 'Lượt người tham dự tập huấn', en: 'Training attendances' } },
    {
      code: 'RESIDENTS_GUIDED',
      name: { vi: 'Lượt người dân được hướng dẫn dịch vụ công trực tuyến', en: 'Residents guided to online public services (person-times)' },
    },
    { code: 'VISITS', name: { vi: 'Lượt hỗ trợ tại hộ', en: 'Support visits to households' } },
    { code: 'HOUSEHOLDS_VISITED', name: { vi: 'Hộ được tổ đến hỗ trợ', en: 'Households visited by the team' } },
    {
      code: 'TEAMS_ACTIVE',
      name: { vi: 'Thôn/bản có tổ tập huấn hoặc hỗ trợ tại hộ trong kỳ', en: 'Villages whose team held a training or made a visit in the period' },
    },
  ],
  subYearElements: ['TRAININGS', 'TRAINING_ATTENDEES', 'RESIDENTS_GUIDED', 'VISITS', 'HOUSEHOLDS_VISITED', 'TEAMS_ACTIVE'],
  reporting: { reported: 'TEAMS', expected: 'VILLAGES' },
  // VILLAGES is yearly: the villages of the period's year are those expected to report.
  subYearReporting: { reported: 'TEAMS_ACTIVE', expected: 'VILLAGES' },
  // What the team did at households, counted from the households it visited.
  smallCells: { households: 'HOUSEHOLDS_VISITED', elements: ['VISITS', 'HOUSEHOLDS_VISITED'] },
  async compute(db, years, villages) {
    const [yearly, subYear] = await Promise.all([
      summariseFieldwork(db, years, villages, GUIDANCE_TOPICS),
      summariseFieldworkBySubYear(db, years, villages, GUIDANCE_TOPICS),
    ]);
    const flows = {
      trainings: 'TRAININGS',
      attendees: 'TRAINING_ATTENDEES',
      guided: 'RESIDENTS_GUIDED',
      visits: 'VISITS',
      households_visited: 'HOUSEHOLDS_VISITED',
      active: 'TEAMS_ACTIVE',
    } as const;
    const values = unpivot(
      yearly.map((r) => ({ ...r, has_team: r.members > 0 ? 1 : 0 })),
      {
        has_team: 'TEAMS',
        members: 'TEAM_MEMBERS_ACTIVE',
        trained: 'TEAM_MEMBERS_TRAINED',
        trainings: 'TRAININGS',
        attendees: 'TRAINING_ATTENDEES',
        guided: 'RESIDENTS_GUIDED',
        visits: 'VISITS',
        households_visited: 'HOUSEHOLDS_VISITED',
      },
    );
    // Active means the village's team worked: members with a training or a visit. A village with
    // no team, where an officer recorded a visit, has field work but no active team.
    const withTeam = new Set(yearly.filter((r) => r.members > 0).map((r) => `${r.org_unit_code}|${r.year}`));
    const hasTeam = (r: { org_unit_code: string; year: number }) => withTeam.has(`${r.org_unit_code}|${r.year}`);
    for (const r of yearly)
      if (hasTeam(r) && r.trainings + r.visits > 0)
        values.push({ dataElement: 'TEAMS_ACTIVE', orgUnitCode: r.org_unit_code, period: String(r.year), value: 1 });
    for (const r of subYear) {
      const period = r.quarter !== null ? quarterPeriod(r.year, r.quarter).id : monthPeriod(r.year, r.month ?? 0).id;
      const row = { ...r, active: 1 };
      for (const [column, dataElement] of Object.entries(flows) as [keyof typeof flows, string][]) {
        if (column === 'active' && !hasTeam(r)) continue;
        values.push({ dataElement, orgUnitCode: r.org_unit_code, period, value: Number(row[column]) });
      }
    }
    return values;
  },
};

/** What the teams' rows (members, trainings, visits) feed. */
export const TEAM_ELEMENTS: readonly string[] = teamSource.elements.map((e) => e.code);

/** The teams' indicators (the province's plan for community digital teams). */
export const teamIndicators = declareIndicators('teams', { timeAggregation: 'flow' }, [
  {
    code: 'TEAM_MEMBERS',
    name: { vi: 'Thành viên tổ công nghệ số cộng đồng', en: 'Community digital team members' },
    definition: {
      vi: 'Số thành viên đang tham gia tổ tại ngày cuối năm (đã tham gia, chưa rời tổ).',
      en: 'Members on the teams at the year’s end (joined, not left).',
    },
    numerator: 'TEAM_MEMBERS_ACTIVE',
    timeAggregation: 'stock',
  },
  {
    code: 'TEAM_TRAINED',
    name: { vi: 'Thành viên tổ đã được tập huấn (%)', en: 'Team members trained (%)' },
    definition: {
      vi: 'Thành viên đã được tập huấn trước ngày cuối năm / thành viên tại ngày cuối năm.',
      en: 'Members trained by the year’s end / members at the year’s end.',
    },
    numerator: 'TEAM_MEMBERS_TRAINED',
    denominator: 'TEAM_MEMBERS_ACTIVE',
    factor: 100,
    decimals: 1,
    timeAggregation: 'stock',
  },
  {
    code: 'TRAININGS_HELD',
    name: { vi: 'Buổi tập huấn cho người dân', en: 'Trainings held for residents' },
    definition: {
      vi: 'Số buổi tập huấn, hướng dẫn kỹ năng số cho người dân do tổ tổ chức trong năm.',
      en: 'Digital-skills trainings the teams held for residents within the year.',
    },
    numerator: 'TRAININGS',
  },
  {
    code: 'RES_GUIDED',
    name: { vi: 'Lượt người dân được hướng dẫn dịch vụ công trực tuyến', en: 'Residents guided to online public services' },
    definition: {
      vi: 'Số người được hướng dẫn trong các lần hỗ trợ tại hộ, cộng số người dự các buổi tập huấn về dịch vụ công trực tuyến và VNeID, trong năm; tính theo lượt người.',
      en: 'Residents guided during household visits plus attendees of trainings on online public services and VNeID, within the year; person-times, not distinct people.',
    },
    numerator: 'RESIDENTS_GUIDED',
  },
  {
    code: 'VISITS_PER_HH',
    name: { vi: 'Lượt hỗ trợ tại hộ trên mỗi hộ', en: 'Support visits per household' },
    definition: { vi: 'Lượt hỗ trợ tại hộ trong năm / số hộ được khảo sát trong năm.', en: 'Support visits within the year / households surveyed that year.' },
    numerator: 'VISITS',
    denominator: 'HOUSEHOLDS',
    decimals: 2,
  },
  {
    code: 'HH_VISITED',
    name: { vi: 'Hộ được tổ đến hỗ trợ (%)', en: 'Households visited by the team (%)' },
    definition: {
      vi: 'Số hộ khác nhau được tổ đến hỗ trợ trong năm / số hộ được khảo sát trong năm. Nơi khảo sát chưa cập nhật, tỷ lệ có thể cao hơn thực tế.',
      en: 'Distinct households the team visited within the year / households surveyed that year. Where surveys lag, the share is overstated.',
    },
    numerator: 'HOUSEHOLDS_VISITED',
    denominator: 'HOUSEHOLDS',
    factor: 100,
    decimals: 1,
  },
]);

export const teamValidationRules: ValidationRule[] = [
  {
    code: 'teams.trained_within_members',
    leftSide: 'TEAM_MEMBERS_TRAINED',
    operator: '<=',
    rightSide: 'TEAM_MEMBERS_ACTIVE',
    description: { vi: 'Thành viên đã tập huấn ≤ thành viên', en: 'Trained members ≤ members' },
  },
  {
    code: 'teams.visited_within_households',
    leftSide: 'HOUSEHOLDS_VISITED',
    operator: '<=',
    rightSide: 'HOUSEHOLDS',
    description: {
      vi: 'Hộ được hỗ trợ ≤ hộ được khảo sát (nếu sai: khảo sát chưa cập nhật)',
      en: 'Households visited ≤ households surveyed (if not: surveys lag behind)',
    },
  },
];

// Vietnamese order (Đ after D), numbers by value: the order of the village's own list.
const byLabel = new Intl.Collator('vi', { numeric: true });

/** The records behind this module's rules when they break: households visited but not surveyed that year. */
export const teamRecordsAtFault: Record<string, FindRecordsAtFault> = {
  'teams.visited_within_households': async (db, at) =>
    (await listVisitedWithoutSurvey(db, at.leaf, at))
      .sort((a, b) => byLabel.compare(a.label, b.label))
      .map((h) => ({
        kind: 'household',
        id: h.id,
        label: h.label,
        detail: {
          vi: `${h.visits} lần hỗ trợ, gần nhất ${h.last_visited_on.split('-').reverse().join('/')}; chưa có khảo sát năm ${h.last_visited_on.slice(0, 4)}`,
          en: `${h.visits} visit(s), last on ${h.last_visited_on}; no survey in ${h.last_visited_on.slice(0, 4)}`,
        },
      })),
};
