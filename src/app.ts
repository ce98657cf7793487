import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from './platform/database.ts';
import { createHttpServer, type HttpServer } from './platform/http.ts';
import { registerHealthRoutes } from './platform/health.routes.ts';
import { followReadVersions } from './platform/read-versions.ts';
import { can, optionalActor, registerAccountAdminRoutes, registerAccountRoutes, registerAuditRoutes, registerSessions } from './accounts/index.ts';
import { registerOrgUnitRoutes } from './territory/index.ts';
import { registerHouseholdRoutes } from './households/index.ts';
import { registerCoverageRoutes } from './coverage/index.ts';
import { registerIndicatorRoutes } from './indicators/index.ts';
import { registerImportRoutes } from './imports/index.ts';
import { createPushGate, gatePushes, registerSyncRoutes } from './sync/index.ts';
import { registerTeamActivityRoutes, registerTeamRoutes } from './teams/index.ts';
import { registerJobRoutes } from './jobs/index.ts';
import { registerPaymentRoutes } from './payments/index.ts';
import { createSecretBox } from './platform/secret-box.ts';
import { randomBytes } from 'node:crypto';
import { registerMarketRoutes } from './market/index.ts';
import { registerOrderRoutes } from './orders/index.ts';
import { registerModules } from './compose.ts';
import { folderMediaStore, mediaFolder, registerMediaRoutes, type MediaStore } from './media/index.ts';
import { readConfig } from './platform/config.ts';
import { registerNationalRoutes } from './national/index.ts';
import { registerShopTransferRoutes } from './shop-transfer.routes.ts';
import { registerCourierRoutes, registerDeliveryRoutes } from './delivery/index.ts';

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface AppOptions {
  logLevel?: string | undefined;
  sessionHours?: number | undefined;
  /** Sync pushes worked on at once; more are told to come back later (503 with Retry-After). */
  maxPushesInFlight?: number | undefined;
  /** Public figures made from fewer households than this are suppressed (decision 0017). */
  minCellSize?: number | undefined;
  /** Behind a TLS proxy: trust its X-Forwarded-* headers (see Config.trustProxy). */
  trustProxy?: boolean | string | undefined;
  /** Origins besides the server's own whose pages may write with a session. */
  allowedOrigins?: readonly string[] | undefined;
  /** Where photos and share cards are kept; by default the data folder's media/ folder. */
  mediaStore?: MediaStore | undefined;
  /** The key that seals the secrets the server reads back (platform/secret-box.ts); without one, a key of this process only. */
  secretKey?: Buffer | undefined;
  /** A province server's token for the national instance's pulls (decision 0027); unset, it answers none. */
  exchangeToken?: string | undefined;
}

/** The whole product as one HTTP server: every module registers its routes here, and its indicators (src/compose.ts). */
export async function buildApp(handle: DatabaseHandle, options: AppOptions = {}): Promise<HttpServer> {
  registerModules();
  const { db } = handle;
  // The embedded engine's commits are all this process's: their counters are followed, not read (decision 0054).
  if (handle.pglite) await followReadVersions(db, handle.pglite);
  const sessionHours = options.sessionHours ?? 12;
  const app = await createHttpServer({ logLevel: options.logLevel, version: VERSION, trustProxy: options.trustProxy ?? false });
  // Before the sessions: a push turned away must not wait for its session's query first.
  gatePushes(app, createPushGate(options.maxPushesInFlight ?? 16));
  registerSessions(app, db, { sessionHours, allowedOrigins: options.allowedOrigins ?? [] });
  registerHealthRoutes(app, handle, VERSION);
  await registerAccountRoutes(app, db, sessionHours);
  registerAccountAdminRoutes(app, db);
  registerAuditRoutes(app, db);
  registerOrgUnitRoutes(app, db, {
    mayReadRegister: (req, path) => {
      const actor = optionalActor(req);
      return actor !== null && can(actor, 'household:read', path);
    },
  });
  registerHouseholdRoutes(app, db);
  registerCoverageRoutes(app, db);
  registerIndicatorRoutes(app, db, { minCellSize: options.minCellSize ?? 5 });
  await registerImportRoutes(app, db);
  registerSyncRoutes(app, db);
  registerTeamRoutes(app, db);
  registerTeamActivityRoutes(app, db);
  registerJobRoutes(app, db);
  const mediaStore = options.mediaStore ?? folderMediaStore(mediaFolder(readConfig().dataDir));
  await registerMediaRoutes(app, db, mediaStore);
  await registerPaymentRoutes(app, db, createSecretBox(options.secretKey ?? randomBytes(32)));
  registerMarketRoutes(app, db, mediaStore);
  registerOrderRoutes(app, db);
  registerShopTransferRoutes(app, db);
  registerNationalRoutes(app, db, { exchangeToken: options.exchangeToken, minCellSize: options.minCellSize ?? 5 });
  await registerDeliveryRoutes(app, db);
  registerCourierRoutes(app, db, mediaStore);
  return app;
}
