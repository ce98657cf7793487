import type { Db } from './database.ts';
import { newId } from './ids.ts';
import { claimDueEvents, deliveriesOf, insertOutboxEvent, recordRound, scheduleEventRetry } from './outbox.repository.ts';
import { errorText, later, retryDelayMs, type Backoff, DEFAULT_BACKOFF } from './retry.rules.ts';

/** What a handler is handed: the event as it was written, its payload for the handler to parse. */
export interface OutboxEvent {
  id: string;
  topic: string;
  payload: unknown;
  provinceCode: string;
  createdAt: Date;
  /** 1 on the first delivery; more means an earlier one failed or was cut short. */
  attempt: number;
}

/**
 * Acts on one event. It is called AT LEAST once per event, and again after a crash between its
 * success and the record of it, so it must be idempotent: key what it does by the event id (or by
 * what the payload names, an order id), e.g. `insert … on conflict do nothing`. Events come in
 * no guaranteed order.
 */
export type EventHandler = (event: OutboxEvent, db: Db) => Promise<void>;

/**
 * Writes an event in the caller's transaction: it exists if and only if the change it tells
 * about was committed, so a rolled-back write never reaches a handler.
 */
export async function publishEvent(tx: Db, topic: string, payload: unknown, provinceCode: string): Promise<string> {
  const id = newId();
  await insertOutboxEvent(tx, { id, topic, payload, provinceCode });
  return id;
}

export interface OutboxOptions {
  clock?: () => Date;
  /** How long a dispatcher holds the events it took: a handler must be done well within it. */
  leaseMs?: number;
  batchSize?: number;
  backoff?: Backoff;
  random?: () => number;
}

/** The handlers of every topic, registered when the app is composed, and the dispatcher over them. */
export interface Outbox {
  registerEventHandler(topic: string, name: string, handler: EventHandler): void;
  /** Hands due events to their handlers once; returns how many events it took. */
  dispatchDueEvents(db: Db): Promise<number>;
}

export function createOutbox(options: OutboxOptions = {}): Outbox {
  const { clock = () => new Date(), leaseMs = 5 * 60_000, batchSize = 50, backoff = DEFAULT_BACKOFF, random = Math.random } = options;
  const handlers = new Map<string, Map<string, EventHandler>>();

  /** Runs the handlers of one event that have not handled it yet; returns the failures, by handler. */
  async function deliver(db: Db, event: OutboxEvent, done: Set<string>, delivered: { eventId: string; handler: string }[]): Promise<string[]> {
    const failures: string[] = [];
    for (const [name, handler] of handlers.get(event.topic) ?? []) {
      if (done.has(`${event.id}/${name}`)) continue;
      try {
        await handler(event, db);
        delivered.push({ eventId: event.id, handler: name });
      } catch (error) {
        failures.push(`${name}: ${errorText(error)}`);
      }
    }
    return failures;
  }

  return {
    registerEventHandler(topic, name, handler) {
      const forTopic = handlers.get(topic) ?? new Map<string, EventHandler>();
      if (forTopic.has(name)) throw new Error(`Event handler ${name} is registered twice for ${topic}`);
      handlers.set(topic, forTopic.set(name, handler));
    },
    async dispatchDueEvents(db) {
      const now = clock();
      const claimed = await claimDueEvents(db, now, later(now, leaseMs), batchSize);
      const done = await deliveriesOf(
        db,
        claimed.map((row) => row.id),
      );
      const delivered: { eventId: string; handler: string }[] = [];
      const handled: string[] = [];
      for (const row of claimed) {
        const event = {
          id: row.id,
          topic: row.topic,
          payload: row.payload,
          provinceCode: row.province_code,
          createdAt: new Date(row.created_at),
          attempt: row.attempts,
        };
        const failures = await deliver(db, event, done, delivered);
        if (failures.length === 0) handled.push(event.id);
        else await scheduleEventRetry(db, event.id, later(clock(), retryDelayMs(event.attempt, backoff, random)), failures.join('\n'));
      }
      // If this record is lost (the process dies before it), the round's events come back after
      // their lease and their handlers run again: that is why handlers are idempotent.
      await recordRound(db, { deliveries: delivered, handled, now: clock() });
      return claimed.length;
    },
  };
}
