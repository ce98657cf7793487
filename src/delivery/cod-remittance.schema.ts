import { z } from 'zod';
import { personText } from '../platform/api-schema.ts';
import { bilingual } from '../platform/errors.ts';
import { COD_MAX } from './parcel.rules.ts';
import { isMonth } from './cod-remittance.rules.ts';

export const month = z.string().refine(isMonth, bilingual({ vi: 'Một tháng, viết YYYY-MM.', en: 'A month written YYYY-MM.' }));

export const remittanceLine = z.object({
  shop: z.object({ id: z.string(), name: z.string() }),
  carrier: z.object({ id: z.string(), name: z.string() }),
  month: z.string(),
  collected: z.number().int().describe('Đồng: the COD of the shop’s parcels the carrier delivered that month'),
  remitted: z.number().int(),
  owed: z.number().int(),
});
export type RemittanceView = z.infer<typeof remittanceLine>;
export const remittanceList = z.object({ items: z.array(remittanceLine) });

export const carrierRemittanceQuery = z.object({ carrier: z.uuid(), month: month.optional() });

/** Several months of one shop's COD could add up past one parcel's cap, never past this. */
const REMITTANCE_MAX = 1000 * COD_MAX;

export const remittanceBody = z.strictObject({
  carrier: z.uuid(),
  shop: z.uuid(),
  month,
  amount: z.number().int().min(1).max(REMITTANCE_MAX).describe('Đồng remitted to the shop'),
  reference: personText(120, { allowEmpty: true }).optional().describe('The bank transfer’s reference, say'),
});
export type RemittanceBody = z.infer<typeof remittanceBody>;
