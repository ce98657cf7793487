import { z } from 'zod';
import { isCalendarDate } from './dates.ts';

/** 'YYYY-MM-DD', a real calendar day: a date is not a timestamp at midnight. */
export const calendarDate = z.string().refine(isCalendarDate, 'A date written YYYY-MM-DD');

const message = z.object({ vi: z.string(), en: z.string() });

/** The one error shape, declared once for the OpenAPI document. */
export const errorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable machine code, e.g. household.smartphones_exceed_members'),
    message,
    field: z.string().optional(),
    issues: z
      .array(z.object({ code: z.string(), message, field: z.string().optional(), row: z.number().int().optional() }))
      .optional(),
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
export const spreadsheetFile = z.custom<Buffer>((value) => Buffer.isBuffer(value)).meta({ type: 'string', format: 'binary', description: 'CSV (UTF-8 with BOM) or .xlsx when format=csv|xlsx' });
