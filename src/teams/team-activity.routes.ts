import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { optionalActor } from '../accounts/session.plugin.ts';
import { fieldworkOverview, overviewQuery } from './team-activity.schema.ts';
import { readFieldworkOverview } from './read-team-activity.ts';

/** The commune and province views of the teams' field work: aggregated, but private to the unit's officers. */
export function registerTeamActivityRoutes(app: HttpServer, db: Db): void {
  app.get('/api/fieldwork/overview', {
    schema: {
      tags: ['teams'],
      security: [{ session: [] }],
      summary: 'Field work of a unit and of each unit below it: weekly visits and trainings, households lacking each service, unresolved phone changes, silent phones',
      querystring: overviewQuery,
      response: { 200: fieldworkOverview, ...errorResponses },
    },
    handler: (req) => readFieldworkOverview(db, optionalActor(req), req.query),
  });
}
