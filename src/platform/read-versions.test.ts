import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql, type KyselyPlugin } from 'kysely';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';
import type { DatabaseHandle, Db } from './database.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';
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

describe.each(testEngines())('read-version counters on %s, read by one query for all who ask at once', (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(engine);
  });
  afterAll(() => handle?.close());

  /**
   * Another query builder over the same database, as a server's is, whose answers are held until
   * `release`: a counters' read that began before a commit can then be made to end after it.
   */
  function heldReader() {
    let held = Promise.resolve();
    let release = () => {};
    let queries = 0;
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => {
        await held;
        return args.result;
      },
    };
    const db: Db = new Kysely<Database>({
      dialect: handle.pglite ? new PGliteDialect(handle.pglite) : new PostgresDialect({ pool: handle.pool! }),
      plugins: [plugin],
    });
    return {
      db,
      queries: () => queries,
      hold() {
        held = new Promise((resolve) => (release = resolve));
      },
      release: () => release(),
    };
  }

  it('sees every commit made before it was asked, though a read begun before that commit is still running', async () => {
    const reader = heldReader();
    const before = (await readCounters(reader.db, ['coverage'])).coverage;
    reader.hold();
    const queriesBefore = reader.queries();
    const begunEarlier = readCounters(reader.db, ['coverage']);
    await bump.execute(handle.db);
    // Asked after the commit, by fifty readers at once while the earlier read still runs.
    const askedAfter = Array.from({ length: 50 }, () => readCounters(reader.db, ['coverage', 'indicator_values']));
    reader.release();
    expect((await begunEarlier).coverage).toBe(before);
    for (const counters of await Promise.all(askedAfter)) expect(counters.coverage).toBe(before + 1);
    // The earlier read, and one for the fifty.
    expect(reader.queries() - queriesBefore).toBe(2);
  });

  it('inside a transaction reads its own: what it changed, not yet committed', async () => {
    const before = (await readCounters(handle.db, ['coverage'])).coverage;
    // Only the transaction's own end is expected: a failed expectation inside it fails the test.
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await bump.execute(tx);
        expect((await readCounters(tx, ['coverage'])).coverage).toBe(before + 1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await readCounters(handle.db, ['coverage'])).coverage).toBe(before);
  });

  it('a failed read is not kept: the next one is made afresh', async () => {
    const reader = heldReader();
    await sql`alter table read_version rename to read_version_away`.execute(handle.db);
    try {
      await expect(readCounters(reader.db, ['coverage'])).rejects.toThrow();
    } finally {
      await sql`alter table read_version_away rename to read_version`.execute(handle.db);
    }
    expect((await readCounters(reader.db, ['coverage'])).coverage).toBeGreaterThanOrEqual(0);
  });
});
