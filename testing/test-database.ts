import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Db, type Engine } from '../src/platform/database.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { onceInRun, runFolder } from './test-run-folder.ts';

/** The server the storage and API tests also run on; the suite's global set-up fills it in. */
export const testServerUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

/** Every engine the suite runs on: always the embedded one, and the server when one is configured. */
export function testEngines(): Engine[] {
  return testServerUrl() ? ['pglite', 'postgresql'] : ['pglite'];
}

/**
 * What a test database starts as: nothing at all, the schema, or the schema with what every start
 * loads (the real territory, operators, carriers, the indicator catalogue), as `startTestApp` needs.
 */
export type TestDatabaseStart = 'empty' | 'migrated' | 'prepared';

const STARTS: Record<TestDatabaseStart, (db: Db) => Promise<unknown>> = {
  empty: async () => undefined,
  migrated: migrateToLatest,
  // Imported only when asked for: most storage tests need the schema, not the whole app.
  prepared: async (db) => (await import('../src/prepare-database.ts')).prepareDatabase(db),
};

/**
 * A fresh database, in memory for PGlite, a new throw-away database on the server (dropped by
 * `close`), so test files never see each other's rows. Migrating and loading the territory cost
 * seconds, so a test run does them once per engine and start: the first test that needs a kind
 * of database builds it from empty (which is also the run's proof that the migrations run from
 * empty on both engines), and every later one opens a copy of it.
 */
export async function openTestDatabase(engine: Engine, start: TestDatabaseStart = 'migrated'): Promise<DatabaseHandle> {
  return engine === 'pglite' ? openEmbedded(start) : openOnServer(start);
}

async function openEmbedded(start: TestDatabaseStart): Promise<DatabaseHandle> {
  const folder = runFolder();
  if (start === 'empty' || !folder) {
    const handle = await openDatabase({});
    await STARTS[start](handle.db);
    return handle;
  }
  const dump = await onceInRun(path.join(folder, `pglite-${start}.tar`), async (file) => {
    const handle = await openEmbedded('empty');
    try {
      await STARTS[start](handle.db);
      fs.writeFileSync(file, Buffer.from(await (await handle.pglite!.dumpDataDir('none')).arrayBuffer()));
    } finally {
      await handle.close();
    }
  });
  return openDatabase({ loadDataDir: new Blob([fs.readFileSync(dump)]) });
}

/** Where the template databases' names are kept, for the global tear-down to drop them. */
export const TEMPLATE_SUFFIX = '.template';

async function openOnServer(start: TestDatabaseStart): Promise<DatabaseHandle> {
  const serverUrl = testServerUrl();
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const folder = runFolder();
  const template =
    start === 'empty' || !folder
      ? undefined
      : fs.readFileSync(
          await onceInRun(path.join(folder, `postgresql-${start}${TEMPLATE_SUFFIX}`), async (file) => {
            const built = await createServerDatabase(serverUrl, undefined);
            try {
              await STARTS[start](built.handle.db);
            } catch (error) {
              await built.handle.close();
              await dropServerDatabase(serverUrl, built.name);
              throw error;
            }
            // A template must have no connection left when it is copied.
            await built.handle.close();
            fs.writeFileSync(file, built.name);
          }),
          'utf8',
        );
  const { name, handle } = await createServerDatabase(serverUrl, template);
  if (!template) await STARTS[start](handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await dropServerDatabase(serverUrl, name);
    },
  };
}

export const dropServerDatabase = (serverUrl: string, name: string) =>
  onServer(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));

async function createServerDatabase(serverUrl: string, template: string | undefined): Promise<{ name: string; handle: DatabaseHandle }> {
  const name = `banso_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await onServer(serverUrl, async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
      } catch (error) {
        // 55006: another session is still on the template (its builder closing, or another copy starting).
        if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
        await sleep(100);
      }
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, handle: await openDatabase({ databaseUrl: url.toString() }) };
}

async function onServer<T>(serverUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
