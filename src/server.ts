import path from 'node:path';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import { buildApp } from './app.ts';
import type { Config } from './platform/config.ts';
import { openDatabase } from './platform/database.ts';
import { prepareDatabase } from './prepare-database.ts';
import { createAccount, ensureFirstAdministrator } from './accounts/create-account.ts';
import type { Db } from './platform/database.ts';
import { generateDemoProvince } from './demo/generate-demo-province.ts';
import { countVillages } from './demo/demo.repository.ts';
import { rebuildIndicators } from './indicators/refresh-data-values.ts';

const WEB_DIST = path.resolve(new URL('../web/dist', import.meta.url).pathname);

/** An empty database gets the demo province, so a first start shows something real to explore. */
async function seedDemoIfEmpty(db: Db, scale: number): Promise<boolean> {
  if ((await countVillages(db)) > 0) return false;
  console.log(`Empty database: generating the demo province (scale ${scale}; about a minute at scale 1)…`);
  const summary = await generateDemoProvince(db, { seed: 1, scale, onProgress: (step, done, total) => done === total && console.log(`  ${step}: ${total.toLocaleString('vi-VN')}`) });
  const { seconds } = await rebuildIndicators(db);
  console.log(`Demo province ready: ${summary.villages.toLocaleString('vi-VN')} villages, ${summary.households.toLocaleString('vi-VN')} households (${summary.seconds} s; indicators ${seconds.toFixed(1)} s). Every village but Hin Đăm and Lăng Đồng is demo data.`);
  return true;
}

/**
 * With the demo province, two accounts to try the field work with: a team member of Hin Đăm (the
 * field app) and an officer of its commune, Kiên Mộc. Their one-time passwords are printed once.
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
}

/** `banso serve`: everything a fresh data folder needs, then the app and the API on one port. */
export async function startServer(config: Config): Promise<void> {
  const handle = await openDatabase(config);
  console.log(handle.engine === 'pglite' ? `Database: embedded (PGlite) in ${config.dataDir}` : 'Database: PostgreSQL server (DATABASE_URL)');
  const { provinceCode } = await prepareDatabase(handle.db);
  const seeded = await seedDemoIfEmpty(handle.db, Number(process.env.BANSO_DEMO_SCALE ?? 1));
  const admin = await ensureFirstAdministrator(handle.db, provinceCode, process.env.BANSO_ADMIN_PASSWORD || undefined);
  if (admin?.generated) {
    console.log(`\nFirst start: administrator "${admin.username}" created. One-time password (shown only now): ${admin.password}\n`);
  } else if (admin) {
    console.log(`First start: administrator "${admin.username}" created with the password from BANSO_ADMIN_PASSWORD.`);
  }
  if (seeded && admin) await seedDemoAccounts(handle.db);

  const app = await buildApp(handle, { logLevel: process.env.LOG_LEVEL ?? 'warn', sessionHours: config.sessionHours, maxPushesInFlight: config.maxPushesInFlight });
  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
    // The web app routes on the client: any other path gets its shell, except a missing asset
    // (an old build's file name), which must be a 404 rather than a page that cannot run.
    app.get('/*', (req, reply) => (req.url.startsWith('/assets/') ? reply.callNotFound() : reply.sendFile('index.html')));
  } else {
    console.warn('The web app is not built (npm run build); serving the API only.');
  }

  const shutdown = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  await app.listen({ port: config.port, host: config.host });
  console.log(`Bản Số is running at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/ (API docs: /api/docs)`);
}
