import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { backupEmbedded, restoreEmbedded } from './backup.ts';

describe('backup and restore of the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-backup-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const operatorNames = async () => {
    const handle = await openDatabase({ dataDir: dir });
    try {
      return (await handle.db.selectFrom('operator').select('name').orderBy('code').execute()).map((o) => o.name);
    } finally {
      await handle.close();
    }
  };

  it('restores exactly what was backed up, and keeps the replaced database aside', async () => {
    const handle = await openDatabase({ dataDir: dir });
    await migrateToLatest(handle.db);
    await handle.db.insertInto('operator').values({ code: 'viettel', name: 'Viettel' }).execute();
    await handle.close();

    const { file, bytes } = await backupEmbedded(dir);
    expect(bytes).toBeGreaterThan(1000);

    const after = await openDatabase({ dataDir: dir });
    await after.db.insertInto('operator').values({ code: 'vnpt', name: 'VNPT' }).execute();
    await after.close();
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
});
