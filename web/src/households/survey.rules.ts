import type { Message } from '../../../src/platform/errors.ts';
import { checkSurvey } from '../../../src/households/household.rules.ts';
import { messagesFor } from '../platform/i18n.ts';
import type { Survey } from './households.api.ts';

export type CountField = Exclude<keyof Survey, 'surveyedOn' | 'homeFtth'>;

/** The order of the form's fields and of the register's columns. */
export const SURVEY_FIELDS = [
  'members',
  'adults',
  'smartphoneOwners',
  'epayAdults',
  'homeFtth',
  'vneidUsers',
  'ehealthUsers',
  'bankingUsers',
] as const satisfies readonly (CountField | 'homeFtth')[];

export const COUNT_FIELDS = SURVEY_FIELDS.filter((field): field is CountField => field !== 'homeFtth');

/** The API's bounds (household.schema.ts): a household has 1 to 60 members. */
const MAX_COUNT = 60;
const minimum = (field: CountField) => (field === 'members' ? 1 : 0);

export type SurveyDraft = Record<CountField, string> & { surveyedOn: string; homeFtth: boolean };

/** A problem per field, in both languages, whether found here or by the server. */
export type Problems = Record<string, Message>;

/**
 * Checks a survey before it leaves a phone with one bar of signal, with the server's own rules
 * (adults ≤ members, app users ≤ smartphone owners…) so both say the same thing in the same words.
 */
export function readSurvey(draft: SurveyDraft, today: string): { survey: Survey } | { problems: Problems } {
  const problems: Problems = {};
  const counts = {} as Record<CountField, number>;
  for (const field of COUNT_FIELDS) {
    const text = draft[field].trim();
    counts[field] = Number(text);
    if (!/^\d{1,2}$/.test(text) || counts[field] < minimum(field) || counts[field] > MAX_COUNT) {
      problems[field] = messagesFor('survey.error_count', { min: minimum(field), max: MAX_COUNT });
    }
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.surveyedOn)) problems.surveyedOn = messagesFor('survey.error_date');
  if (Object.keys(problems).length) return { problems };

  const survey: Survey = { surveyedOn: draft.surveyedOn, homeFtth: draft.homeFtth, ...counts };
  for (const issue of checkSurvey(survey, today)) if (issue.field) problems[issue.field] ??= issue.message;
  return Object.keys(problems).length ? { problems } : { survey };
}

export function draftFrom(survey: Survey | null, today: string): SurveyDraft {
  const draft = { surveyedOn: today, homeFtth: survey?.homeFtth ?? false } as SurveyDraft;
  for (const field of COUNT_FIELDS) draft[field] = survey ? String(survey[field]) : '';
  return draft;
}
