#!/usr/bin/env node
import { Argument, Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/database.ts';
import { migrateToLatest } from '../platform/migrate.ts';
import { startServer } from '../server.ts';
import { prepareDatabase } from '../prepare-database.ts';
import { createAccount, ROLES } from '../accounts/index.ts';
import { backupBeforeMigrations, embeddedPath, newBackupFile, restoreEmbedded, writeBackup } from '../platform/backup.ts';
import { FIRST_YEAR, rebuildIndicators, yearsFrom } from '../indicators/index.ts';
import { linkProvince, pullProvince } from '../national/index.ts';
import {
  csvEncoding,
  EXPORT_KINDS,
  exportKind,
  exportTable,
  IMPORT_KINDS,
  importFile,
  importKind,
  importTemplate,
  PROVINCE_CODE,
  sheetFormat,
  surveySelection,
  SYSTEM_ACTOR,
} from '../imports/index.ts';
import { runDemoCommand } from '../demo/index.ts';
import { loadNationalTerritory, loadProvinceTerritory } from '../territory/index.ts';
import type { DatabaseHandle } from '../platform/database.ts';
import { AppError, badRequest } from '../platform/errors.ts';
import { printProgress } from '../platform/progress.ts';

/**
 * Without --out, a written file goes to the data folder's `exports/`, named as the server would
 * name it: run from a checkout, the current folder is the repository, which is no place for data.
 */
async function outputPath(out: string | undefined, filename: string): Promise<string> {
  if (out) return out;
  const folder = path.join(readConfig().dataDir, 'exports');
  await mkdir(folder, { recursive: true });
  return path.join(folder, filename);
}

const program = new Command().name('banso').description('Bản Số: the digital transformation of a province, from the household up.').showHelpAfterError();

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
    const handle = await openConfigured();
    try {
      const applied = await migrateToLatest(handle.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await handle.close();
    }
  });

/** Opens the configured database, keeping a backup first when migrations are about to change it. */
async function openConfigured(): Promise<DatabaseHandle> {
  const config = readConfig();
  const handle = await openDatabase(config);
  try {
    const backup = await backupBeforeMigrations(handle, config.backupsKept);
    if (backup) console.log(`Backup before migrations: ${backup}`);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Runs a command against the configured database, prepared, and always closes it. */
async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openConfigured();
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
    const { values, seconds, wrong, missing, stray } = await withDatabase((h) => rebuildIndicators(h.db, (step) => console.log(`… ${step}`)));
    console.log(
      `Rebuilt ${values.toLocaleString('en')} leaf values in ${seconds.toFixed(1)} s: ${wrong.toLocaleString('en')} stored values were wrong, ${missing.toLocaleString('en')} missing and ${stray.toLocaleString('en')} stray (all now corrected).`,
    );
  });

program
  .command('territory')
  .description('The administrative units')
  .command('load')
  .description(
    "Load (or refresh) the home province's communes; with --national, the 34 provinces and 3,321 communes of Vietnam, each province the root of its subtree (all or nothing, the list checked first)",
  )
  .option('--national', 'the whole national list')
  .action(async (options: { national?: boolean }) => {
    const loaded = await withDatabase((h) =>
      options.national ? loadNationalTerritory(h.db) : loadProvinceTerritory(h.db).then((r) => ({ provinces: 1, communes: r.communes })),
    );
    console.log(
      `Đã nạp ${loaded.provinces} tỉnh, ${loaded.communes.toLocaleString('vi-VN')} đơn vị cấp xã.\nLoaded ${loaded.provinces} provinces, ${loaded.communes.toLocaleString('en')} commune-level units.`,
    );
  });

const national = program.command('national').description('The national instance: links to the province servers and their pulls (decision 0027)');
national
  .command('link <province> <url>')
  .description("Pull a province's values from its server at <url> (the province sets the same token as BANSO_EXCHANGE_TOKEN)")
  .requiredOption('--token <token>', "the province's exchange token (16 characters or more)")
  .option('--timeout-ms <ms>', 'a pull that takes longer is abandoned and the province marked unreachable', '10000')
  .option('--every-minutes <n>', 'how often to pull', '15')
  .action(async (province: string, url: string, options: { token: string; timeoutMs: string; everyMinutes: string }) => {
    await withDatabase((h) =>
      linkProvince(h.db, {
        provinceCode: province,
        baseUrl: url,
        token: options.token,
        timeoutMs: Number(options.timeoutMs),
        everyMinutes: Number(options.everyMinutes),
      }),
    );
    console.log(`Đã nối tỉnh ${province} (${url}).\nLinked province ${province} (${url}).`);
  });
national
  .command('pull <province>')
  .description("Pull a province's values now (the server also pulls each province on its schedule)")
  .action(async (province: string) => {
    const outcome = await withDatabase((h) => pullProvince(h.db, province, yearsFrom(FIRST_YEAR).map(String)));
    console.log(
      outcome.status === 'ok'
        ? `Province ${province}: ${outcome.values.toLocaleString('en')} values pulled.`
        : `Province ${province}: ${outcome.status} (${outcome.error}); its last values are kept and shown as stale.`,
    );
    if (outcome.status !== 'ok') process.exitCode = 1;
  });

program
  .command('import')
  .description('Import villages, coverage, households, support visits or trainings from a CSV or .xlsx file: every row or none; a refusal lists every bad row')
  .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
  .argument('<file>', 'the .csv or .xlsx file')
  .option('--dry-run', 'check every row and count what would change, but write nothing')
  .addOption(
    new Option('--encoding <encoding>', "a CSV file's encoding (auto: a byte-order mark decides, else valid UTF-8 is UTF-8, else Windows-1258)")
      .choices(csvEncoding.options)
      .default('auto'),
  )
  .action(async (kind: string, file: string, options: { dryRun?: boolean; encoding: string }) => {
    const progress = printProgress();
    const onProgress = (done: number, total: number) => progress('rows', done, total);
    const summary = await withDatabase((h) =>
      importFile(h.db, SYSTEM_ACTOR, importKind.parse(kind), file, {
        dryRun: options.dryRun === true,
        onProgress,
        encoding: csvEncoding.parse(options.encoding),
      }),
    );
    // Officers read the Vietnamese line; the English one is for everyone else.
    const [vi, en] = [(n: number) => n.toLocaleString('vi-VN'), (n: number) => n.toLocaleString('en')];
    const keptVi = summary.unchanged ? `, ${vi(summary.unchanged)} dòng đã có sẵn` : '';
    const keptEn = summary.unchanged ? `, ${en(summary.unchanged)} already recorded` : '';
    if (summary.ignoredColumns)
      console.log(
        `Các cột không dùng nên không đọc: ${summary.ignoredColumns.join(', ')}\nColumns not used, so not read: ${summary.ignoredColumns.join(', ')}`,
      );
    console.log(
      summary.dryRun
        ? `Đã kiểm tra ${vi(summary.rows)} dòng: sẽ thêm ${vi(summary.created)}, thay ${vi(summary.updated)}${keptVi}. Chưa ghi gì (--dry-run).\n` +
            `Checked ${en(summary.rows)} rows: ${en(summary.created)} would be added, ${en(summary.updated)} replaced${keptEn}. Nothing was written (--dry-run).`
        : `Đã nhập ${vi(summary.rows)} dòng: thêm ${vi(summary.created)}, thay ${vi(summary.updated)}${keptVi}.\n` +
            `Imported ${en(summary.rows)} rows: ${en(summary.created)} added, ${en(summary.updated)} replaced${keptEn}.`,
    );
  });

program
  .command('export')
  .description("Export a subtree's villages, coverage, households, visits or trainings as CSV (UTF-8 with BOM) or .xlsx, with the headers the import reads")
  .addArgument(new Argument('<kind>', 'what to export').choices(EXPORT_KINDS))
  .option('--unit <code>', 'the province, a commune or a village', PROVINCE_CODE)
  .addOption(new Option('--format <format>', 'file format').choices(sheetFormat.options).default('csv'))
  .addOption(new Option('--surveys <which>', "households: each one's latest survey, or all of them").choices(surveySelection.options).default('latest'))
  .option('--out <file>', "where to write it (default: the suggested file name, in the data folder's exports/)")
  .action(async (kind: string, options: { unit: string; format: string; surveys: string; out?: string }) => {
    const file = await withDatabase((h) =>
      exportTable(h.db, SYSTEM_ACTOR, exportKind.parse(kind), {
        orgUnit: options.unit,
        format: sheetFormat.parse(options.format),
        surveys: surveySelection.parse(options.surveys),
      }),
    );
    const out = await outputPath(options.out, file.filename);
    await writeFile(out, file.body);
    console.log(`Đã ghi ${file.rows.toLocaleString('vi-VN')} dòng vào ${out}.\nWrote ${file.rows.toLocaleString('en')} rows to ${out}.`);
  });

program
  .command('template')
  .description('Write the file to fill in for an import: the Vietnamese headers it reads and one example row')
  .addArgument(new Argument('<kind>', 'what the file will hold').choices(IMPORT_KINDS))
  .addOption(new Option('--format <format>', 'file format').choices(sheetFormat.options).default('xlsx'))
  .option('--out <file>', "where to write it (default: the suggested file name, in the data folder's exports/)")
  .action(async (kind: string, options: { format: string; out?: string }) => {
    const file = await importTemplate(importKind.parse(kind), sheetFormat.parse(options.format));
    const out = await outputPath(options.out, file.filename);
    await writeFile(out, file.body);
    console.log(`Đã ghi mẫu nhập ${kind} vào ${out}.\nWrote the ${kind} template to ${out}.`);
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
  .requiredOption('--unit <code>', 'the unit the role covers: 20 (province), a commune code, a village code; VN (the nation) for a national role')
  .option('--name <display name>', 'name shown in the app')
  .option('--password <password>', 'set the password instead of generating a one-time one')
  .action(async (username: string, options: { role: string; unit: string; name?: string; password?: string }) => {
    const role = ROLES.find((r) => r === options.role);
    if (!role)
      throw badRequest(
        'account.unknown_role',
        { vi: `Không có vai trò "${options.role}". Các vai trò: ${ROLES.join(', ')}`, en: `Unknown role "${options.role}". Roles: ${ROLES.join(', ')}` },
        'role',
      );
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
  .description('Write the embedded database to one .tar.gz file (stop the server first: it keeps its own backups)')
  .option('--out <file>', 'where to write it (default: <data folder>/backups/banso-<UTC time>.tar.gz)')
  .action(async (options: { out?: string }) => {
    const dataDir = requireEmbedded();
    if (!existsSync(path.join(embeddedPath(dataDir), 'PG_VERSION'))) {
      throw badRequest('backup.no_database', { vi: `Không có cơ sở dữ liệu trong ${dataDir}.`, en: `There is no database in ${dataDir}.` });
    }
    const handle = await openDatabase({ dataDir });
    try {
      const { file, bytes } = await writeBackup(handle, options.out ?? newBackupFile(dataDir));
      console.log(`Backup written: ${file} (${(bytes / 1e6).toFixed(1)} MB)`);
    } finally {
      await handle.close();
    }
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
  if (error instanceof AppError) {
    console.error(`${error.text.vi}\n${error.text.en}`);
    for (const issue of error.issues ?? [])
      console.error(`  ${issue.row ? `row ${issue.row}, ` : ''}${issue.field ?? ''}: ${issue.message.vi} / ${issue.message.en}`);
  } else {
    // Printed here rather than thrown: an uncaught error shows the line it came from, and the
    // database engine's is its whole minified source.
    console.error(error instanceof Error ? (error.stack ?? String(error)) : String(error));
  }
  // Exit now: an open embedded database would otherwise keep the process alive.
  process.exit(1);
}
