import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle, Db } from './database.ts';
import { createOutbox, publishEvent, type OutboxOptions } from './outbox.ts';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';

describe.each(testEngines())('the outbox on %s', (engine) => {
  let handle: DatabaseHandle;
  let db: Db;
  // The dispatchers' clock runs ahead of the database's by `ahead` ms: the way to reach a lease's end.
  let ahead = 0;
  const options: OutboxOptions = { clock: () => new Date(Date.now() + ahead), leaseMs: 60_000, random: () => 0, backoff: { firstMs: 60_000, maxMs: 120_000 } };

  beforeAll(async () => {
    handle = await openTestDatabase(engine);
    db = handle.db;
    await sql`create table parcel_sms (order_id text primary key)`.execute(db);
  });
  beforeEach(async () => {
    ahead = 0;
    await db.deleteFrom('outbox_event').execute();
    await sql`delete from parcel_sms`.execute(db);
  });
  afterAll(() => handle?.close());

  const eventRow = (id: string) => db.selectFrom('outbox_event').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const smsSent = async () => (await sql<{ order_id: string }>`select order_id from parcel_sms`.execute(db)).rows.map((r) => r.order_id);
  const payloadOrder = (payload: unknown) => (payload as { orderId: string }).orderId;

  it('never hands on an event whose transaction rolled back, and hands on a committed one', async () => {
    const outbox = createOutbox(options);
    const seen: string[] = [];
    outbox.registerEventHandler('order.paid', 'delivery', async (event) => void seen.push(payloadOrder(event.payload)));
    await db
      .transaction()
      .execute(async (tx) => {
        await publishEvent(tx, 'order.paid', { orderId: 'rolled-back' }, '20');
        throw new Error('payment refused');
      })
      .catch(() => undefined);
    await db.transaction().execute((tx) => publishEvent(tx, 'order.paid', { orderId: 'committed' }, '20'));
    expect(await outbox.dispatchDueEvents(db)).toBe(1);
    expect(seen).toEqual(['committed']);
    expect(await outbox.dispatchDueEvents(db)).toBe(0);
  });

  it('retries only the handler that failed, later and with the error kept', async () => {
    const outbox = createOutbox(options);
    const calls: string[] = [];
    let courierDown = true;
    outbox.registerEventHandler('order.paid', 'delivery', async () => void calls.push('delivery'));
    outbox.registerEventHandler('order.paid', 'courier', async () => {
      calls.push('courier');
      if (courierDown) throw new Error('courier service unreachable');
    });
    const id = await publishEvent(db, 'order.paid', { orderId: 'A-1' }, '20');
    await outbox.dispatchDueEvents(db);
    const failed = await eventRow(id);
    expect(failed).toMatchObject({ attempts: 1, handled_at: null, last_error: 'courier: courier service unreachable' });
    expect(new Date(failed.next_attempt_at).getTime()).toBeGreaterThan(Date.now());
    expect(await outbox.dispatchDueEvents(db)).toBe(0);

    courierDown = false;
    ahead = 10 * 60_000;
    expect(await outbox.dispatchDueEvents(db)).toBe(1);
    expect(calls).toEqual(['delivery', 'courier', 'courier']);
    expect(await eventRow(id)).toMatchObject({ attempts: 2, last_error: null });
    expect((await eventRow(id)).handled_at).not.toBeNull();
  });

  it('hands an event on again after a crash between the handler and its record, and the idempotent handler acts once', async () => {
    const outbox = createOutbox(options);
    let calls = 0;
    outbox.registerEventHandler('order.paid', 'sms', async (event, handlerDb) => {
      calls += 1;
      await sql`insert into parcel_sms (order_id) values (${payloadOrder(event.payload)}) on conflict do nothing`.execute(handlerDb);
    });
    const id = await publishEvent(db, 'order.paid', { orderId: 'B-7' }, '20');
    // The process "dies" right after the handler: recording its delivery fails, nothing else runs.
    await sql`alter table outbox_delivery add constraint dies_here check (handler <> 'sms')`.execute(db);
    await expect(outbox.dispatchDueEvents(db)).rejects.toThrow();
    await sql`alter table outbox_delivery drop constraint dies_here`.execute(db);
    expect(calls).toBe(1);

    const restarted = createOutbox(options);
    restarted.registerEventHandler('order.paid', 'sms', async (event, handlerDb) => {
      calls += 1;
      await sql`insert into parcel_sms (order_id) values (${payloadOrder(event.payload)}) on conflict do nothing`.execute(handlerDb);
    });
    expect(await restarted.dispatchDueEvents(db)).toBe(0);
    ahead = 2 * 60_000;
    expect(await restarted.dispatchDueEvents(db)).toBe(1);
    expect(calls).toBe(2);
    expect(await smsSent()).toEqual(['B-7']);
    expect((await eventRow(id)).handled_at).not.toBeNull();
  });

  it('never hands one event to one handler twice at once when two dispatchers run together', async () => {
    const inHand = new Set<string>();
    const deliveries = new Map<string, number>();
    let overlaps = 0;
    const handler = async (event: { id: string }) => {
      if (inHand.has(event.id)) overlaps += 1;
      inHand.add(event.id);
      await new Promise((resolve) => setImmediate(resolve));
      deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1);
      inHand.delete(event.id);
    };
    const dispatchers = [createOutbox({ ...options, batchSize: 4 }), createOutbox({ ...options, batchSize: 4 })];
    for (const outbox of dispatchers) outbox.registerEventHandler('visit.recorded', 'indicators', handler);
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) ids.push(await publishEvent(db, 'visit.recorded', { n: i }, '20'));
    const drain = async (outbox: (typeof dispatchers)[number]) => {
      while ((await outbox.dispatchDueEvents(db)) > 0);
    };
    await Promise.all(dispatchers.map(drain));
    expect(overlaps).toBe(0);
    expect([...deliveries.keys()].sort()).toEqual([...ids].sort());
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
  });

  it('closes an event nobody listens to', async () => {
    const id = await publishEvent(db, 'nobody.listens', {}, '20');
    await createOutbox(options).dispatchDueEvents(db);
    expect((await eventRow(id)).handled_at).not.toBeNull();
  });
});
