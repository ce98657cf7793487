import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from './platform/database.ts';
import { createHttpServer, type HttpServer } from './platform/http.ts';
import { registerHealthRoutes } from './platform/health.routes.ts';
import { registerOrgUnitRoutes } from './territory/org-unit.routes.ts';

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface AppOptions {
  logLevel?: string;
}

/** The whole product as one HTTP server: every module registers its routes here. */
export async function buildApp(handle: DatabaseHandle, options: AppOptions = {}): Promise<HttpServer> {
  const app = await createHttpServer({ logLevel: options.logLevel, version: VERSION });
  registerHealthRoutes(app, handle, VERSION);
  registerOrgUnitRoutes(app, handle.db);
  return app;
}
