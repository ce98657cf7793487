import pg from 'pg';

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Finds the PostgreSQL server for the two-engine tests. In CI a missing server fails the run;
 * on a laptop without one the suite runs on the embedded engine and says so.
 */
export default async function setup(): Promise<void> {
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
}
