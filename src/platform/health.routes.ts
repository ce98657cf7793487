import { z } from 'zod';
import { databaseVersion, type DatabaseHandle } from './database.ts';
import type { HttpServer } from './http.ts';

export function registerHealthRoutes(app: HttpServer, handle: DatabaseHandle, version: string): void {
  app.get('/api/health', {
    schema: {
      tags: ['platform'],
      summary: 'Is the service up, and on which database',
      response: {
        200: z.object({
          status: z.literal('ok'),
          version: z.string(),
          database: z.object({ engine: z.enum(['pglite', 'postgresql']), version: z.string() }),
        }),
      },
    },
    handler: async () => ({
      status: 'ok' as const,
      version,
      database: { engine: handle.engine, version: await databaseVersion(handle.db) },
    }),
  });
}
