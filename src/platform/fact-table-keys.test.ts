import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './database.ts';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';

/**
 * Tables that carry a province code but are not facts to spread by province (decision 0027): the
 * territory is a reference table every node holds whole; accounts' roles, the outbox and the jobs
 * belong to the instance that runs them; a value delta lives only inside the transaction that
 * writes it (migration 0026).
 */
const NOT_FACTS = new Set(['org_unit', 'role_assignment', 'outbox_event', 'job', 'value_delta']);

describe.each(testEngines())('fact tables on %s', (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('every fact table carries its province code in its primary key or a unique key, so partitions by province (or Citus) stay open', async () => {
    const { rows } = await sql<{ table_name: string; keyed: boolean }>`
      select c.table_name, exists (
        select 1 from information_schema.table_constraints t
        join information_schema.key_column_usage k on k.constraint_name = t.constraint_name and k.table_name = t.table_name
        where t.table_name = c.table_name and t.constraint_type in ('PRIMARY KEY', 'UNIQUE') and k.column_name = 'province_code'
      ) as keyed
      from information_schema.columns c
      where c.table_schema = 'public' and c.column_name = 'province_code' and c.is_nullable = 'NO'
      order by c.table_name`.execute(handle.db);
    const facts = rows.filter((r) => !NOT_FACTS.has(r.table_name));
    expect(facts.map((r) => r.table_name)).toEqual(expect.arrayContaining(['household', 'household_survey', 'data_value', 'mobile_coverage', 'support_visit']));
    expect(facts.filter((r) => !r.keyed).map((r) => r.table_name)).toEqual([]);
  });
});
