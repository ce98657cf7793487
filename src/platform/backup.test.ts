import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import type { AppError } from './errors.ts';
import { migrateToLatest } from './migrate.ts';
import { backupBeforeMigrations, listBackups, newBackupFile, restoreEmbedded, writeAutomaticBackup, writeBackup } from './backup.ts';

describe('backup and restore of the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-backup-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const withDatabase = async <T>(work: (handle: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> => {
    const handle = await openDatabase({ dataDir: dir });
    try {
      return await work(handle);
    } finally {
      await handle.close();
    }
  };
  const operatorNames = () => withDatabase(async (h) => (await h.db.selectFrom('operator').select('name').orderBy('code').execute()).map((o) => o.name));

  it('restores exactly what was backed up, and keeps the replaced database aside', async () => {
    const { file, bytes } = await withDatabase(async (h) => {
      await migrateToLatest(h.db);
      await h.db.insertInto('operator').values({ code: 'viettel', name: 'Viettel' }).execute();
      return writeBackup(h, newBackupFile(dir));
    });
    expect(bytes).toBeGreaterThan(1000);
    expect(listBackups(dir)).toEqual([file]);

    await withDatabase((h) => h.db.insertInto('operator').values({ code: 'vnpt', name: 'VNPT' }).execute());
    expect(await operatorNames()).toEqual(['Viettel', 'VNPT']);

    const { keptPrevious } = await restoreEmbedded(dir, file);
    expect(await operatorNames()).toEqual(['Viettel']);
    expect(keptPrevious && fs.existsSync(keptPrevious)).toBe(true);
  });

  it('refuses a file that is not a backup, leaving the database as it was', async () => {
    const junk = path.join(dir, 'junk.tar.gz');
    fs.writeFileSync(junk, 'not a backup');
    await expect(restoreEmbedded(dir, junk)).rejects.toMatchObject({ code: 'backup.unreadable' });
    expect(await operatorNames()).toEqual(['Viettel']);
  });

  it('refuses to restore into a folder another handle has open, and touches nothing', async () => {
    const [backup] = listBackups(dir);
    const before = fs.readdirSync(dir).sort();
    await withDatabase(async () => {
      await expect(restoreEmbedded(dir, backup!)).rejects.toMatchObject({ code: 'database.folder_in_use' });
      await expect(openDatabase({ dataDir: dir })).rejects.toMatchObject({ code: 'database.folder_in_use' });
    });
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('says a damaged database cannot be opened and names the newest backup to restore', async () => {
    const damaged = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-damaged-'));
    try {
      fs.cpSync(dir, damaged, { recursive: true });
      fs.truncateSync(path.join(damaged, 'pglite', 'global', 'pg_control'), 0);
      const opening = openDatabase({ dataDir: damaged });
      await expect(opening).rejects.toMatchObject({ code: 'database.damaged' });
      const { text } = (await opening.catch((error: unknown) => error)) as AppError;
      expect(text.en).toContain('could not read file "global/pg_control"');
      expect(text.en).toContain(`npx banso restore "${listBackups(damaged)[0]}"`);
      expect(fs.existsSync(path.join(damaged, 'banso.lock'))).toBe(false);
    } finally {
      fs.rmSync(damaged, { recursive: true, force: true });
    }
  });

  it('keeps a backup before pending migrations, none when there are none, and only the newest automatic ones', async () => {
    await withDatabase(async (h) => {
      expect(await backupBeforeMigrations(h, 2)).toBeNull();
      // As if the last migration were new: the database has migrations and one is pending.
      await sql`delete from schema_migration where name = '0006-validation-violations'`.execute(h.db);
      const file = await backupBeforeMigrations(h, 2);
      expect(file).toMatch(/banso-\d{8}-\d{6}-before-migrations\.tar\.gz$/);
      expect(listBackups(dir)[0]).toBe(file);
    });
    const handMade = listBackups(dir).filter((f) => !f.includes('-before-migrations'));
    const older = ['20250101-000000', '20250102-000000'].map((time) => path.join(dir, 'backups', `banso-${time}-daily.tar.gz`));
    for (const file of older) fs.copyFileSync(handMade[0]!, file);
    const newest = await withDatabase((h) => writeAutomaticBackup(h, 'daily', 2));
    const left = listBackups(dir);
    expect(left.filter((f) => f.endsWith('-daily.tar.gz'))).toEqual([newest, older[1]]);
    expect(left.filter((f) => f.endsWith('-before-migrations.tar.gz'))).toHaveLength(1);
    expect(left).toEqual(expect.arrayContaining(handMade));
  });
});
