import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { childrenQuery, orgUnit, orgUnitChild, orgUnitCode, orgUnitSummary, searchQuery } from './org-unit.schema.ts';
import { describeOrgUnit, listOrgUnitChildren, searchTerritory } from './describe-org-unit.ts';

/** The territory is public: names, codes and aggregate counts, never a household. */
export function registerOrgUnitRoutes(app: HttpServer, db: Db): void {
  const tags = ['territory'];

  app.get('/api/org-units', {
    schema: {
      tags,
      summary: 'Search units by name, ignoring diacritics, case and tone placement',
      querystring: searchQuery,
      response: { 200: z.object({ items: z.array(orgUnitSummary) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await searchTerritory(db, req.query.search, req.query) }),
  });

  // Simplified commune boundaries (see data/SOURCES.md): the map draws them with no tile server.
  const boundaries = readFileSync(new URL('./data/communes.geojson', import.meta.url));
  app.get('/api/boundaries/communes', {
    schema: { tags, summary: 'GeoJSON boundaries of the communes and wards (simplified for the web)', response: { 200: z.unknown() } },
    handler: (_req, reply) => reply.type('application/geo+json').header('cache-control', 'public, max-age=86400').send(boundaries),
  });

  app.get('/api/org-units/:code', {
    schema: {
      tags,
      summary: 'One unit with its ancestors and register counts',
      params: z.object({ code: orgUnitCode }),
      response: { 200: orgUnit, ...errorResponses },
    },
    handler: async (req) => describeOrgUnit(db, req.params.code),
  });

  app.get('/api/org-units/:code/children', {
    schema: {
      tags,
      summary: 'The units directly below a unit, by name, each with its point (null when unknown)',
      params: z.object({ code: orgUnitCode }),
      querystring: childrenQuery,
      response: { 200: z.object({ total: z.number().int(), items: z.array(orgUnitChild) }), ...errorResponses },
    },
    handler: async (req) => listOrgUnitChildren(db, req.params.code, req.query),
  });
}
