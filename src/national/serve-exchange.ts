import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { readAggregates, toDataValueSet, type AggregateValue, type CellPrivacy } from '../indicators/index.ts';
import { LEVEL } from '../territory/index.ts';
import { listServedProvinces } from './national.repository.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

const exchangeRefused = () =>
  new AppError(401, 'national.exchange_refused', {
    vi: 'Máy chủ tỉnh không nhận mã truy cập này (hoặc chưa bật trao đổi với trung ương: BANSO_EXCHANGE_TOKEN).',
    en: 'This province server does not accept this token (or has no exchange with the nation: BANSO_EXCHANGE_TOKEN).',
  });

/** The bearer token against the configured one, in constant time; no token configured refuses everyone. */
export function checkExchangeToken(authorization: string | undefined, configured: string | undefined): void {
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (!configured || !presented || !timingSafeEqual(digest(presented), digest(configured))) throw exchangeRefused();
}

/**
 * What a province server gives the nation: every data element's value for its province and
 * communes, the same document as its public dataValueSets export, small cells left out as for
 * the public (the national view is public).
 */
export async function exchangeValues(db: Db, periods: string[] | undefined, minCellSize: number) {
  const publicCells: CellPrivacy = { minHouseholds: minCellSize, scopes: [], seesExactly: () => false };
  const values: AggregateValue[] = [];
  for (const province of await listServedProvinces(db)) {
    values.push(...(await readAggregates(db, { orgUnit: province, period: periods }, publicCells)));
    values.push(...(await readAggregates(db, { orgUnit: province, level: LEVEL.commune, period: periods }, publicCells)));
  }
  return toDataValueSet(values, new Date());
}
