import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from './platform/database.ts';
import { createHttpServer, type HttpServer } from './platform/http.ts';
import { registerHealthRoutes } from './platform/health.routes.ts';
import { registerSessions } from './accounts/session.plugin.ts';
import { registerAccountRoutes } from './accounts/account.routes.ts';
import { registerAuditRoutes } from './audit/audit.routes.ts';
import { registerOrgUnitRoutes } from './territory/org-unit.routes.ts';
import { registerHouseholdRoutes } from './households/household.routes.ts';
import { registerCoverageRoutes } from './coverage/coverage.routes.ts';
import { registerIndicatorRoutes } from './indicators/indicator.routes.ts';
import { registerImportRoutes } from './imports/import.routes.ts';
import { registerSyncRoutes } from './sync/sync.routes.ts';
import { registerTeamRoutes } from './teams/team.routes.ts';
import { registerTeamActivityRoutes } from './teams/team-activity.routes.ts';

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface AppOptions {
  logLevel?: string | undefined;
  sessionHours?: number | undefined;
  /** Sync pushes worked on at once; more are told to come back later (503 with Retry-After). */
  maxPushesInFlight?: number | undefined;
}

/** The whole product as one HTTP server: every module registers its routes here. */
export async function buildApp(handle: DatabaseHandle, options: AppOptions = {}): Promise<HttpServer> {
  const { db } = handle;
  const sessionHours = options.sessionHours ?? 12;
  const app = await createHttpServer({ logLevel: options.logLevel, version: VERSION });
  registerSessions(app, db, sessionHours);
  registerHealthRoutes(app, handle, VERSION);
  await registerAccountRoutes(app, db, sessionHours);
  registerAuditRoutes(app, db);
  registerOrgUnitRoutes(app, db);
  registerHouseholdRoutes(app, db);
  registerCoverageRoutes(app, db);
  registerIndicatorRoutes(app, db);
  await registerImportRoutes(app, db);
  registerSyncRoutes(app, db, { maxPushesInFlight: options.maxPushesInFlight ?? 16 });
  registerTeamRoutes(app, db);
  registerTeamActivityRoutes(app, db);
  return app;
}
