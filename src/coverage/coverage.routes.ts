import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { sendJsonBytes, type HttpServer } from '../platform/http.ts';
import { errorResponses, headerLanguage, spreadsheetFile, tableFormat } from '../platform/api-schema.ts';
import { sendSpreadsheet } from '../platform/spreadsheet.ts';
import { optionalActor } from '../accounts/index.ts';
import { orgUnitCode } from '../territory/index.ts';
import { broadbandRecord, communeFiber, communeFiberRecord, mobileCoverageRecord, operator, operatorCode, villageCoverage } from './coverage.schema.ts';
import { listOperators } from './coverage.repository.ts';
import { readCommuneFiber, readVillageCoverage } from './read-coverage.ts';
import { readWhiteSpotsJson, readWhiteSpotsTable } from './read-white-spots.ts';
import { whiteSpotsFileName } from './white-spots.rules.ts';
import { recordBroadband, recordCommuneFiber, recordMobileCoverage } from './record-coverage.ts';

export function registerCoverageRoutes(app: HttpServer, db: Db): void {
  const tags = ['coverage'];
  const params = z.object({ code: orgUnitCode });

  app.get('/api/operators', {
    schema: { tags, summary: 'Telecom operators', response: { 200: z.object({ items: z.array(operator) }) } },
    handler: async () => ({ items: await listOperators(db) }),
  });

  app.get('/api/villages/:code/coverage', {
    schema: { tags, summary: 'A village’s mobile and fixed-broadband history, oldest first', params, response: { 200: villageCoverage, ...errorResponses } },
    handler: (req) => readVillageCoverage(db, req.params.code),
  });

  app.post('/api/villages/:code/coverage/mobile', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'Record an operator’s mobile coverage of a village from a day on',
      params,
      body: mobileCoverageRecord,
      response: { 201: mobileCoverageRecord, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await recordMobileCoverage(db, optionalActor(req), req.params.code, req.body)),
  });

  app.post('/api/villages/:code/coverage/broadband', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'Record whether an operator’s fibre reaches a village, from a day on',
      params,
      body: broadbandRecord,
      response: { 201: broadbandRecord, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await recordBroadband(db, optionalActor(req), req.params.code, req.body)),
  });

  app.get('/api/white-spots', {
    schema: {
      tags,
      summary: 'Villages without stable 3G/4G or without fibre at the end of a year, by commune, with each operator’s best technology; as JSON, CSV or .xlsx',
      querystring: z.object({
        orgUnit: orgUnitCode.default('20'),
        year: z.coerce.number().int().min(2021).max(2100),
        operator: operatorCode.optional().describe('Only the villages where this operator is present; the counts are of those villages'),
        format: tableFormat,
        lang: headerLanguage,
      }),
      response: {
        200: z
          .object({
            year: z.number().int(),
            orgUnit: z.string(),
            withoutMobile: z.number().int(),
            withoutBroadband: z.number().int(),
            items: z.array(
              z.object({
                villageCode: z.string(),
                villageName: z.string(),
                isDemo: z.boolean(),
                communeCode: z.string(),
                communeName: z.string(),
                bestStableTechnology: z.string().nullable(),
                withoutMobile: z.boolean(),
                withoutBroadband: z.boolean(),
                operators: z.array(z.object({ operatorCode: z.string(), technology: z.string(), quality: z.string() })),
              }),
            ),
          })
          .or(spreadsheetFile),
        ...errorResponses,
      },
    },
    handler: async (req, reply) => {
      const { format, lang, ...query } = req.query;
      if (format === 'json') return sendJsonBytes(req, reply, await readWhiteSpotsJson(db, query));
      const table = await readWhiteSpotsTable(db, query, lang);
      return sendSpreadsheet(reply, { name: whiteSpotsFileName(query.year, query.operator), table, format, sheetName: 'Vùng lõm sóng' });
    },
  });

  app.get('/api/communes/:code/fiber', {
    schema: { tags, summary: 'A commune’s fibre points of presence over time', params, response: { 200: communeFiber, ...errorResponses } },
    handler: (req) => readCommuneFiber(db, req.params.code),
  });

  app.post('/api/communes/:code/fiber', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'Record a fibre point of presence in a commune',
      params,
      body: communeFiberRecord,
      response: { 201: communeFiberRecord, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await recordCommuneFiber(db, optionalActor(req), req.params.code, req.body)),
  });
}
