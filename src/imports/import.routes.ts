import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import { registerFileRoutes, type HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { optionalActor } from '../accounts/index.ts';
import { IMPORT_SIZE_LIMIT, SPREADSHEET_UPLOAD } from '../platform/spreadsheet.ts';
import { exportKind, exportQuery, importKind, importQuery, importSummary, templateQuery } from './import.schema.ts';
import { importSpreadsheet } from './import-spreadsheet.ts';
import { exportTable, importTemplate, type SpreadsheetFile } from './export-table.ts';

const notASpreadsheet = () =>
  badRequest('import.unsupported_format', {
    vi: 'Hãy gửi chính tệp CSV hoặc .xlsx (Content-Type: text/csv hoặc application/octet-stream).',
    en: 'Send the CSV or .xlsx file itself (Content-Type: text/csv or application/octet-stream).',
  });

export function uploadedBytes(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  throw notASpreadsheet();
}

const download = (reply: FastifyReply, file: SpreadsheetFile) =>
  reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);

/** Bulk import and export for officials who work in Excel. */
export async function registerImportRoutes(app: HttpServer, db: Db): Promise<void> {
  const tags = ['imports'];
  const params = z.object({ kind: importKind });

  // The raw-file parsers and the size message apply to these routes only.
  await registerFileRoutes(app, SPREADSHEET_UPLOAD, (scope) => {
    scope.post('/api/imports/:kind', {
      bodyLimit: IMPORT_SIZE_LIMIT,
      schema: {
        tags,
        security: [{ session: [] }],
        summary: 'Import a CSV or .xlsx file, all rows or none; a refusal lists every bad row with its row number and column',
        description: `The body is the file itself (up to ${IMPORT_SIZE_LIMIT / 1024 / 1024} MB): .xlsx, or CSV separated by commas, semicolons or tabs, in UTF-8, UTF-16 (with a byte-order mark) or Windows-1258 (see \`encoding\`). Needs the right to import over every unit the file names.`,
        params,
        querystring: importQuery,
        response: { 200: importSummary, ...errorResponses, 413: errorResponses[400] },
      },
      handler: (req) =>
        importSpreadsheet(db, optionalActor(req), req.params.kind, uploadedBytes(req.body), {
          dryRun: req.query.dryRun === 'true',
          encoding: req.query.encoding,
        }),
    });

    scope.get('/api/imports/:kind/template', {
      schema: {
        tags,
        summary: 'A file to fill in: the Vietnamese headers the import reads and one example row',
        params,
        querystring: templateQuery,
        response: errorResponses,
      },
      handler: async (req, reply) => download(reply, await importTemplate(req.params.kind, req.query.format)),
    });

    scope.get('/api/exports/:kind', {
      schema: {
        tags,
        summary:
          'A subtree’s villages, coverage, households, visits or trainings, with the headers the import reads (households, visits and trainings need an account scoped to the unit)',
        params: z.object({ kind: exportKind }),
        querystring: exportQuery,
        response: errorResponses,
      },
      handler: async (req, reply) => download(reply, await exportTable(db, optionalActor(req), req.params.kind, req.query)),
    });
  });
}
