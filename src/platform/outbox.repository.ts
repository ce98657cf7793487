import { sql } from 'kysely';
import type { Db } from './database.ts';
import { dueNow } from './sql-time.ts';

export async function insertOutboxEvent(db: Db, event: { id: string; topic: string; payload: unknown; provinceCode: string }): Promise<void> {
  await db
    .insertInto('outbox_event')
    .values({ id: event.id, topic: event.topic, payload: JSON.stringify(event.payload), province_code: event.provinceCode, next_attempt_at: dueNow() })
    .execute();
}

/**
 * Takes up to `limit` due events for this dispatcher: their next attempt moves to the end of the
 * lease, so no other dispatcher sees them until then (SKIP LOCKED passes over rows another
 * dispatcher is taking at this very moment rather than waiting for it).
 */
export async function claimDueEvents(db: Db, now: Date, leaseUntil: Date, limit: number) {
  const rows = await db
    .updateTable('outbox_event')
    .set({ attempts: sql`attempts + 1`, next_attempt_at: leaseUntil })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox_event')
        .select('id')
        .where('handled_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

/** The handlers that already handled each of these events, as "event id/handler" keys. */
export async function deliveriesOf(db: Db, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await db.selectFrom('outbox_delivery').select(['event_id', 'handler']).where('event_id', 'in', eventIds).execute();
  return new Set(rows.map((r) => `${r.event_id}/${r.handler}`));
}

/** What a round of the dispatcher got done, written in one transaction: one commit per round, not per event. */
export async function recordRound(db: Db, round: { deliveries: { eventId: string; handler: string }[]; handled: string[]; now: Date }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (round.deliveries.length > 0) {
      await tx
        .insertInto('outbox_delivery')
        .values(round.deliveries.map((d) => ({ event_id: d.eventId, handler: d.handler, handled_at: round.now })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (round.handled.length > 0) {
      await tx.updateTable('outbox_event').set({ handled_at: round.now, last_error: null }).where('id', 'in', round.handled).execute();
    }
  });
}

export async function scheduleEventRetry(db: Db, eventId: string, at: Date, error: string): Promise<void> {
  await db.updateTable('outbox_event').set({ next_attempt_at: at, last_error: error }).where('id', '=', eventId).execute();
}

/** Handled events are kept a while to look into, then removed with their deliveries. */
export async function deleteHandledEvents(db: Db, handledBefore: Date): Promise<number> {
  const result = await db.deleteFrom('outbox_event').where('handled_at', '<', handledBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}
