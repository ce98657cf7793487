import path from 'node:path';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import type { Config } from './platform/config.ts';
import { openDatabase, type OpenStep } from './platform/database.ts';
import { serveWebApp } from './platform/web-app.ts';
import { shopPageHead } from './market/index.ts';
import { backupBeforeMigrations, backupsFolder, keepDailyBackups } from './platform/backup.ts';
import { prepareDatabase } from './prepare-database.ts';
import { createAccount, ensureFirstAdministrator } from './accounts/index.ts';
import type { Db } from './platform/database.ts';
import { countVillages, generateDemoProvince, seedDemoCourier } from './demo/index.ts';
import { rebuildIndicators } from './indicators/index.ts';
import { printProgress } from './platform/progress.ts';
import { composeBackgroundWork, startBackgroundWork } from './background-work.ts';
import { folderMediaStore, mediaFolder } from './media/index.ts';
import { loadSecretKey } from './platform/secret-box.ts';

const WEB_DIST = path.resolve(new URL('../web/dist', import.meta.url).pathname);

/** An empty database gets the demo province, so a first start shows something real to explore. */
async function seedDemoIfEmpty(db: Db, scale: number): Promise<boolean> {
  if ((await countVillages(db)) > 0) return false;
  console.log(`Empty database: generating the demo province (scale ${scale})…`);
  const summary = await generateDemoProvince(db, { seed: 1, scale, onProgress: printProgress() });
  console.log('Building every indicator value…');
  const { seconds } = await rebuildIndicators(db);
  console.log(
    `Demo province ready: ${summary.villages.toLocaleString('en')} villages, ${summary.households.toLocaleString('en')} households (${summary.seconds} s; indicators ${seconds.toFixed(1)} s). Every village but Hin Đăm and Lăng Đồng is demo data.`,
  );
  return true;
}

/**
 * With the demo province, accounts to try it with: a team member of Hin Đăm (the field app), an
 * officer of its commune, Kiên Mộc, and Best Express's courier of the report's route and its
 * dispatcher, with today's route queued for planning. Their one-time passwords are printed once.
 */
async function seedDemoAccounts(db: Db): Promise<void> {
  const accounts = [
    { username: 'doi.hindam', displayName: 'Tổ công nghệ số Hin Đăm', role: 'team_member' as const, orgUnitCode: '06625001', use: 'field app /thuc-dia' },
    { username: 'canbo.kienmoc', displayName: 'Cán bộ xã Kiên Mộc', role: 'commune_officer' as const, orgUnitCode: '06625', use: 'commune officer' },
  ];
  for (const { use, ...account } of accounts) {
    const { password } = await createAccount(db, account, 'demo');
    console.log(`Demo account "${account.username}" (${use}); one-time password: ${password}`);
  }
  for (const { username, use, password } of await seedDemoCourier(db)) console.log(`Demo account "${username}" (${use}); one-time password: ${password}`);
}

/** Start-up's steps in order, from the data folder's lock to the daily backup. */
export const START_UP_STEPS = [
  'folder locked',
  'database created',
  'database open',
  'backup before migrations',
  'database prepared',
  'demo province',
  'first accounts',
  'listening',
  'daily backup',
] as const;
type StartUpStep = OpenStep | (typeof START_UP_STEPS)[number];

/**
 * Marks a step of start-up as done. BANSO_TEST_CRASH_AFTER names a step after which the process
 * kills itself the way a power cut would: the test that a crash at any step leaves a data folder
 * that starts again uses it, and nothing else should.
 */
function reached(step: StartUpStep): void {
  if (process.env.BANSO_TEST_CRASH_AFTER === step) process.kill(process.pid, 'SIGKILL');
}

/** `banso serve`: everything a fresh data folder needs, then the app and the API on one port. */
export async function startServer(config: Config): Promise<void> {
  const handle = await openDatabase({ ...config, holder: 'server', onStep: reached });
  console.log(
    handle.engine === 'pglite' ? `Database: embedded (PGlite) in ${config.dataDir}, locked by this process` : 'Database: PostgreSQL server (DATABASE_URL)',
  );
  const beforeMigrations = await backupBeforeMigrations(handle, config.backupsKept);
  if (beforeMigrations) console.log(`Backup before migrations: ${beforeMigrations}`);
  reached('backup before migrations');
  const { provinceCode } = await prepareDatabase(handle.db);
  reached('database prepared');
  const seeded = await seedDemoIfEmpty(handle.db, Number(process.env.BANSO_DEMO_SCALE ?? 1));
  reached('demo province');
  const admin = await ensureFirstAdministrator(handle.db, provinceCode, process.env.BANSO_ADMIN_PASSWORD || undefined);
  if (admin?.generated) {
    console.log(`\nFirst start: administrator "${admin.username}" created. One-time password (shown only now): ${admin.password}\n`);
  } else if (admin) {
    console.log(`First start: administrator "${admin.username}" created with the password from BANSO_ADMIN_PASSWORD.`);
  }
  if (seeded && admin) await seedDemoAccounts(handle.db);
  reached('first accounts');

  const mediaStore = folderMediaStore(mediaFolder(config.dataDir));
  const app = await buildApp(handle, {
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    sessionHours: config.sessionHours,
    maxPushesInFlight: config.maxPushesInFlight,
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins,
    minCellSize: config.minCellSize,
    mediaStore,
    secretKey: loadSecretKey(config.dataDir, process.env.BANSO_SECRET_KEY || undefined),
    exchangeToken: config.exchangeToken,
  });
  if (existsSync(WEB_DIST)) {
    await serveWebApp(app, WEB_DIST, (path) => shopPageHead(handle.db, mediaStore, path), config.publicOrigin);
  } else {
    console.warn('The web app is not built (npm run build); serving the API only.');
  }

  if (handle.dataDir) {
    console.log(
      `Backups: daily while running and before migrations, the last ${config.backupsKept} of each kept in ${backupsFolder(handle.dataDir)} (to restore one, stop the server and run: npx banso restore FILE)`,
    );
  }
  await app.listen({ port: config.port, host: config.host });
  const background = startBackgroundWork(handle.db, composeBackgroundWork(provinceCode));
  const backups = handle.dataDir ? keepDailyBackups(handle, config.backupsKept, (message) => console.log(message)) : null;
  // The background loops finish the round under way, and a backup its file, before the database closes under them.
  const shutdown = async () => {
    try {
      await background.stop();
      await backups?.stop();
      await app.close();
      await handle.close();
      console.log('Bản Số đã dừng, cơ sở dữ liệu đã đóng an toàn. / Bản Số stopped; the database was closed cleanly.');
      process.exit(0);
    } catch (error) {
      console.error('Bản Số did not stop cleanly:', error);
      process.exit(1);
    }
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  // The port it got: PORT=0 asks for any free one.
  const { port } = app.server.address() as AddressInfo;
  console.log(`Bản Số is running at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/ (API docs: /api/docs)`);
  reached('listening');
  await backups?.settled();
  reached('daily backup');
}
