import { sql, type Kysely } from 'kysely';

/**
 * One round trip for what a refresh does first (decision 0056): take the leaves' locks, then read
 * the leaves' places in the territory and their stored values. The reads must see every commit of
 * the writers the locks waited for; a statement's snapshot is taken when it starts, before its
 * locks are granted, so in one plain statement they could not. A VOLATILE function's statements
 * each take a snapshot of their own when they run (read committed), here after the locks.
 *
 * The rows come in one shape: a unit as ('unit', code, path, province), a value as ('value',
 * element, period, unit, value, leaves).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function lock_leaves_and_read_values(lock_keys text[], leaf_codes text[], elements text[], periods text[])
    returns table (kind text, a text, b text, c text, value numeric, leaves integer)
    language plpgsql volatile as $$
    declare
      lock_key text;
    begin
      -- In the caller's order (sorted), so two refreshes of the same leaves cannot deadlock.
      foreach lock_key in array lock_keys loop
        perform pg_advisory_xact_lock(hashtext(lock_key));
      end loop;
      return query select 'unit', u.code, u.path::text, u.province_code, null::numeric, null::integer
        from org_unit u where u.code = any(leaf_codes);
      return query select 'value', v.data_element, v.period, v.org_unit_code, v.value, v.leaves
        from data_value v
        where v.data_element = any(elements) and v.period = any(periods) and v.org_unit_code = any(leaf_codes);
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists lock_leaves_and_read_values(text[], text[], text[], text[])`.execute(db);
}
