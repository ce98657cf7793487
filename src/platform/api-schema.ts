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
