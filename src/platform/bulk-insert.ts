import { sql, type InsertType } from 'kysely';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';
import { arrayOf } from './sql-arrays.ts';

export type PgType = 'uuid' | 'text' | 'date' | 'timestamptz' | 'bool' | 'int2' | 'int4' | 'jsonb' | 'ltree';

/** The columns a bulk insert writes and their types, for the `unnest` casts. */
export type ColumnTypes<Table> = { [K in keyof Table]?: PgType };
export type RowOf<Table, Types extends ColumnTypes<Table>> = { [K in keyof Types & keyof Table]: InsertType<Table[K]> };

/** A row whose key is taken already replaces these columns of it (the others, a note say, stay). */
export interface OnConflict<Table> {
  key: readonly (keyof Table & string)[];
  replace: readonly (keyof Table & string)[];
}

/**
 * Writes rows as one `insert … select from unnest(array, array, …)`: one statement and one
 * parameter per column however many rows, the fast path on the single-connection engine.
 */
export async function insertByColumns<T extends keyof Database, Types extends ColumnTypes<Database[T]>>(
  db: Db,
  table: T,
  types: Types,
  rows: readonly RowOf<Database[T], Types>[],
  onConflict?: OnConflict<Database[T]>,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(types) as (keyof Types & keyof Database[T] & string)[];
  const arrays = columns.map((column) => {
    const type = types[column] as PgType;
    // JSON and instants go as text; every other value as it is (text quoted by arrayOf, the rest cannot hold a delimiter).
    const present = (v: unknown) =>
      v === null || v === undefined ? null : type === 'jsonb' ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : (v as string | number | boolean);
    return sql`${arrayOf(rows, (row) => present(row[column]))}::${sql.raw(type)}[]`;
  });
  const upsert = onConflict
    ? sql`on conflict (${sql.join(onConflict.key.map((c) => sql.ref(c)))}) do update set ${sql.join(onConflict.replace.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}`
    : sql``;
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)}) ${upsert}`.execute(db);
}
