import type { Issue, Message } from '../platform/errors.ts';
import type { Survey } from '../households/schemas.ts';

/**
 * The rules of a team's field work, in one pure module: the server checks them on every write,
 * the import on every row, and the phone before a change even enters its outbox (offline).
 */

/** What a support visit can do for a household; each counts the people it was done for. */
export const VISIT_ACTIVITIES = ['vneid_level1', 'vneid_level2', 'ehealth', 'banking_app', 'epay_account', 'scam_awareness', 'other'] as const;
export type VisitActivityCode = (typeof VISIT_ACTIVITIES)[number];

export const ACTIVITY_NAMES: Record<VisitActivityCode, Message> = {
  vneid_level1: { vi: 'Kích hoạt VNeID mức 1', en: 'VNeID activated (level 1)' },
  vneid_level2: { vi: 'Kích hoạt VNeID mức 2', en: 'VNeID activated (level 2)' },
  ehealth: { vi: 'Kích hoạt sổ sức khỏe điện tử', en: 'E-health record activated' },
  banking_app: { vi: 'Cài ứng dụng ngân hàng số', en: 'Banking app installed' },
  epay_account: { vi: 'Mở tài khoản thanh toán điện tử', en: 'E-payment account opened' },
  scam_awareness: { vi: 'Tuyên truyền phòng chống lừa đảo', en: 'Scam-awareness talk' },
  other: { vi: 'Hỗ trợ khác', en: 'Other help' },
};

export const TRAINING_TOPICS = [
  'vneid',
  'online_public_services',
  'ehealth',
  'epayment',
  'online_banking',
  'scam_awareness',
  'digital_skills',
  'ecommerce',
  'other',
] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];

export const TOPIC_NAMES: Record<TrainingTopic, Message> = {
  vneid: { vi: 'Định danh điện tử VNeID', en: 'VNeID digital identity' },
  online_public_services: { vi: 'Dịch vụ công trực tuyến', en: 'Online public services' },
  ehealth: { vi: 'Sổ sức khỏe điện tử', en: 'E-health record' },
  epayment: { vi: 'Thanh toán không dùng tiền mặt', en: 'Cashless payment' },
  online_banking: { vi: 'Ngân hàng số', en: 'Online banking' },
  scam_awareness: { vi: 'Phòng chống lừa đảo trực tuyến', en: 'Online scam awareness' },
  digital_skills: { vi: 'Kỹ năng số cơ bản', en: 'Basic digital skills' },
  ecommerce: { vi: 'Bán hàng trên mạng', en: 'Selling online' },
  other: { vi: 'Chủ đề khác', en: 'Other topic' },
};

/** The age groups of the national statistics (GSO); children come to school-based sessions. */
export const AGE_GROUPS = ['under15', 'from15to29', 'from30to59', 'from60'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const MAX_PEOPLE_IN_HOUSEHOLD = 60;
export const MAX_TRAINING_ATTENDEES = 1000;
/** Field work is recorded from the team programme's start; older dates are typing mistakes. */
export const FIRST_FIELDWORK_DATE = '2020-01-01';

export interface VisitActivity {
  code: VisitActivityCode;
  people: number;
}

export interface Visit {
  householdId: string;
  visitedOn: string;
  activities: VisitActivity[];
  /** Distinct residents guided to use an online public service during the visit. */
  residentsGuided: number;
  note?: string | null | undefined;
}

export interface Attendees {
  total: number;
  female: number;
  male: number;
  byAge: Record<AgeGroup, number>;
  /** Optional: attendees per ethnic group (Tày, Nùng, Kinh, Dao, ...), must add up to the total. */
  byEthnicGroup?: Record<string, number> | null | undefined;
}

export interface Training {
  villageCode: string;
  heldOn: string;
  topic: TrainingTopic;
  place: string;
  trainer: string;
  attendees: Attendees;
}

/**
 * A visit or a training as it arrives, codes still unchecked: the wire keeps them plain strings
 * so an unknown one gets the rules' specific message (see fieldwork.schema.ts).
 */
export type VisitDraft = Omit<Visit, 'activities'> & { activities: { code: string; people: number }[] };
export type TrainingDraft = Omit<Training, 'topic'> & { topic: string };

export const isVisitActivity = (activity: { code: string; people: number }): activity is VisitActivity =>
  (VISIT_ACTIVITIES as readonly string[]).includes(activity.code);
export const isTrainingTopic = (topic: string): topic is TrainingTopic => (TRAINING_TOPICS as readonly string[]).includes(topic);

const issue = (code: string, field: string, vi: string, en: string): Issue => ({ code, field, message: { vi, en } });

function checkDate(date: string, today: string, field: string, what: { vi: string; en: string; code: string }): Issue[] {
  if (date > today) return [issue(`${what.code}_in_future`, field, `Ngày ${what.vi} không thể ở tương lai.`, `The ${what.en} date cannot be in the future.`)];
  if (date < FIRST_FIELDWORK_DATE)
    return [issue(`${what.code}_too_old`, field, `Ngày ${what.vi} phải từ năm 2020 trở đi.`, `The ${what.en} date must be in 2020 or later.`)];
  return [];
}

/**
 * Every broken rule of a visit. `household` is the household's latest survey where known (the
 * phone knows it from its last pull): nobody can be helped who does not live there.
 */
export function checkVisit(visit: VisitDraft, today: string, household?: Survey | null): Issue[] {
  const issues = checkDate(visit.visitedOn, today, 'visitedOn', { code: 'visit.visit', vi: 'hỗ trợ', en: 'visit' });
  if (visit.activities.length === 0)
    issues.push(issue('visit.no_activity', 'activities', 'Hãy chọn ít nhất một việc đã làm.', 'Choose at least one thing that was done.'));
  const seen = new Set<string>();
  for (const [index, activity] of visit.activities.entries()) {
    const field = `activities.${index}`;
    if (!isVisitActivity(activity)) {
      issues.push(issue('visit.unknown_activity', field, `Không có loại hỗ trợ "${activity.code}".`, `There is no activity "${activity.code}".`));
      continue;
    }
    if (seen.has(activity.code))
      issues.push(issue('visit.activity_repeated', field, 'Mỗi việc chỉ ghi một lần trong một lần hỗ trợ.', 'Record each activity once per visit.'));
    seen.add(activity.code);
    if (!Number.isInteger(activity.people) || activity.people < 1 || activity.people > MAX_PEOPLE_IN_HOUSEHOLD) {
      issues.push(
        issue('visit.people_out_of_range', `${field}.people`, 'Số người được hỗ trợ phải từ 1 đến 60.', 'The number of people helped must be 1 to 60.'),
      );
    } else if (household && activity.people > household.members) {
      issues.push(
        issue(
          'visit.people_exceed_members',
          `${field}.people`,
          `Hộ chỉ có ${household.members} nhân khẩu.`,
          `The household has only ${household.members} members.`,
        ),
      );
    }
  }
  if (!Number.isInteger(visit.residentsGuided) || visit.residentsGuided < 0 || visit.residentsGuided > MAX_PEOPLE_IN_HOUSEHOLD) {
    issues.push(issue('visit.guided_out_of_range', 'residentsGuided', 'Số người được hướng dẫn phải từ 0 đến 60.', 'Residents guided must be 0 to 60.'));
  } else if (household && visit.residentsGuided > household.members) {
    issues.push(
      issue(
        'visit.guided_exceed_members',
        'residentsGuided',
        `Hộ chỉ có ${household.members} nhân khẩu.`,
        `The household has only ${household.members} members.`,
      ),
    );
  }
  if (visit.note && visit.note.length > 500)
    issues.push(issue('visit.note_too_long', 'note', 'Ghi chú tối đa 500 ký tự.', 'The note is at most 500 characters.'));
  return issues;
}

/** Every broken rule of a training: attendees must be plausible and their breakdowns add up. */
export function checkTraining(training: TrainingDraft, today: string): Issue[] {
  const issues = checkDate(training.heldOn, today, 'heldOn', { code: 'training.training', vi: 'tập huấn', en: 'training' });
  if (!isTrainingTopic(training.topic)) {
    issues.push(issue('training.unknown_topic', 'topic', `Không có chủ đề "${training.topic}".`, `There is no topic "${training.topic}".`));
  }
  if (!training.place.trim()) issues.push(issue('training.place_missing', 'place', 'Hãy ghi địa điểm.', 'Enter the place.'));
  if (!training.trainer.trim()) issues.push(issue('training.trainer_missing', 'trainer', 'Hãy ghi người hướng dẫn.', 'Enter the trainer.'));
  const { total, female, male, byAge, byEthnicGroup } = training.attendees;
  if (!Number.isInteger(total) || total < 1) {
    issues.push(issue('training.no_attendees', 'attendees.total', 'Buổi tập huấn phải có ít nhất 1 người tham dự.', 'A training needs at least 1 attendee.'));
    return issues;
  }
  if (total > MAX_TRAINING_ATTENDEES) {
    issues.push(
      issue(
        'training.too_many_attendees',
        'attendees.total',
        `Số người tham dự tối đa là ${MAX_TRAINING_ATTENDEES}.`,
        `At most ${MAX_TRAINING_ATTENDEES} attendees.`,
      ),
    );
    return issues;
  }
  const parts = [female, male, ...AGE_GROUPS.map((g) => byAge[g]), ...Object.values(byEthnicGroup ?? {})];
  if (parts.some((n) => !Number.isInteger(n) || n < 0)) {
    issues.push(issue('training.negative_count', 'attendees', 'Số người phải là số nguyên không âm.', 'Counts must be whole numbers, not negative.'));
    return issues;
  }
  if (female + male !== total) {
    issues.push(
      issue(
        'training.sexes_do_not_add_up',
        'attendees.female',
        `Nữ (${female}) + nam (${male}) phải bằng tổng số (${total}).`,
        `Women (${female}) + men (${male}) must equal the total (${total}).`,
      ),
    );
  }
  const byAgeSum = AGE_GROUPS.reduce((sum, g) => sum + byAge[g], 0);
  if (byAgeSum !== total) {
    issues.push(
      issue(
        'training.ages_do_not_add_up',
        'attendees.byAge',
        `Tổng theo nhóm tuổi (${byAgeSum}) phải bằng tổng số (${total}).`,
        `The age groups (${byAgeSum}) must add up to the total (${total}).`,
      ),
    );
  }
  if (byEthnicGroup && Object.keys(byEthnicGroup).length > 0) {
    const ethnicSum = Object.values(byEthnicGroup).reduce((sum, n) => sum + n, 0);
    if (ethnicSum !== total) {
      issues.push(
        issue(
          'training.ethnic_groups_do_not_add_up',
          'attendees.byEthnicGroup',
          `Tổng theo dân tộc (${ethnicSum}) phải bằng tổng số (${total}).`,
          `The ethnic groups (${ethnicSum}) must add up to the total (${total}).`,
        ),
      );
    }
  }
  return issues;
}

const ADOPTION: Partial<Record<VisitActivityCode, 'vneidUsers' | 'ehealthUsers' | 'bankingUsers' | 'epayAdults'>> = {
  vneid_level1: 'vneidUsers',
  vneid_level2: 'vneidUsers',
  ehealth: 'ehealthUsers',
  banking_app: 'bankingUsers',
  epay_account: 'epayAdults',
};

const ADOPTION_COUNTS = ['vneidUsers', 'ehealthUsers', 'bankingUsers', 'epayAdults'] as const;

/**
 * The household's adoption record after a visit, or null when the visit changes no count (then no
 * new survey is written and the survey keeps its day). Visits add, and a changed record is dated
 * the later of its own day and the visit's, so the counts commute
 * (the phones of a team sync late and in any order, and that order says nothing about the
 * household); only the day of a visit the caps absorbed entirely may depend on the order. The counts stop at what the household can hold (app users at its smartphone owners,
 * accounts at its adults) rather than rejecting a visit that happened. The price: a survey taken
 * after a visit but recorded before it may already count the people the visit helped; the cap
 * bounds the overcount and the next survey corrects it, where dropping the visit would lose it.
 */
export function surveyAfterVisit(latest: Survey, visit: Pick<Visit, 'visitedOn' | 'activities'>): Survey | null {
  const adoption = visit.activities.flatMap((a) => {
    const field = ADOPTION[a.code];
    return field ? [{ field, people: a.people }] : [];
  });
  if (adoption.length === 0) return null;
  const next: Survey = { ...latest, surveyedOn: visit.visitedOn > latest.surveyedOn ? visit.visitedOn : latest.surveyedOn };
  for (const { field, people } of adoption) {
    const cap = field === 'epayAdults' ? next.adults : next.smartphoneOwners;
    next[field] = Math.min(cap, next[field] + people);
  }
  const changed = ADOPTION_COUNTS.some((f) => next[f] !== latest[f]);
  return changed ? next : null;
}

/** What a household still lacks, with how many of its people lack it: the team's to-do list. */
export const NEEDS = ['smartphone', 'epay', 'vneid', 'ehealth', 'banking', 'fibre'] as const;
export type Need = (typeof NEEDS)[number];

export function householdNeeds(survey: Survey): { need: Need; people: number }[] {
  const needs: { need: Need; people: number }[] = [];
  if (survey.smartphoneOwners === 0) needs.push({ need: 'smartphone', people: survey.members });
  if (survey.epayAdults < survey.adults) needs.push({ need: 'epay', people: survey.adults - survey.epayAdults });
  if (survey.vneidUsers < survey.smartphoneOwners) needs.push({ need: 'vneid', people: survey.smartphoneOwners - survey.vneidUsers });
  if (survey.ehealthUsers < survey.smartphoneOwners) needs.push({ need: 'ehealth', people: survey.smartphoneOwners - survey.ehealthUsers });
  if (survey.bankingUsers < survey.smartphoneOwners) needs.push({ need: 'banking', people: survey.smartphoneOwners - survey.bankingUsers });
  if (!survey.homeFtth) needs.push({ need: 'fibre', people: 0 });
  return needs;
}
