/** What other modules may use of teams (decision 0019): village teams, their visits and trainings, and the field-work rules the phone shares. */
export { toAttendees } from './fieldwork.repository.ts';
export {
  ACTIVITY_NAMES,
  AGE_GROUPS,
  NEEDS,
  TOPIC_NAMES,
  TRAINING_TOPICS,
  VISIT_ACTIVITIES,
  checkTraining,
  checkVisit,
  householdNeeds,
  surveyAfterVisit,
  type AgeGroup,
  type Attendees,
  type Training,
  type TrainingTopic,
  type Visit,
  type VisitActivity,
  type VisitActivityCode,
} from './fieldwork.rules.ts';
export { trainingInput, visitInput } from './fieldwork.schema.ts';
export { addMember, saveTeam } from './manage-team.ts';
export { stageTraining } from './record-training.ts';
export { stageVisit } from './record-visit.ts';
export { openFieldworkBatch, trainingNeeds, visitNeeds, writeFieldworkBatch, type FieldworkBatch, type FieldworkNeeds } from './stage-fieldwork.ts';
export type { StagedWrite } from './already-recorded.ts';
export { registerTeamActivityRoutes } from './team-activity.routes.ts';
export { registerTeamRoutes } from './team.routes.ts';
export type { Sex, TrainingTable } from './teams.tables.ts';
export {
  insertSupportVisits,
  insertTeamMembers,
  insertTeams,
  insertTrainings,
  type NewSupportVisit,
  type NewTeam,
  type NewTeamMember,
} from './team-bulk.repository.ts';
export { teamRoster } from './team-roster.ts';
export { TEAM_ELEMENTS, teamIndicators, teamRecordsAtFault, teamSource, teamValidationRules } from './team.indicators.ts';
export { insertRecordedTrainings, insertRecordedVisits, type RecordedSupportVisit, type RecordedTraining } from './team-bulk.repository.ts';
export { listTrainingRecords, listVisitRecords, type TrainingRecordsOf, type VisitRecordsOf } from './fieldwork-records.repository.ts';
