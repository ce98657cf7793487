import type { Message } from '../../../src/platform/errors.ts';
import { normalizePersonText } from '../../../src/platform/text.ts';
import {
  AGE_GROUPS,
  checkTraining,
  checkVisit,
  MAX_PEOPLE_IN_HOUSEHOLD,
  MAX_TRAINING_ATTENDEES,
  VISIT_ACTIVITIES,
  type AgeGroup,
  type Training,
  type TrainingTopic,
  type Visit,
  type VisitActivityCode,
} from '../../../src/teams/fieldwork.rules.ts';
import { readSurvey, type SurveyDraft } from '../households/survey.rules.ts';
import { messagesFor } from '../platform/i18n.ts';
import { fieldText, type FieldKey } from './field.i18n.ts';
import './screens.i18n.ts';
import type { Survey, TrainingInput, VisitInput } from './field.types.ts';

/**
 * The visit and training forms as plain data: what was typed (strings, as inputs give them) in,
 * a payload or the problems per field out. The numbers' bounds are checked here; everything else
 * by the server's own rules (fieldwork.rules.ts), so the phone refuses what the server would,
 * offline, in the server's words.
 */
export type Problems = Record<string, Message>;

const both = (key: FieldKey, params?: Record<string, string | number>): Message => ({ vi: fieldText('vi', key, params), en: fieldText('en', key, params) });

/** A whole number from min to max, or undefined. */
function readCount(text: string, min: number, max: number): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface VisitDraft {
  visitedOn: string;
  /** The activities ticked, each with its people count as typed. */
  people: Partial<Record<VisitActivityCode, string>>;
  residentsGuided: string;
  note: string;
}

export const emptyVisit = (today: string): VisitDraft => ({ visitedOn: today, people: {}, residentsGuided: '0', note: '' });

export function visitDraftFrom(visit: Pick<VisitInput, 'visitedOn' | 'activities' | 'residentsGuided' | 'note'>): VisitDraft {
  const people: VisitDraft['people'] = {};
  for (const activity of visit.activities) {
    if ((VISIT_ACTIVITIES as readonly string[]).includes(activity.code)) people[activity.code as VisitActivityCode] = String(activity.people);
  }
  return { visitedOn: visit.visitedOn, people, residentsGuided: String(visit.residentsGuided), note: visit.note ?? '' };
}

/** Form field names: `visitedOn`, `activities`, `activity.<code>`, `residentsGuided`, `note`. */
export function readVisit(draft: VisitDraft, householdId: string, today: string, household: Survey | null): { visit: Visit } | { problems: Problems } {
  const problems: Problems = {};
  const codes = VISIT_ACTIVITIES.filter((code) => draft.people[code] !== undefined);
  const activities = codes.map((code) => {
    const people = readCount(draft.people[code] ?? '', 1, MAX_PEOPLE_IN_HOUSEHOLD);
    if (people === undefined) problems[`activity.${code}`] = both('form.whole_number', { min: 1, max: MAX_PEOPLE_IN_HOUSEHOLD });
    return { code, people: people ?? 0 };
  });
  const residentsGuided = readCount(draft.residentsGuided, 0, MAX_PEOPLE_IN_HOUSEHOLD);
  if (residentsGuided === undefined) problems.residentsGuided = both('form.whole_number', { min: 0, max: MAX_PEOPLE_IN_HOUSEHOLD });
  if (!DATE.test(draft.visitedOn)) problems.visitedOn = both('form.date_missing');
  if (Object.keys(problems).length) return { problems };

  const note = draft.note.trim();
  const visit: Visit = { householdId, visitedOn: draft.visitedOn, activities, residentsGuided: residentsGuided ?? 0, note: note || null };
  for (const issue of checkVisit(visit, today, household)) {
    const index = /^activities\.(\d+)/.exec(issue.field ?? '')?.[1];
    const code = index === undefined ? undefined : codes[Number(index)];
    const field = code ? `activity.${code}` : (issue.field ?? 'activities');
    problems[field] ??= issue.message;
  }
  return Object.keys(problems).length ? { problems } : { visit };
}

export interface EthnicRow {
  name: string;
  count: string;
}

export interface TrainingDraft {
  heldOn: string;
  topic: TrainingTopic | '';
  place: string;
  trainer: string;
  total: string;
  female: string;
  male: string;
  byAge: Record<AgeGroup, string>;
  ethnic: EthnicRow[];
}

export const emptyTraining = (today: string): TrainingDraft => ({
  heldOn: today,
  topic: '',
  place: '',
  trainer: '',
  total: '',
  female: '',
  male: '',
  byAge: { under15: '', from15to29: '', from30to59: '', from60: '' },
  ethnic: [{ name: '', count: '' }],
});

export function trainingDraftFrom(training: TrainingInput): TrainingDraft {
  const { attendees } = training;
  const ethnic = Object.entries(attendees.byEthnicGroup ?? {}).map(([name, count]) => ({ name, count: String(count) }));
  return {
    heldOn: training.heldOn,
    topic: training.topic as TrainingTopic,
    place: training.place,
    trainer: training.trainer,
    total: String(attendees.total),
    female: String(attendees.female),
    male: String(attendees.male),
    byAge: Object.fromEntries(AGE_GROUPS.map((g) => [g, String(attendees.byAge[g])])) as Record<AgeGroup, string>,
    ethnic: ethnic.length ? ethnic : [{ name: '', count: '' }],
  };
}

/** Where each of the server's training fields is on the form. */
const TRAINING_FIELDS: Record<string, string> = {
  'attendees.total': 'total',
  attendees: 'total',
  'attendees.female': 'female',
  'attendees.byAge': 'byAge',
  'attendees.byEthnicGroup': 'ethnic',
};

/** Form field names: `heldOn`, `topic`, `place`, `trainer`, `total`, `female`, `male`, `age.<group>`, `byAge`, `ethnic.<row>`, `ethnic`. */
export function readTraining(draft: TrainingDraft, villageCode: string, today: string): { training: Training } | { problems: Problems } {
  const problems: Problems = {};
  const count = (field: string, text: string, min: number) => {
    const value = readCount(text, min, MAX_TRAINING_ATTENDEES);
    if (value === undefined) problems[field] = both('form.whole_number', { min, max: MAX_TRAINING_ATTENDEES });
    return value ?? 0;
  };
  const total = count('total', draft.total, 1);
  const female = count('female', draft.female, 0);
  const male = count('male', draft.male, 0);
  const byAge = Object.fromEntries(AGE_GROUPS.map((g) => [g, count(`age.${g}`, draft.byAge[g], 0)])) as Record<AgeGroup, number>;
  const byEthnicGroup: Record<string, number> = {};
  draft.ethnic.forEach((row, index) => {
    const name = row.name.trim();
    if (!name && !row.count.trim()) return;
    const people = count(`ethnic.${index}`, row.count, 1);
    if (!name) problems[`ethnic.${index}`] = both('training.ethnic_name_missing');
    else byEthnicGroup[name] = (byEthnicGroup[name] ?? 0) + people;
  });
  if (!DATE.test(draft.heldOn)) problems.heldOn = both('form.date_missing');
  if (!draft.topic) problems.topic = both('training.topic_missing');
  if (Object.keys(problems).length) return { problems };

  const training: Training = {
    villageCode,
    heldOn: draft.heldOn,
    topic: draft.topic as TrainingTopic,
    place: draft.place.trim(),
    trainer: draft.trainer.trim(),
    attendees: { total, female, male, byAge, byEthnicGroup: Object.keys(byEthnicGroup).length ? byEthnicGroup : null },
  };
  for (const issue of checkTraining(training, today)) {
    const field = TRAINING_FIELDS[issue.field ?? ''] ?? issue.field ?? 'topic';
    problems[field] ??= issue.message;
  }
  return Object.keys(problems).length ? { problems } : { training };
}

/** The sum of counts typed so far, for the "Cộng" line beside each breakdown. */
export function sumOf(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + (/^\d+$/.test(text.trim()) ? Number(text.trim()) : 0), 0);
}

/** The household form: the label the village uses for it, and its first survey. */
export type RegistrationDraft = SurveyDraft & { label: string };

/** As household.schema.ts allows. */
export const LABEL_MAX = 60;

/**
 * A household found in the field. Its label must be new to the village, as the server will
 * insist: `labels` are those the phone knows (the register as last pulled, and its own
 * registrations waiting), so the usual clash is caught offline. Form field names: `label`,
 * `surveyedOn` and the survey's counts.
 */
export function readRegistration(
  draft: RegistrationDraft,
  today: string,
  labels: readonly string[],
): { registration: { label: string; survey: Survey } } | { problems: Problems } {
  const label = normalizePersonText(draft.label);
  const read = readSurvey(draft, today);
  const problems: Problems = 'problems' in read ? { ...read.problems } : {};
  if (!label) problems.label = messagesFor('households.error_label');
  else if (label.length > LABEL_MAX) problems.label = both('form.too_long', { max: LABEL_MAX });
  else if (labels.some((taken) => normalizePersonText(taken) === label)) problems.label = both('register.label_taken', { label });
  if ('problems' in read || Object.keys(problems).length) return { problems };
  return { registration: { label, survey: read.survey } };
}
