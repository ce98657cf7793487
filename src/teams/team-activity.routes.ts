import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses, spreadsheetFile } from '../platform/api-schema.ts';
import { sendSpreadsheet } from '../platform/spreadsheet.ts';
import { optionalActor } from '../accounts/index.ts';
import { fieldworkOverview, overviewQuery } from './team-activity.schema.ts';
import { readFieldworkOverview } from './read-team-activity.ts';
import { fieldworkFileName, fieldworkTable } from './team-activity-table.rules.ts';

/** The commune and province views of the teams' field work: aggregated, but private to the unit's officers. */
export function registerTeamActivityRoutes(app: HttpServer, db: Db): void {
  app.get('/api/fieldwork/overview', {
    schema: {
      tags: ['teams'],
      security: [{ session: [] }],
      summary:
        'Field work of a unit and of each unit below it: weekly visits and trainings, households lacking each service, unresolved phone changes, silent phones (JSON, or CSV/.xlsx with the weeks added up)',
      querystring: overviewQuery,
      response: { 200: fieldworkOverview.or(spreadsheetFile), ...errorResponses },
    },
    handler: async (req, reply) => {
      const { format, lang, ...query } = req.query;
      const overview = await readFieldworkOverview(db, optionalActor(req), query);
      if (format === 'json') return overview;
      return sendSpreadsheet(reply, { name: fieldworkFileName(overview), table: fieldworkTable(overview, lang), format, sheetName: 'Tổ công nghệ số' });
    },
  });
}
