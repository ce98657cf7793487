import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { sendJsonBytes, type HttpServer } from '../platform/http.ts';
import { errorResponses, jsonFromMemory } from '../platform/api-schema.ts';
import { orgUnitCode } from '../territory/index.ts';
import { optionalActor } from '../accounts/index.ts';
import { exchangeDocument, nationalScorecard, provinceDrillDown, provinceLinkBody, provinceLinkItem, provinceLinks, pullOutcome } from './national.schema.ts';
import { readProvinceLinks } from './read-province-links.ts';
import { pullProvinceNow } from './pull-province-now.ts';
import { saveProvinceLink } from './save-province-link.ts';
import { readProvinceMap } from './read-province-map.ts';
import { checkExchangeToken, exchangeValues } from './serve-exchange.ts';
import { checkPeriod, readNationalScorecardJson, readProvinceDrillDown } from './read-national-scorecard.ts';
import { liveVillages, readVillagesLive } from './read-villages-live.ts';
import { simplifyBoundaries, type BoundaryCollection } from './boundaries.rules.ts';

export interface NationalRouteOptions {
  /** This province server's token for the nation's pulls (BANSO_EXCHANGE_TOKEN); unset, it answers none. */
  exchangeToken: string | undefined;
  minCellSize: number;
}

const periodQuery = z.object({ period: z.string().max(10).default(String(new Date().getFullYear())).transform(checkPeriod) });

let provinceMap: string | undefined;
/** The 34 provinces' outlines (data/SOURCES.md), simplified for the map once, when first asked for. */
const provinceBoundaries = () =>
  (provinceMap ??= JSON.stringify(
    simplifyBoundaries(JSON.parse(readFileSync(new URL('./data/provinces.geojson', import.meta.url), 'utf8')) as BoundaryCollection),
  ));

/**
 * The nation's reads are public aggregates, like a province's indicator values. The exchange is a
 * province server's side: only the nation's token opens it.
 */
export function registerNationalRoutes(app: HttpServer, db: Db, options: NationalRouteOptions): void {
  const tags = ['national'];

  app.get('/api/national/exchange', {
    schema: {
      tags,
      summary:
        'For the national instance: this province’s and its communes’ data element values as DHIS2 dataValueSets (bearer token: BANSO_EXCHANGE_TOKEN); small cells left out as for the public',
      querystring: z.object({
        period: z
          .string()
          .max(200)
          .optional()
          .transform((p) => p?.split(',').filter(Boolean)),
      }),
      response: { 200: exchangeDocument, ...errorResponses },
    },
    handler: async (req) => {
      checkExchangeToken(req.headers.authorization, options.exchangeToken);
      return exchangeValues(db, req.query.period, options.minCellSize);
    },
  });

  app.get('/api/national/scorecard', {
    schema: {
      tags,
      summary: 'The nation’s scorecard for a year: each province from its last pull, with its freshness; the nation from the provinces that have values',
      querystring: periodQuery,
      response: { 200: nationalScorecard.or(jsonFromMemory), ...errorResponses },
    },
    // Already JSON bytes (cached between pulls): sent as they are, not serialised again.
    handler: async (req, reply) => sendJsonBytes(req, reply, await readNationalScorecardJson(db, req.query.period)),
  });

  app.get('/api/national/provinces/:code', {
    schema: {
      tags,
      summary: 'A province’s communes from its last pull',
      params: z.object({ code: orgUnitCode }),
      querystring: periodQuery,
      response: { 200: provinceDrillDown, ...errorResponses },
    },
    handler: (req) => readProvinceDrillDown(db, req.params.code, req.query.period),
  });

  app.get('/api/national/provinces/:code/map', {
    schema: {
      tags,
      summary: 'A province’s communes for the map (GeoJSON): the outline where one is shipped, a point at the centroid elsewhere',
      params: z.object({ code: orgUnitCode }),
    },
    handler: async (req, reply) =>
      reply
        .type('application/geo+json; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(JSON.stringify(await readProvinceMap(db, req.params.code))),
  });

  app.get('/api/national/communes/:code/villages', {
    schema: {
      tags,
      summary: 'A commune’s villages, read from its province’s server now (504 when it does not answer in time)',
      params: z.object({ code: orgUnitCode }),
      querystring: periodQuery,
      response: { 200: liveVillages, ...errorResponses },
    },
    handler: (req) => readVillagesLive(db, req.params.code, req.query.period),
  });

  app.get('/api/national/links', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'For national officers: each province server’s link (address, period, timeout) and how its last pull went; never its token',
      response: { 200: provinceLinks, ...errorResponses },
    },
    handler: (req) => readProvinceLinks(db, optionalActor(req)),
  });

  app.put('/api/national/links/:code', {
    schema: {
      tags,
      security: [{ session: [], csrf: [] }],
      summary: 'For national administrators: link a province’s server, or change its link (address, token, timeout, period); audited, never the token',
      params: z.object({ code: orgUnitCode }),
      body: provinceLinkBody,
      response: { 200: provinceLinkItem, ...errorResponses },
    },
    handler: (req) => saveProvinceLink(db, optionalActor(req), req.params.code, req.body),
  });

  app.post('/api/national/provinces/:code/pull', {
    schema: {
      tags,
      security: [{ session: [], csrf: [] }],
      summary: 'For national administrators: pull a province now (its values replaced only by a whole, valid answer)',
      params: z.object({ code: orgUnitCode }),
      response: { 200: pullOutcome, ...errorResponses },
    },
    handler: (req) => pullProvinceNow(db, optionalActor(req), req.params.code),
  });

  app.get('/api/national/boundaries', {
    schema: { tags, summary: 'The 34 provinces’ outlines (GeoJSON, simplified for a national map)' },
    handler: (_req, reply) => reply.type('application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=86400').send(provinceBoundaries()),
  });
}
