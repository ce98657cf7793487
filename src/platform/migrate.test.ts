import { NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';
import type { DatabaseHandle, Db } from './database.ts';
import { migrateToLatest, migrationState, migrator } from './migrate.ts';

/** What the migrations make, as text to compare: tables' columns, indexes, constraints, triggers, functions. */
async function schemaOf(db: Db): Promise<Record<'columns' | 'indexes' | 'constraints' | 'triggers' | 'functions', string[]>> {
  const list = async (query: ReturnType<typeof sql<{ item: string }>>) => (await query.execute(db)).rows.map((r) => r.item);
  return {
    columns: await list(sql`
      select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as item
      from information_schema.columns where table_schema = 'public' and table_name not like 'schema_migration%' order by 1`),
    indexes: await list(sql`select indexdef as item from pg_indexes where schemaname = 'public' and tablename not like 'schema_migration%' order by 1`),
    constraints: await list(sql`
      select c.conrelid::regclass::text || ' ' || pg_get_constraintdef(c.oid) as item
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'public' and c.conrelid::regclass::text not like 'schema_migration%' order by 1`),
    triggers: await list(sql`select tgrelid::regclass::text || ' ' || pg_get_triggerdef(oid) as item from pg_trigger where not tgisinternal order by 1`),
    functions: await list(sql`
      select p.proname || ' ' || pg_get_function_identity_arguments(p.oid) || ' ' || md5(p.prosrc) as item
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      -- An extension's own functions (ltree's, pg_trgm's) stay with it: the first migration's undo keeps the extensions.
      where n.nspname = 'public' and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e') order by 1`),
  };
}

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

  // Runs after the test above: the database holds every migration.
  it('undo one by one, newest first, to an empty database, and do again to the same schema', async () => {
    const done = await schemaOf(handle.db);
    expect(done.columns.length).toBeGreaterThan(100);

    const undone = await migrator(handle.db).migrateTo(NO_MIGRATIONS);
    expect(undone.error).toBeUndefined();
    expect(new Set(undone.results?.map((r) => r.status))).toEqual(new Set(['Success']));
    expect(await schemaOf(handle.db)).toEqual({ columns: [], indexes: [], constraints: [], triggers: [], functions: [] });
    expect((await migrationState(handle.db)).applied).toBe(0);

    await migrateToLatest(handle.db);
    expect(await schemaOf(handle.db)).toEqual(done);
  });
});
