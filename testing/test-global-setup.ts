import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dropServerDatabase, TEMPLATE_SUFFIX } from './test-database.ts';

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Finds the PostgreSQL server for the two-engine tests (in CI a missing server fails the run; on a
 * laptop without one the suite runs on the embedded engine and says so), and makes the run's
 * folder where the test processes share the databases they build once (see `openTestDatabase`).
 * The tear-down removes the folder and drops the template databases named in it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL || LOCAL_SERVER;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    process.env.TEST_DATABASE_URL = url;
  } catch (error) {
    if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${url}: ${String(error)}`);
    console.warn(`PostgreSQL is not reachable at ${url}; storage and API tests run on PGlite only.`);
    delete process.env.TEST_DATABASE_URL;
  } finally {
    await client.end().catch(() => undefined);
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-test-run-'));
  process.env.TEST_RUN_FOLDER = folder;
  return async () => {
    const templates = fs.readdirSync(folder).filter((file) => file.endsWith(TEMPLATE_SUFFIX));
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (serverUrl) {
      for (const file of templates) await dropServerDatabase(serverUrl, fs.readFileSync(path.join(folder, file), 'utf8'));
    }
    fs.rmSync(folder, { recursive: true, force: true });
  };
}
