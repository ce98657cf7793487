import { z } from 'zod';
import { personText } from '../platform/api-schema.ts';

export const orgUnitCode = z
  .string()
  .regex(/^\d{2}(\d{3}(\d{3})?)?$/, 'An org unit code has 2 (province), 5 (commune) or 8 (village) digits')
  .describe('Province code (2 digits), commune code (5 digits) or village code (8 digits)');

export const orgUnitSummary = z.object({
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  kind: z.enum(['tinh', 'thanh_pho', 'xa', 'phuong', 'dac_khu', 'thon', 'ban', 'khoi_pho']),
  level: z.number().int().describe('1 province, 2 commune or ward, 3 village'),
  parentCode: z.string().nullable(),
  isDemo: z.boolean().describe('Generated demo data, not a real unit'),
});

const location = z.object({ latitude: z.number(), longitude: z.number() }).nullable();

/** A unit in its parent's list, with its point so a map can place villages without one request each. */
export const orgUnitChild = orgUnitSummary.extend({ location });

export const orgUnit = orgUnitSummary.extend({
  nameEn: z.string().nullable(),
  path: z.string().describe('Codes from the province down, dot-separated'),
  provinceCode: z.string(),
  areaKm2: z.number().nullable(),
  population: z.number().int().nullable().describe('Published population (communes); villages count residents from their household register'),
  location,
  ethnicGroups: z.array(z.string()),
  details: z.record(z.string(), z.unknown()),
  ancestors: z.array(orgUnitSummary.pick({ code: true, name: true, kind: true, level: true })),
  childCount: z.number().int(),
  register: z
    .object({
      households: z.number().int(),
      residents: z.number().int(),
      surveyedOn: z.string().nullable(),
    })
    .nullable()
    .describe(
      'Households and residents from the latest survey of each household (villages and communes, for an account that may read their households; null otherwise: the public figures are the indicators, small cells suppressed)',
    ),
});

export const childrenQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const searchQuery = z.object({
  search: personText(100).describe('Name, without diacritics if you like: "kien moc" finds Kiên Mộc'),
  level: z.coerce.number().int().min(1).max(3).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export type OrgUnit = z.infer<typeof orgUnit>;
export type OrgUnitSummary = z.infer<typeof orgUnitSummary>;
export type OrgUnitChild = z.infer<typeof orgUnitChild>;
