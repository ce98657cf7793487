import type { Db } from '../platform/database.ts';
import { badRequest, conflict } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Actor } from '../accounts/access.policy.ts';
import { insertAuditEntries } from '../audit/audit.repository.ts';
import { checkSurvey } from './household.rules.ts';
import type { Household, Survey } from './household.schema.ts';
import { findHouseholdByLabel, insertHousehold, touchHousehold, upsertSurvey, type HouseholdRow } from './household.repository.ts';
import { householdFor, villageFor } from './household-access.ts';
import { refreshUnit } from '../indicators/refresh-data-values.ts';

export function presentHousehold(row: HouseholdRow, latest: Survey | null): Household {
  return { id: row.id, villageCode: row.village_code, label: row.label, version: row.version, archived: row.archived_at !== null, latest };
}

function assertSurveyConsistent(survey: Survey): void {
  const issues = checkSurvey(survey, todayInVietnam());
  const first = issues[0];
  if (first) throw badRequest(first.code, first.message, first.field, issues);
}

export const labelTaken = (label: string) =>
  conflict('household.label_taken', { vi: `Thôn/bản đã có hộ mang nhãn "${label}".`, en: `The village already has a household labelled "${label}".` }, 'label');

/** Adds a household to a village's register with its first survey. */
export async function registerHousehold(db: Db, caller: Actor | null, villageCode: string, input: { label: string; survey: Survey }): Promise<Household> {
  const { village, actor } = await villageFor(db, caller, 'household:write', villageCode);
  assertSurveyConsistent(input.survey);
  if (await findHouseholdByLabel(db, village.code, input.label)) throw labelTaken(input.label);
  return db.transaction().execute(async (tx) => {
    const row = await insertHousehold(tx, { provinceCode: village.province_code, villageCode: village.code, label: input.label });
    await upsertSurvey(tx, row, input.survey, actor.id);
    await refreshUnit(tx, village, input.survey.surveyedOn);
    await insertAuditEntries(tx, [
      { actorId: actor.id, actorName: actor.username, action: 'household:register', entity: 'household', entityId: row.id, orgUnitCode: village.code, provinceCode: village.province_code, outcome: 'ok', after: { label: row.label, survey: input.survey } },
    ]);
    return presentHousehold(row, input.survey);
  });
}

/** Records a dated survey of a household (the same day replaces); the household's version moves on. */
export async function recordSurvey(db: Db, caller: Actor | null, householdId: string, survey: Survey): Promise<Household> {
  const { household, village, actor } = await householdFor(db, caller, 'household:write', householdId);
  assertSurveyConsistent(survey);
  return db.transaction().execute(async (tx) => {
    const before = await upsertSurvey(tx, household, survey, actor.id);
    const updated = await touchHousehold(tx, household.id);
    await refreshUnit(tx, village, survey.surveyedOn);
    await insertAuditEntries(tx, [
      { actorId: actor.id, actorName: actor.username, action: 'household:survey', entity: 'household', entityId: household.id, orgUnitCode: village.code, provinceCode: village.province_code, outcome: 'ok', before: before ?? null, after: survey },
    ]);
    return presentHousehold(updated, survey);
  });
}
