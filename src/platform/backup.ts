import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'kysely';
import { AppError } from './errors.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { migrationState } from './migrate.ts';
import type { DatabaseHandle } from './database.ts';

/** Where the embedded database keeps its files inside the data folder. */
export const embeddedPath = (dataDir: string) => path.join(dataDir, 'pglite');

/** Where backups go unless told otherwise: the automatic ones always. */
export const backupsFolder = (dataDir: string) => path.join(dataDir, 'backups');

/** UTC date and time for file names: they sort as they were made. */
export const fileTimestamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

/** Automatic backups carry their reason in the name; only they are ever removed, never one made by hand. */
export type AutomaticBackup = 'daily' | 'before-migrations';

/** A new backup's file in the data folder's backups: `banso-<UTC time>[-<reason>].tar.gz`. */
export const newBackupFile = (dataDir: string, reason?: AutomaticBackup) =>
  path.join(backupsFolder(dataDir), `banso-${fileTimestamp()}${reason ? `-${reason}` : ''}.tar.gz`);

const BACKUP = /^banso-\d{8}-\d{6}(-[a-z-]+)?\.tar\.gz$/;

/** The backups in a data folder, newest first. */
export function listBackups(dataDir: string): string[] {
  const folder = backupsFolder(dataDir);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => BACKUP.test(name))
    .sort()
    .reverse()
    .map((name) => path.join(folder, name));
}

/**
 * Writes the open embedded database as one gzipped tar file (PGlite's dump of its data folder).
 * It holds the one connection while it copies, after a checkpoint, so no transaction is half-way
 * and a restore needs no recovery. The file appears under its name only once complete: a crash
 * while writing leaves no backup that cannot be restored.
 */
export async function writeBackup(handle: DatabaseHandle, file: string): Promise<{ file: string; bytes: number }> {
  const { pglite } = handle;
  if (!pglite) throw new Error('Only the embedded database is backed up this way.');
  const dump = await handle.db.connection().execute(async (connection) => {
    await sql`checkpoint`.execute(connection);
    return pglite.dumpDataDir('gzip');
  });
  const bytes = Buffer.from(await dump.arrayBuffer());
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, file);
  return { file, bytes: bytes.length };
}

/** An automatic backup into the data folder's backups, keeping the newest `keep` of its kind. */
export async function writeAutomaticBackup(handle: DatabaseHandle, kind: AutomaticBackup, keep: number): Promise<string> {
  const dataDir = embeddedDataDir(handle);
  const { file } = await writeBackup(handle, newBackupFile(dataDir, kind));
  for (const old of listBackups(dataDir)
    .filter((name) => name.endsWith(`-${kind}.tar.gz`))
    .slice(keep))
    fs.rmSync(old, { force: true });
  return file;
}

/**
 * Keeps a copy of an embedded database before migrations change it: a migration that fails
 * half-way, or one that turns out wrong, can be undone by restoring it. A new database has
 * nothing to keep. Returns the file, or null when none was needed.
 */
export async function backupBeforeMigrations(handle: DatabaseHandle, keep: number): Promise<string | null> {
  if (!handle.dataDir) return null;
  const { applied, pending } = await migrationState(handle.db);
  if (applied === 0 || pending.length === 0) return null;
  return writeAutomaticBackup(handle, 'before-migrations', keep);
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * While the server runs, a backup whenever the newest daily one is a day old (at start too, so a
 * database is never without a recent copy). Checked hourly: a server stopped each night still
 * gets its daily backup the next morning. A failed backup is reported and tried again next hour.
 */
export function keepDailyBackups(handle: DatabaseHandle, keep: number, report: (message: string) => void): { settled(): Promise<void>; stop(): Promise<void> } {
  const dataDir = embeddedDataDir(handle);
  let running: Promise<void> = Promise.resolve();
  const check = () => {
    const newest = listBackups(dataDir).find((name) => name.endsWith('-daily.tar.gz'));
    if (newest && Date.now() - fs.statSync(newest).mtimeMs < DAY_MS) return;
    running = writeAutomaticBackup(handle, 'daily', keep).then(
      (file) => report(`Daily backup written: ${file}`),
      (error: unknown) => report(`The daily backup failed (tried again in an hour): ${String(error)}`),
    );
  };
  check();
  const timer = setInterval(() => void running.then(check), HOUR_MS);
  timer.unref();
  return {
    /** Resolves when no backup is being written. */
    settled: () => running,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

function embeddedDataDir(handle: DatabaseHandle): string {
  if (!handle.dataDir) throw new Error('Automatic backups are for an embedded database kept in a data folder.');
  return handle.dataDir;
}

/**
 * Restores a backup into the data folder, which it locks first like any process that opens it.
 * The database it replaces is kept beside it (renamed, never deleted): a restore must not be the
 * way data gets lost, and a damaged database may still be wanted by someone who can mend it.
 */
export async function restoreEmbedded(dataDir: string, backupFile: string): Promise<{ keptPrevious: string | null }> {
  if (!fs.existsSync(backupFile)) {
    throw new AppError(400, 'backup.file_missing', { vi: `Không thấy tệp ${backupFile}.`, en: `No such file: ${backupFile}.` });
  }
  const lock = lockDataFolder(dataDir, 'command');
  try {
    const target = embeddedPath(dataDir);
    const staging = `${target}.restoring`;
    fs.rmSync(staging, { recursive: true, force: true });
    const blob = new Blob([fs.readFileSync(backupFile)]);
    try {
      const client = await PGlite.create({ dataDir: staging, loadDataDir: blob, extensions: { ltree, pg_trgm } });
      await client.query('select 1');
      await client.close();
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new AppError(400, 'backup.unreadable', {
        vi: 'Tệp sao lưu bị hỏng hoặc không phải bản sao lưu của Bản Số.',
        en: `The backup file is damaged or not a Bản Số backup (${String(error)}).`,
      });
    }
    let keptPrevious: string | null = null;
    if (fs.existsSync(target)) {
      keptPrevious = `${target}.before-restore-${fileTimestamp()}`;
      fs.renameSync(target, keptPrevious);
    }
    fs.renameSync(staging, target);
    return { keptPrevious };
  } finally {
    lock.release();
  }
}
