import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { optionalActor } from '../accounts/index.ts';
import { orgUnitCode } from '../territory/index.ts';
import {
  memberPatch,
  newMemberBody,
  periodQuery,
  recordedVisit,
  team,
  teamBody,
  teamMember,
  training,
  trainingBody,
  villageTeam,
  visit,
  visitBody,
} from './team.schema.ts';
import { addMember, changeMember, readVillageTeam, saveTeam } from './manage-team.ts';
import { listVillageTrainings, listVillageVisits, readRecordedTraining, readRecordedVisit } from './read-fieldwork.ts';
import { recordVisit } from './record-visit.ts';
import { recordTraining } from './record-training.ts';

const withConflict = { ...errorResponses, 409: errorResponses[400] };

/** Community digital teams: who they are (public in outline), and their field work (private). */
export function registerTeamRoutes(app: HttpServer, db: Db): void {
  const tags = ['teams'];
  const security = [{ session: [] }];
  const params = z.object({ code: orgUnitCode });

  app.get('/api/villages/:code/team', {
    schema: {
      tags,
      summary: 'A village’s community digital team and its members (names and phone only for accounts that may read the team)',
      params,
      response: { 200: villageTeam, ...errorResponses },
    },
    handler: (req) => readVillageTeam(db, optionalActor(req), req.params.code),
  });

  app.put('/api/villages/:code/team', {
    schema: {
      tags,
      security,
      summary: 'Create the village’s team, or rename it and change its contact phone',
      params,
      body: teamBody,
      response: { 200: team, 201: team, ...errorResponses },
    },
    handler: async (req, reply) => {
      const saved = await saveTeam(db, optionalActor(req), req.params.code, req.body);
      return reply.code(saved.created ? 201 : 200).send(saved.team);
    },
  });

  app.post('/api/villages/:code/team/members', {
    schema: {
      tags,
      security,
      summary: 'Add a member to the village’s team (a display name and a sex; nothing else about the person)',
      params,
      body: newMemberBody,
      response: { 201: teamMember, ...withConflict },
    },
    handler: async (req, reply) => reply.code(201).send(await addMember(db, optionalActor(req), req.params.code, req.body)),
  });

  app.patch('/api/team-members/:id', {
    schema: {
      tags,
      security,
      summary: 'Record a member’s training, leaving or leadership (one current leader per team: replaceLeader hands it over)',
      params: z.object({ id: z.uuid() }),
      body: memberPatch,
      response: { 200: teamMember, ...withConflict },
    },
    handler: (req) => changeMember(db, optionalActor(req), req.params.id, req.body),
  });

  app.get('/api/villages/:code/visits', {
    schema: {
      tags,
      security,
      summary: 'The support visits to a village’s households in a period, newest first',
      params,
      querystring: periodQuery,
      response: { 200: z.object({ total: z.number().int(), items: z.array(visit) }), ...errorResponses },
    },
    handler: (req) => listVillageVisits(db, optionalActor(req), req.params.code, req.query),
  });

  app.get('/api/villages/:code/trainings', {
    schema: {
      tags,
      security,
      summary: 'The trainings held in a village in a period, newest first',
      params,
      querystring: periodQuery,
      response: { 200: z.object({ total: z.number().int(), items: z.array(training) }), ...errorResponses },
    },
    handler: (req) => listVillageTrainings(db, optionalActor(req), req.params.code, req.query),
  });

  app.post('/api/households/:id/visits', {
    schema: {
      tags,
      security,
      summary: 'Record a support visit to a household (the id is the client’s: sending it again returns the visit already recorded)',
      params: z.object({ id: z.string().max(64) }),
      body: visitBody,
      response: { 201: recordedVisit, ...withConflict },
    },
    handler: async (req, reply) => {
      const { id, householdVersion } = await recordVisit(db, optionalActor(req), { ...req.body, householdId: req.params.id });
      return reply.code(201).send({ ...(await readRecordedVisit(db, id)), householdVersion });
    },
  });

  app.post('/api/villages/:code/trainings', {
    schema: {
      tags,
      security,
      summary: 'Record a training held in the village (the id is the client’s: sending it again returns the training already recorded)',
      params,
      body: trainingBody,
      response: { 201: training, ...withConflict },
    },
    handler: async (req, reply) => {
      const { id } = await recordTraining(db, optionalActor(req), { ...req.body, villageCode: req.params.code });
      return reply.code(201).send(await readRecordedTraining(db, id));
    },
  });
}
