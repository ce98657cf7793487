import type { Db } from '../platform/database.ts';
import { type Actor, authorize } from '../accounts/index.ts';
import { badRequest } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { findOrgUnit, LEVEL, listChildren, orgUnitNotFound, type OrgUnitRow } from '../territory/index.ts';
import { NEEDS } from './fieldwork.rules.ts';
import {
  countHouseholdNeeds,
  countNeedsAttention,
  countStaleDevices,
  countTeamMembers,
  countWeeklyActivity,
  findLastActivity,
  type Scope,
  type WeeklyRow,
} from './team-activity.repository.ts';
import { countsByWeek, weeksUntil, type NeedCounts } from './team-activity.rules.ts';
import type { FieldworkOverview, OverviewQuery, UnitActivity } from './team-activity.schema.ts';

const DAY_MS = 86_400_000;
/** A commune has fewer than a thousand villages (three-digit numbers), the province fewer communes. */
const MAX_CHILDREN = 1000;

const untilInFuture = () =>
  badRequest('fieldwork.until_in_future', { vi: 'Ngày kết thúc không thể ở tương lai.', en: 'The last day cannot be in the future.' }, 'until');

/**
 * The field work of a unit and of each unit below it: visits and trainings per ISO week, the
 * households still lacking each service, team members, and what needs a person's attention
 * (unresolved phone changes, silent phones). For commune officers and the province.
 */
export async function readFieldworkOverview(db: Db, actor: Actor | null, query: OverviewQuery, now = new Date()): Promise<FieldworkOverview> {
  const unit = await findOrgUnit(db, query.orgUnit);
  if (!unit) throw orgUnitNotFound(query.orgUnit);
  await authorize(db, actor, 'fieldwork:read', unit, { entity: 'fieldwork_overview', entityId: unit.code });

  const today = todayInVietnam(now);
  if (query.until && query.until > today) throw untilInFuture();
  const isVillage = unit.level >= LEVEL.village;
  // A village has nothing below it: its rows group to itself.
  const scope: Scope = { path: unit.path, groupLabel: isVillage ? unit.level - 1 : unit.level };
  const last = await findLastActivity(db, scope);
  // Asked for no day, the page opens on the latest weeks that have data rather than on weeks of
  // zeros when the latest work is older than the weeks up to today. Visits are the teams' everyday
  // work: the weeks end with the latest visit, or the latest training where there was no visit.
  const latest = last.visit ?? last.training;
  const untilLatest = !query.until && latest !== null && latest < (weeksUntil(today, query.weeks)[0]?.start ?? today);
  const until = query.until ?? (untilLatest && latest ? latest : today);
  const weeks = weeksUntil(until, query.weeks);
  const syncedBefore = new Date(now.getTime() - query.staleDays * DAY_MS);

  // One query after the other: the embedded engine runs them one at a time anyway, and on a server
  // a page view then holds one pooled connection rather than seven.
  const children = isVillage ? [] : await listChildren(db, unit.code, { limit: MAX_CHILDREN, offset: 0 });
  const weekly = await countWeeklyActivity(db, scope, weeks[0]?.start ?? until, until);
  const needs = await countHouseholdNeeds(db, scope);
  const members = await countTeamMembers(db, scope, today);
  const attention = await countNeedsAttention(db, scope);
  const stale = await countStaleDevices(db, scope, syncedBefore);

  const byUnit = <R extends { unitCode: string }>(rows: readonly R[]) => new Map(rows.map((r) => [r.unitCode, r]));
  const needsOf = byUnit(needs);
  const membersOf = byUnit(members);
  const attentionOf = byUnit(attention);
  const staleOf = byUnit(stale);
  const weeklyOf = (rows: readonly WeeklyRow[], code: string) =>
    countsByWeek(
      weeks,
      rows.filter((r) => r.unitCode === code),
    );

  const activityOf = (row: OrgUnitRow): UnitActivity => ({
    ...summaryOf(row),
    visits: weeklyOf(weekly.visits, row.code),
    trainings: weeklyOf(weekly.trainings, row.code),
    households: needsOf.get(row.code)?.households ?? 0,
    lacking: needsOf.get(row.code)?.lacking ?? noNeeds(),
    teamMembers: membersOf.get(row.code)?.members ?? 0,
    membersTrained: membersOf.get(row.code)?.trained ?? 0,
    needsAttention: attentionOf.get(row.code)?.count ?? 0,
    staleDevices: staleOf.get(row.code)?.count ?? 0,
  });

  const rows = children.map(activityOf);
  return {
    until,
    untilLatest,
    staleDays: query.staleDays,
    weeks,
    lastVisitOn: last.visit,
    lastTrainingOn: last.training,
    unit: isVillage ? activityOf(unit) : sumOf(summaryOf(unit), rows, weeks.length),
    childLevel: isVillage ? null : unit.level + 1,
    children: rows,
  };
}

function summaryOf(row: OrgUnitRow): Pick<UnitActivity, 'code' | 'name' | 'fullName' | 'kind' | 'level' | 'isDemo'> {
  return { code: row.code, name: row.name, fullName: row.full_name, kind: row.kind, level: row.level, isDemo: row.is_demo };
}

const noNeeds = (): NeedCounts => Object.fromEntries(NEEDS.map((need) => [need, 0])) as NeedCounts;

/** The unit's own figures: every fact row lies in exactly one of its children, so they add up. */
function sumOf(unit: ReturnType<typeof summaryOf>, rows: readonly UnitActivity[], weekCount: number): UnitActivity {
  const total: UnitActivity = {
    ...unit,
    visits: new Array<number>(weekCount).fill(0),
    trainings: new Array<number>(weekCount).fill(0),
    households: 0,
    lacking: noNeeds(),
    teamMembers: 0,
    membersTrained: 0,
    needsAttention: 0,
    staleDevices: 0,
  };
  for (const row of rows) {
    row.visits.forEach((n, k) => (total.visits[k] = (total.visits[k] ?? 0) + n));
    row.trainings.forEach((n, k) => (total.trainings[k] = (total.trainings[k] ?? 0) + n));
    total.households += row.households;
    for (const need of NEEDS) total.lacking[need] += row.lacking[need];
    total.teamMembers += row.teamMembers;
    total.membersTrained += row.membersTrained;
    total.needsAttention += row.needsAttention;
    total.staleDevices += row.staleDevices;
  }
  return total;
}
