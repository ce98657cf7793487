import type { FieldworkOverview, UnitActivity } from '../../../src/teams/team-activity.schema.ts';
import { withQuery } from '../platform/api.ts';

export type { FieldworkOverview, UnitActivity };

/** Twelve weeks on the chart; the table sums the last four, the commune's usual monthly look. */
export const CHART_WEEKS = 12;

export const overviewUrl = (query: { orgUnit: string; until?: string | undefined }) =>
  withQuery('/api/fieldwork/overview', { orgUnit: query.orgUnit, weeks: CHART_WEEKS, until: query.until });

export const communesUrl = (province: string) => withQuery(`/api/org-units/${province}/children`, { limit: 500 });
