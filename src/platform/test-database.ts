import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Engine } from './database.ts';
import { migrateToLatest } from './migrate.ts';

/** The server the storage and API tests also run on; the suite's global set-up fills it in. */
export const testServerUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

/** Every engine the suite runs on: always the embedded one, and the server when one is configured. */
export function testEngines(): Engine[] {
  return testServerUrl() ? ['pglite', 'postgresql'] : ['pglite'];
}

/**
 * A fresh, migrated database: in memory for PGlite, a new throw-away database on the server
 * (dropped by `close`), so test files never see each other's rows.
 */
export async function openTestDatabase(engine: Engine): Promise<DatabaseHandle> {
  if (engine === 'pglite') {
    const handle = await openDatabase({});
    await migrateToLatest(handle.db);
    return handle;
  }
  const serverUrl = testServerUrl();
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `banso_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
