import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { authorize, type Actor } from '../accounts/index.ts';
import { findLink } from './national.repository.ts';
import { findProvince, linkProvince } from './link-province.ts';
import { presentLink } from './read-province-links.ts';
import type { ProvinceLinkItem } from './national.schema.ts';

export interface ProvinceLinkChange {
  baseUrl: string;
  /** Left out when editing, the link keeps its token (it is never shown, so it cannot be sent back). */
  token?: string | undefined;
  timeoutMs: number;
  everyMinutes: number;
}

/**
 * A national administrator links the nation to a province's server, or changes the link (a new
 * address, token or period), from the web as `banso national link` does; audited without the
 * token. How the last pull went is kept: the next pull says whether the new link works.
 */
export async function saveProvinceLink(db: Db, actor: Actor | null, provinceCode: string, change: ProvinceLinkChange): Promise<ProvinceLinkItem> {
  const province = await findProvince(db, provinceCode);
  const allowed = await authorize(db, actor, 'national:manage', province, { entity: 'national_link', entityId: provinceCode });
  const before = await findLink(db, provinceCode);
  const token = change.token ?? before?.token;
  if (token === undefined)
    throw badRequest('national.token_required', { vi: 'Kết nối mới cần mã truy cập của tỉnh.', en: 'A new link needs the province’s token.' }, 'token');
  await linkProvince(db, { provinceCode, baseUrl: change.baseUrl, token, timeoutMs: change.timeoutMs, everyMinutes: change.everyMinutes });
  const saved = (await findLink(db, provinceCode))!;
  await recordAudit(db, allowed, 'national:link', 'national_link', {
    entityId: provinceCode,
    unit: province,
    before: before && { baseUrl: before.base_url, timeoutMs: before.timeout_ms, everyMinutes: before.every_minutes },
    after: { baseUrl: saved.base_url, timeoutMs: saved.timeout_ms, everyMinutes: saved.every_minutes, tokenChanged: change.token !== undefined },
  });
  return presentLink(saved, new Date());
}
