#!/usr/bin/env node
import { Argument, Command, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { readConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/database.ts';
import { migrateToLatest } from '../platform/migrate.ts';
import { startServer } from '../server.ts';
import { prepareDatabase } from '../prepare-database.ts';
import { createAccount } from '../accounts/create-account.ts';
import { ROLES } from '../accounts/account.schema.ts';
import { backupEmbedded, restoreEmbedded } from '../platform/backup.ts';
import { rebuildIndicators } from '../indicators/refresh-data-values.ts';
import { EXPORT_KINDS, IMPORT_KINDS } from '../imports/import.rules.ts';
import { csvEncoding, exportKind, importKind, sheetFormat, surveySelection } from '../imports/import.schema.ts';
import { importFile } from '../imports/import-spreadsheet.ts';
import { exportTable, importTemplate } from '../imports/export-table.ts';
import { PROVINCE_CODE, SYSTEM_ACTOR } from '../imports/system-actor.ts';
import { runDemoCommand } from '../demo/demo.command.ts';
import type { DatabaseHandle } from '../platform/database.ts';
import { AppError, badRequest } from '../platform/errors.ts';

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


/** Runs a command against the configured database, prepared, and always closes it. */
async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(readConfig());
  try {
    await prepareDatabase(handle.db);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

program
  .command('indicators')
  .description('The indicator engine')
  .command('rebuild')
  .description('Recompute every indicator value from the raw rows (for repairs; values are otherwise kept current on every write)')
  .action(async () => {
    const { values, seconds } = await withDatabase((h) => rebuildIndicators(h.db, (step) => console.log(`… ${step}`)));
    console.log(`Rebuilt ${values.toLocaleString('en')} leaf values in ${seconds.toFixed(1)} s.`);
  });

program
  .command('import')
  .description('Import villages, coverage, households, support visits or trainings from a CSV or .xlsx file: every row or none; a refusal lists every bad row')
  .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
  .argument('<file>', 'the .csv or .xlsx file')
  .option('--dry-run', 'check every row and count what would change, but write nothing')
  .addOption(
    new Option('--encoding <encoding>', 'a CSV file\'s encoding (auto: a byte-order mark decides, else valid UTF-8 is UTF-8, else Windows-1258)').choices(csvEncoding.options).default('auto'),
  )
  .action(async (kind: string, file: string, options: { dryRun?: boolean; encoding: string }) => {
    const onProgress = (done: number, total: number) => console.log(`rows ${done}/${total}`);
    const summary = await withDatabase((h) =>
      importFile(h.db, SYSTEM_ACTOR, importKind.parse(kind), file, { dryRun: options.dryRun === true, onProgress, encoding: csvEncoding.parse(options.encoding) }),
    );
    const kept = summary.unchanged ? `, ${summary.unchanged} already recorded` : '';
    console.log(
      summary.dryRun
        ? `Checked ${summary.rows} rows: ${summary.created} would be added, ${summary.updated} replaced${kept}. Nothing was written (--dry-run).`
        : `Imported ${summary.rows} rows: ${summary.created} added, ${summary.updated} replaced${kept}.`,
    );
  });

program
  .command('export')
  .description('Export a subtree\'s villages, coverage, households, visits or trainings as CSV (UTF-8 with BOM) or .xlsx, with the headers the import reads')
  .addArgument(new Argument('<kind>', 'what to export').choices(EXPORT_KINDS))
  .option('--unit <code>', 'the province, a commune or a village', PROVINCE_CODE)
  .addOption(new Option('--format <format>', 'file format').choices(sheetFormat.options).default('csv'))
  .addOption(new Option('--surveys <which>', 'households: each one\'s latest survey, or all of them').choices(surveySelection.options).default('latest'))
  .option('--out <file>', 'where to write it (default: the suggested file name, in this folder)')
  .action(async (kind: string, options: { unit: string; format: string; surveys: string; out?: string }) => {
    const file = await withDatabase((h) =>
      exportTable(h.db, SYSTEM_ACTOR, exportKind.parse(kind), { orgUnit: options.unit, format: sheetFormat.parse(options.format), surveys: surveySelection.parse(options.surveys) }),
    );
    const out = options.out ?? file.filename;
    await writeFile(out, file.body);
    console.log(`Wrote ${file.rows} rows to ${out}.`);
  });

program
  .command('template')
  .description('Write the file to fill in for an import: the Vietnamese headers it reads and one example row')
  .addArgument(new Argument('<kind>', 'what the file will hold').choices(IMPORT_KINDS))
  .addOption(new Option('--format <format>', 'file format').choices(sheetFormat.options).default('xlsx'))
  .option('--out <file>', 'where to write it (default: the suggested file name, in this folder)')
  .action(async (kind: string, options: { format: string; out?: string }) => {
    const file = await importTemplate(importKind.parse(kind), sheetFormat.parse(options.format));
    const out = options.out ?? file.filename;
    await writeFile(out, file.body);
    console.log(`Wrote the ${kind} template to ${out}.`);
  });

program
  .command('demo')
  .description('Generate the demo province (villages, households, five years of surveys and coverage) into a database without villages, and print its figures')
  .option('--seed <n>', 'the same seed gives the same province', '1')
  .option('--scale <s>', 'size relative to Lạng Sơn: 1 is about 1,680 villages and 205,000 households', '1')
  .action(async (options: { seed: string; scale: string }) => {
    await withDatabase(async (h) => {
      await runDemoCommand(h.db, { seed: Number(options.seed), scale: Number(options.scale) });
      const { seconds } = await rebuildIndicators(h.db);
      console.log(`Indicators built in ${seconds.toFixed(1)} s.`);
    });
  });

const user = program.command('user').description('Accounts');
user
  .command('add <username>')
  .description('Create an account with one role scoped to a unit and everything below it; prints its one-time password')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
  .requiredOption('--unit <code>', 'the unit the role covers: 20 (province), a commune code, or a village code')
  .option('--name <display name>', 'name shown in the app')
  .option('--password <password>', 'set the password instead of generating a one-time one')
  .action(async (username: string, options: { role: string; unit: string; name?: string; password?: string }) => {
    const role = ROLES.find((r) => r === options.role);
    if (!role) throw badRequest('account.unknown_role', { vi: `Không có vai trò "${options.role}". Các vai trò: ${ROLES.join(', ')}`, en: `Unknown role "${options.role}". Roles: ${ROLES.join(', ')}` }, 'role');
    const created = await withDatabase((h) =>
      createAccount(h.db, { username, displayName: options.name ?? username, role, orgUnitCode: options.unit, password: options.password }, 'command line'),
    );
    console.log(`Account ${username} created (${role} of ${options.unit}).`);
    if (!options.password) console.log(`One-time password (shown only now; changed at first log-in): ${created.password}`);
  });

function requireEmbedded(): string {
  const config = readConfig();
  if (config.databaseUrl) program.error('Backups of a PostgreSQL server are made with pg_dump / pg_restore; this command is for the embedded database.');
  return config.dataDir;
}

program
  .command('backup')
  .description('Write the embedded database to one .tar.gz file (stop the server first)')
  .option('--out <file>', 'where to write it (default: <data folder>/backups/banso-<time>.tar.gz)')
  .action(async (options: { out?: string }) => {
    const { file, bytes } = await backupEmbedded(requireEmbedded(), options.out);
    console.log(`Backup written: ${file} (${(bytes / 1e6).toFixed(1)} MB)`);
  });

program
  .command('restore <file>')
  .description('Replace the embedded database with a backup (stop the server first); the replaced one is kept aside')
  .action(async (file: string) => {
    const { keptPrevious } = await restoreEmbedded(requireEmbedded(), file);
    console.log(`Restored from ${file}.${keptPrevious ? ` The previous database is kept in ${keptPrevious}.` : ''}`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(`${error.text.vi}\n${error.text.en}`);
  for (const issue of error.issues ?? []) console.error(`  ${issue.row ? `row ${issue.row}, ` : ''}${issue.field ?? ''}: ${issue.message.vi} / ${issue.message.en}`);
  // Exit now: an open embedded database would otherwise keep the process alive.
  process.exit(1);
}
