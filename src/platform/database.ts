import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { lockDataFolder, type LockHolder } from './data-folder-lock.ts';
import { backupsFolder, embeddedPath, fileTimestamp, listBackups } from './backup.ts';
import { AppError } from './errors.ts';

export type Db = Kysely<Database>;

/**
 * Runs `work` in the caller's transaction when given one (the demo builds a province in one),
 * else in a transaction of its own: a use case that writes a row and its audit entry is atomic
 * either way.
 */
export const atomically = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? work(db) : db.transaction().execute(work));
export type Engine = 'pglite' | 'postgresql';

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /** The embedded database, for backup and for COPY; undefined on a server. */
  pglite?: PGlite;
  /** The server pool, for COPY in benchmarks; undefined when embedded. */
  pool?: pg.Pool;
  /** The data folder of the embedded database (and of its backups); undefined in memory and on a server. */
  dataDir?: string;
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

/** What opening the embedded database went through, for start-up to report (and a test to stop after). */
export type OpenStep = 'folder locked' | 'database created' | 'database open';

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** The embedded database's folder; without one (and without a URL) the database is in memory. */
  dataDir?: string;
  /** In memory only: start as a copy of this dump (`dumpDataDir`) rather than an empty database. */
  loadDataDir?: Blob;
  /** Who takes the data folder, for the message another process gets. */
  holder?: LockHolder['holder'];
  onStep?: (step: OpenStep) => void;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openServer(options.databaseUrl);
  if (!options.dataDir) return handleOf(await openClient(undefined, undefined, options.loadDataDir));
  return openDataFolder(options.dataDir, options.holder ?? 'command', options.onStep ?? (() => undefined));
}

async function openServer(databaseUrl: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => sameValues[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server drops (a restart, a failover, an administrator) is discarded by
  // the pool and replaced at the next query; unheard, its error would end the whole process.
  pool.on('error', (error) => console.warn(`PostgreSQL dropped an idle connection: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgresql', pool, close: () => db.destroy() };
}

/**
 * The data folder is locked before anything in it is read or written, and stays locked until the
 * handle is closed (or the process ends): one process per embedded database (decision 0018).
 */
async function openDataFolder(dataDir: string, holder: LockHolder['holder'], onStep: (step: OpenStep) => void): Promise<DatabaseHandle> {
  const lock = lockDataFolder(dataDir, holder);
  onStep('folder locked');
  try {
    const target = embeddedPath(dataDir);
    if (!fs.existsSync(path.join(target, 'PG_VERSION'))) {
      await createDatabase(target);
      onStep('database created');
    }
    const client = await openExisting(dataDir);
    onStep('database open');
    const handle = handleOf(client);
    return {
      ...handle,
      dataDir,
      close: async () => {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * A first start creates the database beside its place and moves it in once complete, so that a
 * crash while creating leaves nothing half-made to open. Whatever was there without being a
 * database is moved aside, not deleted.
 */
async function createDatabase(target: string): Promise<void> {
  const staging = `${target}.creating`;
  fs.rmSync(staging, { recursive: true, force: true });
  const client = await PGlite.create({ dataDir: staging });
  await client.close();
  if (fs.existsSync(target)) {
    if (fs.readdirSync(target).length === 0) fs.rmdirSync(target);
    else fs.renameSync(target, `${target}.unfinished-${fileTimestamp()}`);
  }
  fs.renameSync(staging, target);
}

/**
 * Opens the database in a data folder, or says it is damaged and how to restore it. The engine
 * tells why on its stderr, which is kept (not printed) for the message; left uncaught, its abort
 * would end the process with its whole minified source on the terminal.
 */
async function openExisting(dataDir: string): Promise<PGlite> {
  let said: string[] | null = [];
  try {
    return await openClient(embeddedPath(dataDir), (line) => said?.push(line));
  } catch (error) {
    throw damagedDatabase(dataDir, engineReason(said ?? [], error));
  } finally {
    said = null;
  }
}

/** The engine's last complaint without its time stamp, or the error itself. */
function engineReason(said: string[], error: unknown): string {
  const complaint = [...said].reverse().find((line) => /\b(PANIC|FATAL|ERROR):/.test(line));
  const reason = complaint ? complaint.replace(/^.*?\b(PANIC|FATAL|ERROR):\s*/, '') : String(error);
  return reason.split('\n')[0]!.slice(0, 300);
}

function openClient(dataPath: string | undefined, onEngineError?: (line: string) => void, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({
    dataDir: dataPath,
    ...(loadDataDir && { loadDataDir }),
    extensions: { ltree, pg_trgm },
    parsers: sameValues,
    ...(onEngineError && { onStderr: (line: string) => (onEngineError(line), false) }),
  });
}

function handleOf(client: PGlite): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, engine: 'pglite', pglite: client, close: () => db.destroy() };
}

function damagedDatabase(dataDir: string, reason: string): AppError {
  const backup = listBackups(dataDir)[0];
  const target = embeddedPath(dataDir);
  const backups = backupsFolder(dataDir);
  const todo = backup
    ? {
        vi: `Khôi phục bản sao lưu gần nhất, ${backup}: npx banso restore "${backup}" (cơ sở dữ liệu hỏng được giữ lại bên cạnh, không bị xoá), rồi khởi động lại.`,
        en: `Restore the latest backup, ${backup}: npx banso restore "${backup}" (the damaged database is kept aside, not deleted), then start again.`,
      }
    : {
        vi: `Không có bản sao lưu nào trong ${backups}. Có bản sao lưu ở nơi khác thì: npx banso restore TỆP. Nếu không, chuyển thư mục ${target} sang chỗ khác (đừng xoá) để bắt đầu lại với một cơ sở dữ liệu mới.`,
        en: `There is no backup in ${backups}. With a backup from elsewhere: npx banso restore FILE. Without one, move ${target} aside (do not delete it) to start again with a new database.`,
      };
  return new AppError(500, 'database.damaged', {
    vi: `Không mở được cơ sở dữ liệu trong ${target}: các tệp của nó bị hỏng (động cơ cơ sở dữ liệu báo: ${reason}). Thường do hai tiến trình cùng mở một thư mục, đĩa đầy, hoặc tệp bị sửa tay. ${todo.vi}`,
    en: `The database in ${target} cannot be opened: its files are damaged (the database engine said: ${reason}). Two processes on one folder, a full disk or files edited by hand do this. ${todo.en}`,
  });
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
