import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppError } from './errors.ts';

/**
 * One process per data folder: the embedded database is one process's database, and a second
 * process on the same files loses writes and can damage them (docs/decisions/0018).
 */
export interface DataFolderLock {
  readonly file: string;
  /** Removes the lock file if it is still this process's; safe to call twice. */
  release(): void;
}

/** Who holds a data folder: written into the lock file, read by whoever finds it there. */
export interface LockHolder {
  pid: number;
  /** The process's start in the kernel's clock ticks (Linux), so that a reused pid is not taken for the holder. */
  startTicks: number | null;
  host: string;
  /** `server` for `banso serve`, `command` for any other process. */
  holder: 'server' | 'command';
  since: string;
  token: string;
}

/** A lock file as found: its exact text (to remove only that one) and who it names, if it is readable. */
interface FoundLock {
  text: string;
  holder: LockHolder | null;
  ageMs: number;
}

export const lockFile = (dataDir: string) => path.join(dataDir, 'banso.lock');

/**
 * Creating and writing a lock, or taking over a dead process's, takes milliseconds: an unreadable
 * lock or a takeover guard older than this was left by a crash.
 */
const HALF_WRITTEN_MS = 10_000;

/** Takes the data folder for this process, or refuses at once, naming who has it and what to do. */
export function lockDataFolder(dataDir: string, holder: LockHolder['holder']): DataFolderLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const mine: LockHolder = {
    pid: process.pid,
    startTicks: startTicks(process.pid),
    host: os.hostname(),
    holder,
    since: new Date().toISOString(),
    token: randomUUID(),
  };
  // A dead process's lock is removed in one round and this one's created in the next.
  for (let round = 0; round < 3; round += 1) {
    if (createExclusively(file, mine)) return heldLock(file, mine.token);
    const found = readLock(file);
    if (!found) continue;
    if (holderIsAlive(found)) throw folderInUse(dataDir, file, found.holder);
    removeDeadLock(file, found);
  }
  throw folderInUse(dataDir, file, null);
}

function createExclusively(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, `${JSON.stringify(holder, null, 2)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function heldLock(file: string, token: string): DataFolderLock {
  const release = () => {
    process.removeListener('exit', release);
    if (readLock(file)?.holder?.token === token) fs.rmSync(file, { force: true });
  };
  // A process that ends without closing its database (an uncaught error, process.exit) leaves no lock behind.
  process.on('exit', release);
  return { file, release };
}

function readLock(file: string): FoundLock | null {
  let text: string;
  let ageMs: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    ageMs = Date.now() - fs.statSync(file).mtimeMs;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  return { text, holder: parseHolder(text), ageMs };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return {
      pid: parsed.pid,
      startTicks: parsed.startTicks ?? null,
      host: parsed.host,
      holder: parsed.holder === 'server' ? 'server' : 'command',
      since: parsed.since ?? '',
      token: parsed.token ?? '',
    };
  } catch {
    return null;
  }
}

/**
 * A holder on this machine is alive if its pid runs and, where the kernel tells start times
 * (Linux), that process started when the holder did: after a crash and a restart, the pid may
 * be some other process's. A holder on another machine (a shared folder) cannot be checked from
 * here, so it counts as alive. An unreadable lock is alive while its writer may still be writing it.
 */
function holderIsAlive({ holder, ageMs }: FoundLock): boolean {
  if (!holder) return ageMs < HALF_WRITTEN_MS;
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if (errorCode(error) === 'ESRCH') return false;
  }
  const ticks = startTicks(holder.pid);
  return ticks === null || holder.startTicks === null || ticks === holder.startTicks;
}

/**
 * Removes a dead process's lock under a guard, so that two processes starting together cannot
 * both do it (the second would remove the first one's new lock): under the guard the lock is
 * read again and removed only if it is still exactly the dead one's.
 */
function removeDeadLock(file: string, dead: FoundLock): void {
  const guard = `${file}.takeover`;
  try {
    fs.mkdirSync(guard);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    // Another process is taking it over; a guard left by a crash is cleared for the next round.
    const left = fs.statSync(guard, { throwIfNoEntry: false });
    if (left && Date.now() - left.mtimeMs > HALF_WRITTEN_MS) fs.rmSync(guard, { recursive: true, force: true });
    return;
  }
  try {
    if (readLock(file)?.text === dead.text) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { recursive: true, force: true });
  }
}

/** Field 22 of /proc/<pid>/stat; null where there is no /proc. */
function startTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function folderInUse(dataDir: string, file: string, holder: LockHolder | null): AppError {
  const refused = {
    vi: 'Hai tiến trình trên một thư mục làm mất dữ liệu, nên lệnh này dừng lại và không đụng vào thư mục.',
    en: 'Two processes on one folder lose data, so this stopped without touching the folder.',
  };
  if (!holder) {
    return new AppError(409, 'database.folder_in_use', {
      vi: `Một tiến trình Bản Số khác đang mở thư mục dữ liệu ${dataDir}. ${refused.vi} Chờ tiến trình đó xong rồi chạy lại.`,
      en: `Another Bản Số process is opening the data folder ${dataDir}. ${refused.en} Wait for it to finish and run this again.`,
    });
  }
  const since = holder.since.replace('T', ' ').replace(/\..*$/, ' UTC');
  const elsewhere = holder.host !== os.hostname();
  const where = { vi: elsewhere ? ` trên máy ${holder.host}` : '', en: elsewhere ? ` on the machine ${holder.host}` : '' };
  const server = holder.holder === 'server';
  const who = {
    vi: `${server ? 'Máy chủ Bản Số' : 'Một lệnh banso khác'} (tiến trình ${holder.pid}${where.vi}, từ ${since})`,
    en: `${server ? 'A Bản Số server' : 'Another banso command'} (process ${holder.pid}${where.en}, since ${since})`,
  };
  const todo = server
    ? {
        vi: 'Dừng máy chủ (Ctrl+C) rồi chạy lại lệnh; hoặc làm việc này qua ứng dụng web hay API của máy chủ đang chạy; hoặc đặt DATABASE_URL trỏ tới một máy chủ PostgreSQL, nơi nhiều tiến trình dùng chung được.',
        en: "Stop the server (Ctrl+C) and run the command again; or do this through the running server's web app or API; or point DATABASE_URL at a PostgreSQL server, which several processes can share.",
      }
    : { vi: 'Chờ lệnh đó xong rồi chạy lại.', en: 'Wait for it to finish and run this again.' };
  const unsure = elsewhere
    ? { vi: ` Nếu chắc chắn không còn gì chạy trên máy đó, xoá tệp ${file}.`, en: ` If you are sure nothing runs there any more, delete ${file}.` }
    : { vi: '', en: '' };
  return new AppError(409, 'database.folder_in_use', {
    vi: `${who.vi} đang mở cơ sở dữ liệu trong ${dataDir}. ${refused.vi} ${todo.vi}${unsure.vi}`,
    en: `${who.en} has the database in ${dataDir} open. ${refused.en} ${todo.en}${unsure.en}`,
  });
}
