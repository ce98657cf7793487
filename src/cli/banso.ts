#!/usr/bin/env node
import { Command } from 'commander';
import { readConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/database.ts';
import { migrateToLatest } from '../platform/migrate.ts';
import { startServer } from '../server.ts';

const program = new Command()
  .name('banso')
  .description('Bản Số: the digital transformation of a province, from the household up.')
  .showHelpAfterError();

program
  .command('serve')
  .description('Migrate, load the territory, seed the demo province into an empty database, and serve the app and API')
  .action(async () => {
    await startServer(readConfig());
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const handle = await openDatabase(readConfig());
    try {
      const applied = await migrateToLatest(handle.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await handle.close();
    }
  });

await program.parseAsync(process.argv);
