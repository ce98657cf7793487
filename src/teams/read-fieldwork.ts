import type { Db } from '../platform/database.ts';
import { todayInVietnam } from '../platform/dates.ts';
import type { Actor } from '../accounts/index.ts';
import { villageFor } from '../households/index.ts';
import type { PeriodQuery, TrainingView, VisitView } from './team.schema.ts';
import { VISIT_ACTIVITIES } from './fieldwork.rules.ts';
import { findTraining, findVisit, listTrainings, listVisits, toAttendees, type Period, type TrainingRow, type VisitRow } from './fieldwork.repository.ts';

const iso = (at: Date | string) => (at instanceof Date ? at.toISOString() : new Date(at).toISOString());

export function presentVisit(row: VisitRow): VisitView {
  return {
    id: row.id,
    householdId: row.household_id,
    householdLabel: row.household_label,
    villageCode: row.village_code,
    visitedOn: row.visited_on,
    activities: VISIT_ACTIVITIES.filter((code) => row[code] > 0).map((code) => ({ code, people: row[code] })),
    residentsGuided: row.residents_guided,
    note: row.note,
    recordedAt: iso(row.recorded_at),
  };
}

export function presentTraining(row: TrainingRow): TrainingView {
  return {
    id: row.id,
    villageCode: row.village_code,
    heldOn: row.held_on,
    topic: row.topic,
    place: row.place,
    trainer: row.trainer,
    attendees: toAttendees(row),
    recordedAt: iso(row.recorded_at),
  };
}

/** This year so far unless asked otherwise. */
function periodOf(query: PeriodQuery): Period {
  const today = todayInVietnam();
  return { from: query.from ?? `${today.slice(0, 4)}-01-01`, to: query.to ?? today };
}

export async function listVillageVisits(db: Db, actor: Actor | null, villageCode: string, query: PeriodQuery) {
  const { village } = await villageFor(db, actor, 'fieldwork:read', villageCode);
  const { total, items } = await listVisits(db, village.code, periodOf(query), query);
  return { total, items: items.map(presentVisit) };
}

export async function listVillageTrainings(db: Db, actor: Actor | null, villageCode: string, query: PeriodQuery) {
  const { village } = await villageFor(db, actor, 'fieldwork:read', villageCode);
  const { total, items } = await listTrainings(db, village.code, periodOf(query), query);
  return { total, items: items.map(presentTraining) };
}

function recorded<R, V>(row: R | undefined, present: (row: R) => V, id: string): V {
  if (!row) throw new Error(`${id} was recorded but cannot be read`);
  return present(row);
}

/** A visit just recorded by the caller (so already authorised), as the REST route answers it. */
export const readRecordedVisit = async (db: Db, id: string): Promise<VisitView> => recorded(await findVisit(db, id), presentVisit, id);

/** A training just recorded by the caller (so already authorised), as the REST route answers it. */
export const readRecordedTraining = async (db: Db, id: string): Promise<TrainingView> => recorded(await findTraining(db, id), presentTraining, id);
