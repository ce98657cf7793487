import type { Db } from '../platform/database.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { NATION } from '../territory/index.ts';
import { listLinks, type NationalLinkRow } from './national.repository.ts';
import { freshnessOf } from './national.rules.ts';
import type { ProvinceLinkItem, ProvinceLinks } from './national.schema.ts';

/** A link as national officers see it: where the province's server is, how often it is pulled, how the last pull went; never the token. */
export const presentLink = (link: NationalLinkRow, now: Date): ProvinceLinkItem => ({
  provinceCode: link.province_code,
  baseUrl: link.base_url,
  timeoutMs: link.timeout_ms,
  everyMinutes: link.every_minutes,
  valueCount: link.value_count,
  freshness: freshnessOf(link, now),
});

/** The nation's links to the province servers, for its officers. */
export async function readProvinceLinks(db: Db, actor: Actor | null, now = new Date()): Promise<ProvinceLinks> {
  await authorize(db, actor, 'national:read', NATION, { entity: 'national_link' });
  return { items: (await listLinks(db)).map((link) => presentLink(link, now)) };
}
