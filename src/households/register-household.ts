import type { Db } from '../platform/database.ts';
import { assertNoIssues, conflict } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { newId } from '../platform/ids.ts';
import { commit, type PlannedWrite } from '../platform/planned-write.ts';
import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { HouseholdRegistrationInput } from './household.schema.ts';
import { checkSurvey } from './household.rules.ts';
import type { Household, Survey } from './household.schema.ts';
import {
  findHousehold,
  findHouseholdByLabel,
  findLatestSurvey,
  insertHousehold,
  lockHousehold,
  upsertSurvey,
  type HouseholdRow,
} from './household.repository.ts';
import { writeSurvey } from './write-survey.ts';
import { householdFor, householdNotFound, versionConflict, villageFor } from './household-access.ts';
import { refreshUnit } from '../indicators/index.ts';
import { SURVEY_ELEMENTS } from './household.indicators.ts';

export function presentHousehold(row: HouseholdRow, latest: Survey | null): Household {
  return { id: row.id, villageCode: row.village_code, label: row.label, version: row.version, archived: row.archived_at !== null, latest };
}

function assertSurveyConsistent(survey: Survey): void {
  const issues = checkSurvey(survey, todayInVietnam());
  assertNoIssues(issues);
}

export const labelTaken = (label: string) =>
  conflict('household.label_taken', { vi: `Thôn/bản đã có hộ mang nhãn "${label}".`, en: `The village already has a household labelled "${label}".` }, 'label');

const idTaken = (id: string) =>
  conflict('household.id_taken', { vi: 'Mã hộ này đã được dùng cho một hộ khác.', en: `The id ${id} already belongs to another household.` }, 'id');

/**
 * Adds a household to a village's register with its first survey, under the id its client made.
 * The same registration sent again (a phone retrying) answers with the household it already made.
 */
export async function planHouseholdRegistration(db: Db, caller: Actor | null, input: HouseholdRegistrationInput): Promise<PlannedWrite<Household>> {
  const { village, actor } = await villageFor(db, caller, 'household:write', input.villageCode);
  assertSurveyConsistent(input.survey);
  const isThisRegistration = (row: HouseholdRow) => row.village_code === village.code && row.label === input.label;
  const existing = await findHousehold(db, input.id);
  if (existing && !isThisRegistration(existing)) throw idTaken(input.id);
  if (!existing && (await findHouseholdByLabel(db, village.code, input.label))) throw labelTaken(input.label);
  return {
    provinceCode: village.province_code,
    villageCode: village.code,
    async apply(tx) {
      const row = await insertHousehold(tx, { id: input.id, provinceCode: village.province_code, villageCode: village.code, label: input.label });
      if (!row) {
        // Either this registration landed already (a replay, maybe concurrent), or someone took the label meanwhile.
        const landed = await findHousehold(tx, input.id);
        if (landed && isThisRegistration(landed)) return presentHousehold(landed, await findLatestSurvey(tx, landed.id));
        throw landed ? idTaken(input.id) : labelTaken(input.label);
      }
      await upsertSurvey(tx, row, input.survey, actor.id);
      await refreshUnit(tx, village, input.survey.surveyedOn, SURVEY_ELEMENTS);
      await recordAudit(tx, actor, 'household:register', 'household', { entityId: row.id, unit: village, after: { label: row.label, survey: input.survey } });
      return presentHousehold(row, input.survey);
    },
  };
}

/** Adds a household to a village's register with its first survey. */
export async function registerHousehold(db: Db, caller: Actor | null, villageCode: string, input: { label: string; survey: Survey }): Promise<Household> {
  return commit(db, await planHouseholdRegistration(db, caller, { id: newId(), villageCode, ...input }));
}

/**
 * A dated survey of a household (the same day replaces); the household's version moves on.
 * With `baseVersion`, the write only lands on the version its author saw: the check runs on the
 * locked row inside the transaction, so of two writers from the same version one gets 409.
 */
export async function planSurvey(db: Db, caller: Actor | null, householdId: string, survey: Survey, baseVersion?: number): Promise<PlannedWrite<Household>> {
  const { household, village, actor } = await householdFor(db, caller, 'household:write', householdId);
  assertSurveyConsistent(survey);
  return {
    provinceCode: village.province_code,
    villageCode: village.code,
    async apply(tx) {
      const current = await lockHousehold(tx, household.id);
      if (!current) throw householdNotFound(household.id);
      if (baseVersion !== undefined && current.version !== baseVersion) throw versionConflict(current.version);
      const { before, household: updated, latest } = await writeSurvey(tx, current, survey, actor.id);
      await recordAudit(tx, actor, 'household:survey', 'household', { entityId: current.id, unit: village, before: before ?? null, after: survey });
      // Last: the refresh holds the village's values from its first write to the commit.
      await refreshUnit(tx, village, survey.surveyedOn, SURVEY_ELEMENTS);
      return presentHousehold(updated, latest);
    },
  };
}

/** Records a dated survey of a household (the same day replaces); the household's version moves on. */
export async function recordSurvey(db: Db, caller: Actor | null, householdId: string, survey: Survey): Promise<Household> {
  return commit(db, await planSurvey(db, caller, householdId, survey));
}
