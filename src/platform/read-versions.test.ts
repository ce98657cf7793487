import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';
import type { DatabaseHandle } from './database.ts';
import { followReadVersions, readCounters } from './read-versions.ts';

const bump = sql`update read_version set version = version + 1 where name = 'coverage'`;

describe('read-version counters on the embedded engine, followed by their announcements', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase('pglite');
    await followReadVersions(handle.db, handle.pglite!);
  });
  afterAll(() => handle?.close());

  it('knows a commit’s counters as soon as the commit returns, and nothing of a rollback', async () => {
    const before = (await readCounters(handle.db, ['coverage', 'indicator_values'])).coverage;
    await handle.db.transaction().execute((tx) => bump.execute(tx));
    expect((await readCounters(handle.db, ['coverage'])).coverage).toBe(before + 1);
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await bump.execute(tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await readCounters(handle.db, ['coverage'])).coverage).toBe(before + 1);
    const stored = await handle.db.selectFrom('read_version').select('version').where('name', '=', 'coverage').executeTakeFirstOrThrow();
    expect(Number(stored.version)).toBe(before + 1);
  });

  it('answers while a transaction holds the engine’s one connection (a query would wait for it)', async () => {
    const seen = await handle.db.transaction().execute(async (tx) => {
      await bump.execute(tx);
      // Outside the transaction: answered from memory, still the committed counter.
      return readCounters(handle.db, ['coverage']);
    });
    expect((await readCounters(handle.db, ['coverage'])).coverage).toBe(seen.coverage + 1);
  });
});

describe.each(testEngines())('read-version counters on %s, not followed', (engine) => {
  it('reads them as committed, 0 for one not there', async () => {
    const handle = await openTestDatabase(engine);
    try {
      await sql`delete from read_version where name = 'coverage'`.execute(handle.db);
      await bump.execute(handle.db);
      const counters = await readCounters(handle.db, ['coverage', 'indicator_values']);
      expect(counters.coverage).toBe(0);
      expect(counters.indicator_values).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });
});
