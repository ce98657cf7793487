import type { Db } from '../platform/database.ts';
import { findHousehold, findLatestSurvey } from '../households/index.ts';
import { isUuid } from '../platform/ids.ts';
import type { ServerHousehold } from './sync.schema.ts';

/** A field of a phone's payload, unchecked: it is whatever the phone sent. */
export const payloadField = (payload: unknown, name: string): unknown =>
  payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined;

/** The `householdId` a phone's payload names, unchecked. */
export const namedHousehold = (payload: unknown): unknown => payloadField(payload, 'householdId');

/** The household a payload names, as the server has it now: the other side of a conflict. */
export async function readServerHousehold(db: Db, payload: unknown): Promise<ServerHousehold | undefined> {
  const id = namedHousehold(payload);
  if (!isUuid(id)) return undefined;
  const household = await findHousehold(db, id);
  if (!household) return undefined;
  return { version: household.version, label: household.label, archived: household.archived_at !== null, latest: await findLatestSurvey(db, id) };
}
