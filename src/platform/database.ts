import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { PGliteDialect } from './pglite-dialect.ts';

export type Db = Kysely<Database>;
export type Engine = 'pglite' | 'postgresql';

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /** The embedded database, for backup and for COPY; undefined on a server. */
  pglite?: PGlite;
  /** The server pool, for COPY in benchmarks; undefined when embedded. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// Both engines hand back the same JavaScript values: 64-bit integers and numerics as numbers
// (our counts fit), a `date` as its 'YYYY-MM-DD' text, since a date is not a midnight timestamp.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const sameValues: Record<number, (value: string) => unknown> = {
  [INT8]: Number,
  [NUMERIC]: Number,
  [DATE]: (value) => value,
};

export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir?: string }): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openServer(options.databaseUrl);
  return openEmbedded(options.dataDir);
}

async function openServer(databaseUrl: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        sameValues[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server drops (a restart, a failover, an administrator) is discarded by
  // the pool and replaced at the next query; unheard, its error would end the whole process.
  pool.on('error', (error) => console.warn(`PostgreSQL dropped an idle connection: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgresql', pool, close: () => db.destroy() };
}

async function openEmbedded(dataDir: string | undefined): Promise<DatabaseHandle> {
  let dataPath: string | undefined;
  if (dataDir) {
    dataPath = path.join(dataDir, 'pglite');
    fs.mkdirSync(dataPath, { recursive: true });
  }
  const client = await PGlite.create({
    dataDir: dataPath,
    extensions: { ltree, pg_trgm },
    parsers: sameValues,
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, engine: 'pglite', pglite: client, close: () => db.destroy() };
}

export async function databaseVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ version: string }>`select current_setting('server_version') as version`.execute(db);
  return rows[0]?.version ?? 'unknown';
}

/**
 * A unique constraint refused a row (SQLSTATE 23505): both engines' errors carry the code. Callers
 * that plan before they write map it to "changed meanwhile" rather than a server fault.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === '23505';
}
