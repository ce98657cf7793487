import path from 'node:path';

/** Runtime settings, read once from the environment so every module sees the same values. */
export interface Config {
  /** postgres://… selects a PostgreSQL server; unset selects the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (and its backups). */
  dataDir: string;
  port: number;
  host: string;
  /** Sessions expire after this many hours without use. */
  sessionHours: number;
  /** Sync pushes the server works on at once before it asks phones to come back later. */
  maxPushesInFlight: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.BANSO_DATA_DIR ?? 'data'),
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    sessionHours: Number(env.BANSO_SESSION_HOURS ?? 12),
    maxPushesInFlight: Number(env.BANSO_SYNC_MAX_PUSHES ?? 16),
  };
}
