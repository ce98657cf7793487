import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';
import type { DatabaseHandle } from './database.ts';
import { migrateToLatest, migrationState } from './migrate.ts';

// Every other test opens a copy of a database migrated once per run; this one starts from nothing.
describe.each(testEngines())('the migrations on %s', (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(engine, 'empty');
  });
  afterAll(() => handle?.close());

  it('run in order on an empty database, and a second run has nothing left to do', async () => {
    const before = await migrationState(handle.db);
    expect(before.applied).toBe(0);
    expect(before.pending.length).toBeGreaterThan(0);

    expect(await migrateToLatest(handle.db)).toEqual(before.pending);
    expect(await migrationState(handle.db)).toEqual({ applied: before.pending.length, pending: [] });
    expect(await migrateToLatest(handle.db)).toEqual([]);
  });
});
