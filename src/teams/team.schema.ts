import { z } from 'zod';
import { bilingual } from '../platform/errors.ts';
import { calendarDate, personText } from '../platform/api-schema.ts';
import { attendees, trainingInput, visitActivity, visitInput } from './fieldwork.schema.ts';
import { CONTACT_PHONE_MAX, MEMBER_NAME_MAX, TEAM_NAME_MAX } from './team.rules.ts';

/** The shapes of the teams API: a village's community digital team, its members, visits and trainings. */

export const sex = z.enum(['female', 'male']);

export const teamBody = z.strictObject({
  name: personText(TEAM_NAME_MAX, { allowEmpty: true }).describe('e.g. "Tổ công nghệ số cộng đồng thôn Hin Đăm"'),
  contactPhone: z
    .string()
    .trim()
    .max(CONTACT_PHONE_MAX)
    .nullish()
    .describe('The team’s contact number, 10 digits starting with 0; spaces and +84 are accepted'),
});

export const team = z.object({
  id: z.string(),
  villageCode: z.string(),
  name: z.string(),
  contactPhone: z.string().nullable().describe('Only for accounts that may read the team; null otherwise'),
});

export const teamMember = z.object({
  id: z.string(),
  displayName: z.string().nullable().describe('Only for accounts that may read the team; null otherwise'),
  sex,
  isLeader: z.boolean(),
  joinedOn: z.string(),
  trainedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  active: z.boolean().describe('Not left (as of today)'),
});

export const villageTeam = z.object({
  villageCode: z.string(),
  team: team.nullable().describe('Null while the village has no team'),
  members: z.array(teamMember),
  detailsVisible: z.boolean().describe('Whether names and the contact phone are shown to this caller'),
});

export const newMemberBody = z.strictObject({
  displayName: personText(MEMBER_NAME_MAX, { allowEmpty: true }).describe('The name the member goes by; nothing else about the person is kept'),
  sex,
  isLeader: z.boolean().default(false),
  joinedOn: calendarDate,
  trainedOn: calendarDate.nullish().describe('When the member was trained for the team’s work'),
});

export const memberPatch = z
  .strictObject({
    trainedOn: calendarDate.nullable().optional(),
    leftOn: calendarDate.nullable().optional().describe('The day the member left the team; null brings them back'),
    isLeader: z.boolean().optional(),
    replaceLeader: z
      .literal(true)
      .optional()
      .describe('With isLeader: true, hand the leadership over: the current leader stays a member but no longer leads, in the same change'),
  })
  .refine(
    (p) => [p.trainedOn, p.leftOn, p.isLeader].some((v) => v !== undefined),
    bilingual({ vi: 'Hãy thay đổi ít nhất một trong trainedOn, leftOn, isLeader.', en: 'Change at least one of trainedOn, leftOn, isLeader.' }),
  )
  .refine((p) => !p.replaceLeader || p.isLeader === true, {
    message: bilingual({ vi: 'replaceLeader chỉ đi cùng isLeader: true.', en: 'replaceLeader goes with isLeader: true.' }),
    path: ['replaceLeader'],
  });

export const visitBody = visitInput.omit({ householdId: true });
export const trainingBody = trainingInput.omit({ villageCode: true });

export const visit = z.object({
  id: z.string(),
  householdId: z.string(),
  householdLabel: z.string(),
  villageCode: z.string(),
  visitedOn: z.string(),
  activities: z.array(visitActivity).describe('The counted activities; "other" help is described by the note'),
  residentsGuided: z.number().int(),
  note: z.string().nullable(),
  recordedAt: z.string(),
});

export const recordedVisit = visit.extend({
  householdVersion: z.number().int().nullable().describe('The household’s new version when the visit moved its adoption counts, else null'),
});

export const training = z.object({
  id: z.string(),
  villageCode: z.string(),
  heldOn: z.string(),
  topic: z.string(),
  place: z.string(),
  trainer: z.string(),
  attendees,
  recordedAt: z.string(),
});

export const periodQuery = z
  .object({
    from: calendarDate.optional().describe('First day (default: 1 January of this year)'),
    to: calendarDate.optional().describe('Last day (default: today)'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: bilingual({ vi: 'Ngày bắt đầu (from) không được sau ngày kết thúc (to).', en: 'from must not be after to.' }),
    path: ['from'],
  });

export type TeamBody = z.infer<typeof teamBody>;
export type Team = z.infer<typeof team>;
export type TeamMember = z.infer<typeof teamMember>;
export type VillageTeam = z.infer<typeof villageTeam>;
export type NewMemberBody = z.infer<typeof newMemberBody>;
export type MemberPatch = z.infer<typeof memberPatch>;
export type VisitView = z.infer<typeof visit>;
export type TrainingView = z.infer<typeof training>;
export type PeriodQuery = z.infer<typeof periodQuery>;
