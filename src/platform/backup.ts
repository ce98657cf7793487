import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { AppError } from './errors.ts';

/** Where the embedded database keeps its files inside the data folder. */
export const embeddedPath = (dataDir: string) => path.join(dataDir, 'pglite');

const timestamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

/**
 * Writes the embedded database as one gzipped tar file (PGlite's own dump of its data folder,
 * consistent because it is taken through the database). Run it with the server stopped:
 * PGlite is one process's database.
 */
export async function backupEmbedded(dataDir: string, outFile?: string): Promise<{ file: string; bytes: number }> {
  const source = embeddedPath(dataDir);
  if (!fs.existsSync(path.join(source, 'PG_VERSION'))) {
    throw new AppError(400, 'backup.no_database', { vi: `Không có cơ sở dữ liệu trong ${dataDir}.`, en: `There is no database in ${dataDir}.` });
  }
  const client = await PGlite.create({ dataDir: source, extensions: { ltree, pg_trgm } });
  try {
    const dump = await client.dumpDataDir('gzip');
    const file = outFile ?? path.join(dataDir, 'backups', `banso-${timestamp()}.tar.gz`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const bytes = Buffer.from(await dump.arrayBuffer());
    fs.writeFileSync(file, bytes);
    return { file, bytes: bytes.length };
  } finally {
    await client.close();
  }
}

/**
 * Restores a backup into the data folder. The database it replaces is kept beside it
 * (renamed, never deleted): a restore must not be the way data gets lost.
 */
export async function restoreEmbedded(dataDir: string, backupFile: string): Promise<{ keptPrevious: string | null }> {
  if (!fs.existsSync(backupFile)) {
    throw new AppError(400, 'backup.file_missing', { vi: `Không thấy tệp ${backupFile}.`, en: `No such file: ${backupFile}.` });
  }
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
    throw new AppError(400, 'backup.unreadable', { vi: 'Tệp sao lưu bị hỏng hoặc không phải bản sao lưu của Bản Số.', en: `The backup file is damaged or not a Bản Số backup (${String(error)}).` });
  }
  let keptPrevious: string | null = null;
  if (fs.existsSync(target)) {
    keptPrevious = `${target}.before-restore-${timestamp()}`;
    fs.renameSync(target, keptPrevious);
  }
  fs.renameSync(staging, target);
  return { keptPrevious };
}
