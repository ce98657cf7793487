import type { FieldworkOverview, UnitActivity } from '../../../src/teams/team-activity.schema.ts';
import type { AttentionItem, Device, Resolution, ResolveResponse } from '../../../src/sync/sync.schema.ts';
import { api, withQuery } from '../platform/api.ts';
import type { Lang } from '../platform/i18n.ts';
import type { SheetFormat } from '../../../src/platform/spreadsheet.ts';
import { RECENT_WEEKS } from './team-activity.rules.ts';

export type { AttentionItem, Device, FieldworkOverview, Resolution, UnitActivity };

/** Twelve weeks on the chart; the table sums the last four, the commune's usual monthly look. */
export const CHART_WEEKS = 12;

export const communesUrl = (province: string) => withQuery(`/api/org-units/${province}/children`, { limit: 500 });

/** The table as the server writes it: the weeks the table adds up, to the same last day, headers in the page's language. */
export const overviewFileUrl = (data: Pick<FieldworkOverview, 'unit' | 'until' | 'staleDays'>, format: SheetFormat, lang: Lang) =>
  withQuery('/api/fieldwork/overview', { orgUnit: data.unit.code, weeks: RECENT_WEEKS, until: data.until, staleDays: data.staleDays, format, lang });

/** `staleDays` is the phones view's N, so the overview's count of silent phones matches the marked rows. */
export const overviewUrl = (query: { orgUnit: string; until?: string | undefined; staleDays: number }) =>
  withQuery('/api/fieldwork/overview', { orgUnit: query.orgUnit, weeks: CHART_WEEKS, until: query.until, staleDays: query.staleDays });

/** The API's largest page: a commune's open items fit, and the officer settles them from the top. */
export const ATTENTION_LIMIT = 200;
/** The API's largest page of phones: far more than a commune's teams carry. */
export const DEVICES_LIMIT = 500;

export const needsAttentionUrl = (orgUnit: string) => withQuery('/api/sync/needs-attention', { orgUnit, limit: ATTENTION_LIMIT });
export const devicesUrl = (orgUnit: string) => withQuery('/api/sync/devices', { orgUnit, limit: DEVICES_LIMIT });

export const resolveMutation = (id: string, resolution: Resolution) =>
  api.post<ResolveResponse>(`/api/sync/mutations/${encodeURIComponent(id)}/resolve`, { resolution });
