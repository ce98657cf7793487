import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../platform/database.ts';
import { sendKeptBytes, type HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { childrenQuery, orgUnit, orgUnitChild, orgUnitCode, orgUnitSummary, searchQuery } from './org-unit.schema.ts';
import { describeOrgUnit, listOrgUnitChildren, searchTerritory } from './describe-org-unit.ts';
import { communeOutlines } from './commune-outlines.ts';

export interface TerritoryAccess {
  /** Whether the caller may read the households of the unit at `path` (given when the app is composed: territory knows no accounts). */
  mayReadRegister(request: FastifyRequest, path: string): boolean;
}

/** The territory is public: names, codes and, to those who may read them, register counts; never a household. */
export function registerOrgUnitRoutes(app: HttpServer, db: Db, access: TerritoryAccess): void {
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
  app.get('/api/boundaries/communes', {
    schema: { tags, summary: 'GeoJSON boundaries of the communes and wards (simplified for the web)', response: { 200: z.unknown() } },
    handler: (req, reply) => sendKeptBytes(req, reply.header('cache-control', 'public, max-age=86400'), communeOutlines(), 'application/geo+json'),
  });

  app.get('/api/org-units/:code', {
    schema: {
      tags,
      summary: 'One unit with its ancestors, and its register counts for an account that may read its households',
      params: z.object({ code: orgUnitCode }),
      response: { 200: orgUnit, ...errorResponses },
    },
    handler: async (req) => describeOrgUnit(db, req.params.code, (path) => access.mayReadRegister(req, path)),
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
