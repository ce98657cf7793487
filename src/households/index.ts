/** What other modules may use of households (decision 0019): the household register: its access checks, reads, survey writes and the phone's inputs. */
export { householdAuthorized, householdFor, householdNotFound, villageAuthorized, villageFor, villageNotFound } from './household-access.ts';
export {
  findHousehold,
  findHouseholdLabels,
  findLatestSurvey,
  insertHousehold,
  latestSurveyOf,
  lockHousehold,
  lockHouseholds,
  surveyColumns,
  SURVEY_COLUMNS,
  toSurvey,
} from './household.repository.ts';
export { registerHouseholdRoutes } from './household.routes.ts';
export { checkSurvey } from './household.rules.ts';
export { householdLabel, householdRegistrationInput, householdUpdateInput, survey, type Survey } from './household.schema.ts';
export { planHouseholdRegistration, planSurvey } from './register-household.ts';
export { writeSurvey } from './write-survey.ts';
export { stageSurveys, type StagedHousehold, type SurveyBatch } from './stage-surveys.ts';
export { planSurveysInBulk, writeSurveysInBulk, type BulkSurveyWrite } from './write-surveys-in-bulk.ts';
export { touchHouseholds, touchHouseholdsAsSeen, upsertSurveys, type SurveyWrite } from './household-bulk.repository.ts';
export { insertHouseholds, insertHouseholdSurveys, type NewHousehold, type NewHouseholdSurvey } from './household-bulk.repository.ts';
export {
  ADOPTION_ELEMENTS,
  householdIndicators,
  householdSource,
  householdValidationRules,
  summariseSurveysOnce,
  SURVEY_ELEMENTS,
} from './household.indicators.ts';
export { findHouseholdsByLabel, listSurveysUnder, type LabelledHousehold } from './household-records.repository.ts';
