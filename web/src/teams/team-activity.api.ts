import type { FieldworkOverview, UnitActivity } from '../../../src/teams/team-activity.schema.ts';
import { withQuery } from '../platform/api.ts';
import type { Lang } from '../platform/i18n.ts';
import { RECENT_WEEKS } from './team-activity.rules.ts';

export type { FieldworkOverview, UnitActivity };

/** Twelve weeks on the chart; the table sums the last four, the commune's usual monthly look. */
export const CHART_WEEKS = 12;

export const overviewUrl = (query: { orgUnit: string; until?: string | undefined }) =>
  withQuery('/api/fieldwork/overview', { orgUnit: query.orgUnit, weeks: CHART_WEEKS, until: query.until });

export const communesUrl = (province: string) => withQuery(`/api/org-units/${province}/children`, { limit: 500 });

/** The table as the server writes it: the weeks the table adds up, to the same last day, headers in the page's language. */
export const overviewFileUrl = (data: Pick<FieldworkOverview, 'unit' | 'until' | 'staleDays'>, format: 'csv' | 'xlsx', lang: Lang) =>
  withQuery('/api/fieldwork/overview', { orgUnit: data.unit.code, weeks: RECENT_WEEKS, until: data.until, staleDays: data.staleDays, format, lang });
