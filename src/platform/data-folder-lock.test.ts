import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataFolder, lockFile, type LockHolder } from './data-folder-lock.ts';
import type { AppError } from './errors.ts';

describe('one process per data folder', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-lock-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  let folders = 0;
  const newFolder = () => fs.mkdtempSync(path.join(root, `${(folders += 1)}-`));

  const leaveLock = (dataDir: string, holder: Partial<LockHolder>) => {
    const left: LockHolder = {
      pid: process.pid,
      startTicks: null,
      host: os.hostname(),
      holder: 'server',
      since: '2026-01-02T03:04:05.000Z',
      token: 'left',
      ...holder,
    };
    fs.writeFileSync(lockFile(dataDir), JSON.stringify(left));
  };
  const refusal = (dataDir: string): AppError => {
    try {
      lockDataFolder(dataDir, 'command');
    } catch (error) {
      return error as AppError;
    }
    throw new Error('the folder was not refused');
  };

  it('refuses a second holder at once, naming the server and what to do, and leaves its lock alone', () => {
    const dataDir = newFolder();
    const lock = lockDataFolder(dataDir, 'server');
    const held = fs.readFileSync(lock.file, 'utf8');
    const error = refusal(dataDir);
    expect(error.code).toBe('database.folder_in_use');
    expect(error.text.en).toContain(`A Bản Số server (process ${process.pid}`);
    expect(error.text.en).toContain('DATABASE_URL');
    expect(error.text.vi).toContain(`Máy chủ Bản Số (tiến trình ${process.pid}`);
    expect(fs.readFileSync(lock.file, 'utf8')).toBe(held);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
    lockDataFolder(dataDir, 'command').release();
  });

  it('takes over the lock of a process that has ended', () => {
    const dataDir = newFolder();
    const ended = spawnSync(process.execPath, ['-e', '']).pid!;
    leaveLock(dataDir, { pid: ended });
    const lock = lockDataFolder(dataDir, 'server');
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, holder: 'server' });
    lock.release();
  });

  it.runIf(fs.existsSync('/proc/self/stat'))('takes over a lock whose pid now belongs to another process', () => {
    const dataDir = newFolder();
    leaveLock(dataDir, { pid: process.pid, startTicks: 1 });
    lockDataFolder(dataDir, 'command').release();
  });

  it('refuses a lock held from another machine, saying which file to delete if nothing runs there', () => {
    const dataDir = newFolder();
    leaveLock(dataDir, { host: `${os.hostname()}-elsewhere`, pid: 1 });
    const error = refusal(dataDir);
    expect(error.text.en).toContain(`on the machine ${os.hostname()}-elsewhere`);
    expect(error.text.en).toContain(`delete ${lockFile(dataDir)}`);
  });

  it('waits out a lock still being written, and takes over one a crash cut short', () => {
    const dataDir = newFolder();
    fs.writeFileSync(lockFile(dataDir), '');
    expect(refusal(dataDir).code).toBe('database.folder_in_use');
    const longAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile(dataDir), longAgo, longAgo);
    lockDataFolder(dataDir, 'command').release();
  });

  it('releases only its own lock', () => {
    const dataDir = newFolder();
    const lock = lockDataFolder(dataDir, 'command');
    leaveLock(dataDir, { token: 'someone else' });
    lock.release();
    expect(fs.existsSync(lockFile(dataDir))).toBe(true);
  });
});
