import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { findOrgUnit, LEVEL, orgUnitNotFound } from '../territory/index.ts';
import { findLink } from './national.repository.ts';
import { linkNotFound } from './pull-province.ts';

const villageCell = z.object({
  indicator: z.string(),
  orgUnit: z.string(),
  orgUnitName: z.string(),
  isDemo: z.boolean(),
  period: z.string(),
  value: z.number().nullable(),
  reason: z.string().nullable(),
});
const villageCells = z.object({ cells: z.array(villageCell) });

export const liveVillages = z.object({ period: z.string(), commune: z.object({ code: z.string(), name: z.string() }), cells: z.array(villageCell) });

const provinceUnreachable = (code: string) =>
  new AppError(504, 'national.province_unreachable', {
    vi: `Máy chủ của tỉnh ${code} không trả lời kịp: số liệu thôn chỉ có khi tỉnh trả lời.`,
    en: `The server of province ${code} did not answer in time: village figures are there only while the province answers.`,
  });

/**
 * A commune's villages, read from its province's server at the time of asking (their public
 * figures; the nation keeps no village values), bounded by the link's timeout.
 */
export async function readVillagesLive(db: Db, communeCode: string, period: string): Promise<z.infer<typeof liveVillages>> {
  const commune = await findOrgUnit(db, communeCode);
  if (!commune || commune.level !== LEVEL.commune) throw orgUnitNotFound(communeCode);
  const link = await findLink(db, commune.province_code);
  if (!link) throw linkNotFound(commune.province_code);
  const url = new URL('/api/indicator-values', link.base_url);
  url.search = new URLSearchParams({ orgUnit: communeCode, level: String(LEVEL.village), period }).toString();
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(link.timeout_ms) });
    if (!response.ok) throw provinceUnreachable(commune.province_code);
    return { period, commune: { code: commune.code, name: commune.name }, cells: villageCells.parse(await response.json()).cells };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw provinceUnreachable(commune.province_code);
  }
}
