import type { Household, Survey } from '../../../src/households/household.schema.ts';
import { api, withQuery } from '../platform/api.ts';
import type { Page } from '../territory/territory.api.ts';

export type { Household, Page, Survey };

export const HOUSEHOLD_PAGE = 50;

export const householdsUrl = (villageCode: string, offset: number, search: string) =>
  withQuery(`/api/villages/${villageCode}/households`, { limit: HOUSEHOLD_PAGE, offset, search: search.trim() });

export const addHousehold = (villageCode: string, label: string, survey: Survey) =>
  api.post<Household>(`/api/villages/${villageCode}/households`, { label, survey });

export const renameHousehold = (household: Household, label: string) =>
  api.patch<Household>(`/api/households/${household.id}`, { label, version: household.version });

export const recordSurvey = (householdId: string, survey: Survey) => api.post<Household>(`/api/households/${householdId}/surveys`, survey);

export const archiveHousehold = (household: Household) => api.delete(`/api/households/${household.id}`, { query: { version: household.version } });
