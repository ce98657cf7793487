import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { sendJsonBytes, type HttpServer } from '../platform/http.ts';
import { errorResponses, headerLanguage, queryBoolean, spreadsheetFile, tableFormat } from '../platform/api-schema.ts';
import {
  catalogueIndicator,
  dataElement,
  indicator,
  indicatorBody,
  indicatorCode,
  indicatorValues,
  target,
  validationRule,
  valuesQuery,
  violationList,
  violationsQuery,
  recordAtFault,
} from './indicator.schema.ts';
import { type Actor, can, optionalActor, roleMay } from '../accounts/index.ts';
import type { CellPrivacy } from './suppress-small-cells.ts';
import { suppression } from './indicator.schema.ts';
import { suppressionNote } from './small-cells.rules.ts';
import { defineIndicator, defineValidationRule, setTarget } from './manage-catalogue.ts';
import { listValidationRules } from './validation-rule.repository.ts';
import { findRecordsAtFault, listValidationViolations, readViolationsTable, runValidation, VIOLATIONS_FILE_LIMIT } from './run-validation.ts';
import { listIndicatorDefinitions } from './indicator.repository.ts';
import { listUnitTargets } from './list-targets.ts';
import { loadCatalogue, periodTypesOf, readIndicatorValues, readIndicatorValuesJson } from './read-indicator-values.ts';
import { dataSources, subYearElements } from './sources.ts';
import { PERIOD_TYPES, type PeriodType } from './periods.ts';
import { sendSpreadsheet } from '../platform/spreadsheet.ts';
import { readAggregates } from './export-aggregates.ts';
import { toAdx, toDataValueSet } from './interoperability.rules.ts';

const TABLE_COLUMNS = [
  'indicator',
  'orgUnit',
  'orgUnitName',
  'period',
  'value',
  'numerator',
  'denominator',
  'reported',
  'expected',
  'target',
  'status',
  'note',
];

/** Small cells (decision 0017): exact where the caller may read the households, suppressed elsewhere. */
function privacyOf(actor: Actor | null, minHouseholds: number): CellPrivacy {
  const scopes = (actor?.roles ?? [])
    .filter((g) => roleMay(g.role, 'household:read'))
    .map((g) => g.scopePath)
    .sort();
  return { minHouseholds, scopes, seesExactly: (path) => actor !== null && can(actor, 'household:read', path) };
}

/** Aggregated figures are public: no log-in, CSV or JSON, for the press, researchers and other systems. */
export function registerIndicatorRoutes(app: HttpServer, db: Db, options: { minCellSize: number }): void {
  const tags = ['indicators'];

  app.get('/api/indicators', {
    schema: {
      tags,
      summary: 'The indicator catalogue, with the period types each indicator has',
      response: { 200: z.object({ items: z.array(catalogueIndicator) }) },
    },
    handler: async () => {
      const [definitions, catalogue] = await Promise.all([listIndicatorDefinitions(db), loadCatalogue(db)]);
      return { items: definitions.map((d) => ({ ...d, periodTypes: periodTypesOf(catalogue.get(d.code)!, catalogue) })) };
    },
  });

  app.get('/api/data-elements', {
    schema: { tags, summary: 'The data elements indicators are built from', response: { 200: z.object({ items: z.array(dataElement) }) } },
    handler: async () => ({
      items: dataSources().flatMap((s) =>
        s.elements.map((e) => ({
          ...e,
          source: s.name,
          leafLevel: s.leafLevel,
          periodTypes: subYearElements().has(e.code) ? [...PERIOD_TYPES] : (['year'] satisfies PeriodType[]),
        })),
      ),
    }),
  });

  app.put('/api/indicators/:code', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'Define or change an indicator (administrators; audited)',
      params: z.object({ code: indicatorCode }),
      body: indicatorBody,
      response: { 200: indicator, ...errorResponses },
    },
    handler: (req) => defineIndicator(db, optionalActor(req), { ...req.body, code: req.params.code }),
  });

  app.get('/api/targets', {
    schema: {
      tags,
      summary:
        'Targets of a unit: those set for it, or with inForce=true those it is measured against (for a share it has none of, the nearest unit above it’s; orgUnitCode says where each was set)',
      querystring: z.object({
        orgUnit: z
          .string()
          .regex(/^\d{2,8}$/)
          .default('20'),
        inForce: queryBoolean.default(false),
      }),
      response: { 200: z.object({ items: z.array(target) }), ...errorResponses },
    },
    handler: async (req) => ({ items: await listUnitTargets(db, req.query.orgUnit, req.query.inForce) }),
  });

  app.put('/api/targets', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'Set an indicator’s target for a year and unit (administrators; audited)',
      body: target,
      response: { 200: target, ...errorResponses },
    },
    handler: (req) => setTarget(db, optionalActor(req), req.body),
  });

  app.get('/api/validation-rules', {
    schema: { tags, summary: 'Validation rules over data elements', response: { 200: z.object({ items: z.array(validationRule) }) } },
    handler: async () => ({ items: await listValidationRules(db) }),
  });

  app.put('/api/validation-rules/:code', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'Define or change a validation rule (administrators; audited)',
      params: z.object({ code: validationRule.shape.code }),
      body: validationRule.omit({ code: true }),
      response: { 200: validationRule, ...errorResponses },
    },
    handler: (req) => defineValidationRule(db, optionalActor(req), { ...req.body, code: req.params.code }),
  });

  app.get('/api/validation-violations', {
    schema: {
      tags,
      summary: `Validation rules broken in a unit and below it for a period, as every write leaves them (villages first); as JSON (a page), or CSV or .xlsx (the whole list, up to ${VIOLATIONS_FILE_LIMIT} rows)`,
      querystring: violationsQuery.extend({ format: tableFormat, lang: headerLanguage }),
      response: { 200: violationList.or(spreadsheetFile), ...errorResponses },
    },
    handler: async (req, reply) => {
      const { format, lang, ...query } = req.query;
      if (format === 'json') return listValidationViolations(db, query);
      const { name, table } = await readViolationsTable(db, query, lang);
      return sendSpreadsheet(reply, { name, table, format, sheetName: 'Kiểm tra dữ liệu' });
    },
  });

  app.post('/api/validation-violations/check', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'Check every rule again over a unit and below it for a period, then list what is broken',
      body: violationsQuery,
      response: { 200: violationList, ...errorResponses },
    },
    handler: (req) => runValidation(db, optionalActor(req), req.body),
  });

  app.get('/api/validation-violations/records', {
    schema: {
      tags,
      security: [{ session: [] }],
      summary: 'The records behind a violation at a unit (households: needs the right to read them there)',
      querystring: z.object({ rule: z.string().max(80), orgUnit: z.string().regex(/^\d{2,8}$/), period: violationsQuery.shape.period }),
      response: { 200: z.object({ items: z.array(recordAtFault) }), ...errorResponses },
    },
    handler: (req) => findRecordsAtFault(db, optionalActor(req), req.query),
  });

  const aggregatesQuery = valuesQuery.pick({ orgUnit: true, period: true, level: true });

  app.get('/api/exports/dhis2/data-value-sets', {
    schema: {
      tags,
      summary:
        'Aggregated data element values as a DHIS2 dataValueSets document (POST it to /api/dataValueSets); values made from too few households are left out (see `suppression`)',
      querystring: aggregatesQuery,
      response: {
        200: z.object({
          dataSet: z.string(),
          completeDate: z.string(),
          dataValues: z.array(z.object({ dataElement: z.string(), period: z.string(), orgUnit: z.string(), value: z.string() })),
          suppression,
        }),
        ...errorResponses,
      },
    },
    handler: async (req) => ({
      ...toDataValueSet(await readAggregates(db, req.query, privacyOf(optionalActor(req), options.minCellSize)), new Date()),
      suppression: { minHouseholds: options.minCellSize, note: suppressionNote(options.minCellSize) },
    }),
  });

  app.get('/api/exports/adx', {
    schema: {
      tags,
      summary: 'Aggregated data element values in ADX (IHE, urn:ihe:qrph:adx:2015); values made from too few households are left out (said in a comment)',
      querystring: aggregatesQuery,
      response: { 200: z.string(), ...errorResponses },
    },
    handler: async (req, reply) => {
      const values = await readAggregates(db, req.query, privacyOf(optionalActor(req), options.minCellSize));
      return reply.type('application/adx+xml; charset=utf-8').send(toAdx(values, new Date(), suppressionNote(options.minCellSize)));
    },
  });

  app.get('/api/indicator-values', {
    schema: {
      tags,
      summary:
        'Indicator values for units and periods (years; quarters and months where the data is dated by day), with numerator, denominator, completeness and target status',
      querystring: valuesQuery,
      response: { 200: indicatorValues.or(spreadsheetFile), ...errorResponses },
    },
    handler: async (req, reply) => {
      const format = req.query.format;
      const privacy = privacyOf(optionalActor(req), options.minCellSize);
      // Already JSON bytes (cached between writes): sent as they are, not serialised again.
      if (format === 'json') return sendJsonBytes(req, reply, await readIndicatorValuesJson(db, req.query, privacy));
      const result = await readIndicatorValues(db, req.query, privacy);
      const note = `${result.suppression.note.vi} / ${result.suppression.note.en}`;
      const table = {
        header: TABLE_COLUMNS,
        rows: result.cells.map((c) => [
          c.indicator,
          c.orgUnit,
          c.orgUnitName,
          c.period,
          c.value,
          c.numerator,
          c.denominator,
          c.completeness.reported,
          c.completeness.expected,
          c.target?.value ?? null,
          c.target?.status ?? null,
          c.reason === 'suppressed' ? note : null,
        ]),
      };
      return sendSpreadsheet(reply, { name: 'indicator-values', table, format, sheetName: 'Chỉ số' });
    },
  });
}
