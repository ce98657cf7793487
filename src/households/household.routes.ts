import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { optionalActor } from '../accounts/index.ts';
import { orgUnitCode } from '../territory/index.ts';
import { household, householdListQuery, householdPatch, householdWithSurveys, newHousehold, survey } from './household.schema.ts';
import { registerHousehold, recordSurvey } from './register-household.ts';
import { archiveHousehold, renameHousehold } from './edit-household.ts';
import { getHousehold, listHouseholds } from './read-households.ts';

const withConflict = { ...errorResponses, 409: errorResponses[400] };
const householdId = z.object({ id: z.string().max(64) });

/** The household register: private, for accounts scoped to the village. */
export function registerHouseholdRoutes(app: HttpServer, db: Db): void {
  const tags = ['households'];
  const security = [{ session: [] }];

  app.get('/api/villages/:code/households', {
    schema: {
      tags,
      security,
      summary: 'A village’s households with their latest survey',
      params: z.object({ code: orgUnitCode }),
      querystring: householdListQuery,
      response: { 200: z.object({ total: z.number().int(), items: z.array(household) }), ...errorResponses },
    },
    handler: (req) => listHouseholds(db, optionalActor(req), req.params.code, req.query),
  });

  app.post('/api/villages/:code/households', {
    schema: {
      tags,
      security,
      summary: 'Add a household with its first survey',
      params: z.object({ code: orgUnitCode }),
      body: newHousehold,
      response: { 201: household, ...withConflict },
    },
    handler: async (req, reply) => reply.code(201).send(await registerHousehold(db, optionalActor(req), req.params.code, req.body)),
  });

  app.get('/api/households/:id', {
    schema: { tags, security, summary: 'A household with all its surveys', params: householdId, response: { 200: householdWithSurveys, ...errorResponses } },
    handler: (req) => getHousehold(db, optionalActor(req), req.params.id),
  });

  app.patch('/api/households/:id', {
    schema: {
      tags,
      security,
      summary: 'Relabel a household (optimistic concurrency on version)',
      params: householdId,
      body: householdPatch,
      response: { 200: household, ...withConflict },
    },
    handler: (req) => renameHousehold(db, optionalActor(req), req.params.id, req.body),
  });

  app.post('/api/households/:id/surveys', {
    schema: {
      tags,
      security,
      summary: 'Record a dated survey (the same day replaces)',
      params: householdId,
      body: survey,
      response: { 201: household, ...withConflict },
    },
    handler: async (req, reply) => reply.code(201).send(await recordSurvey(db, optionalActor(req), req.params.id, req.body)),
  });

  app.delete('/api/households/:id', {
    schema: {
      tags,
      security,
      summary: 'Archive a household (its history stays)',
      params: householdId,
      querystring: z.object({ version: z.coerce.number().int().min(1) }),
      response: { 204: z.null(), ...withConflict },
    },
    handler: async (req, reply) => {
      await archiveHousehold(db, optionalActor(req), req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });
}
