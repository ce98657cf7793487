import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, testServerUrl } from '../../testing/test-database.ts';

// Only the server has connections that another session can end.
describe.runIf(testServerUrl())('the PostgreSQL server connection pool', () => {
  it('survives the server ending an idle connection, and serves the next query on a new one', async () => {
    const handle = await openTestDatabase('postgresql');
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      const pid = rows[0]!.pid;
      const admin = await openTestDatabase('postgresql');
      try {
        await sql`select pg_terminate_backend(${pid})`.execute(admin.db);
      } finally {
        await admin.close();
      }
      // Give the pool a moment to hear of it: the 'error' event of an idle client.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      expect(again.rows[0]!.pid).not.toBe(pid);
    } finally {
      await handle.close();
    }
  });
});
