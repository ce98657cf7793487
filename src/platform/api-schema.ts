import { z } from 'zod';
import { isCalendarDate } from './dates.ts';
import { bilingual } from './errors.ts';
import { normalizePersonText } from './text.ts';

/** 'YYYY-MM-DD', a real calendar day: a date is not a timestamp at midnight. */
export const calendarDate = z.string().refine(isCalendarDate, bilingual({ vi: 'Một ngày có thật, viết YYYY-MM-DD.', en: 'A real date written YYYY-MM-DD.' }));

const message = z.object({ vi: z.string(), en: z.string() });

/** The one error shape, declared once for the OpenAPI document. */
export const errorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable machine code, e.g. household.smartphones_exceed_members'),
    message,
    field: z.string().optional(),
    issues: z.array(z.object({ code: z.string(), message, field: z.string().optional(), row: z.number().int().optional() })).optional(),
  }),
});

export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
} as const;

/** How a table is sent: JSON for programs, CSV or .xlsx for officers who work in Excel. */
export const tableFormat = z.enum(['json', 'csv', 'xlsx']).default('json');

/** The language of a downloaded table's headers: Vietnamese, what officers send on, unless asked. */
export const headerLanguage = z.enum(['vi', 'en']).default('vi').describe('Language of the CSV/.xlsx column headers and words');
export type HeaderLanguage = z.infer<typeof headerLanguage>;

/** A CSV or .xlsx body; documented as binary, sent as the bytes it is. */
export const spreadsheetFile = z
  .custom<Buffer>((value) => Buffer.isBuffer(value))
  .meta({ type: 'string', format: 'binary', description: 'CSV (UTF-8 with BOM) or .xlsx when format=csv|xlsx' });

/** The same JSON answer as bytes kept in memory between changes (decision 0009), sent without serialising it again. */
export const jsonFromMemory = z
  .custom<Buffer>((value) => Buffer.isBuffer(value))
  .meta({ type: 'string', description: 'The same JSON document, sent as kept in memory (decision 0009)' });

/**
 * A yes/no in a query string: true/false or 1/0, anything else a 400. Not `z.coerce.boolean()`,
 * which reads every non-empty string, "false" included, as true.
 */
export const queryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .describe('true or false (1 or 0)');

/**
 * A name or label a person types, cleaned by `normalizePersonText`; at most `max` characters once
 * cleaned. Empty once cleaned is refused unless `allowEmpty` (where a rule refuses it in its own words).
 */
export function personText(max: number, options: { allowEmpty?: boolean } = {}) {
  // Raw input may be longer than its clean form (NFD, padding), but not without bound.
  return z
    .string()
    .max(max * 4)
    .transform((typed, ctx) => {
      const text = normalizePersonText(typed);
      if (text === '' && !options.allowEmpty) {
        ctx.addIssue({
          code: 'custom',
          message: bilingual({
            vi: 'Trường này trống (sau khi bỏ khoảng trắng và ký tự vô hình).',
            en: 'This field is empty (once spaces and invisible characters are removed).',
          }),
        });
      }
      return text;
    })
    .pipe(z.string().max(max));
}

/** An id made by the client (UUIDv7): a replay of the same write names the same row. */
export const clientId = z.uuid().describe('Made by the client (UUIDv7), so that a replay finds what it already wrote');
