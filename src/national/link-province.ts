import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import { findOrgUnit, LEVEL, orgUnitNotFound, type OrgUnitRow } from '../territory/index.ts';
import { saveLink } from './national.repository.ts';

export interface ProvinceLink {
  provinceCode: string;
  baseUrl: string;
  token: string;
  timeoutMs?: number | undefined;
  everyMinutes?: number | undefined;
}

/**
 * Links the national instance to a province's server (or changes the link): the nation's
 * territory must hold the province, so the units it may send values for are known.
 */
export async function linkProvince(db: Db, link: ProvinceLink): Promise<void> {
  const province = await findOrgUnit(db, link.provinceCode);
  if (!province || province.level !== LEVEL.province) {
    throw badRequest(
      'national.unknown_province',
      {
        vi: `Không có tỉnh ${link.provinceCode}: nạp danh sách toàn quốc trước (banso territory load --national).`,
        en: `No province ${link.provinceCode}: load the national list first (banso territory load --national).`,
      },
      'province',
    );
  }
  if (!/^https?:\/\//.test(link.baseUrl))
    throw badRequest(
      'national.bad_url',
      { vi: 'Địa chỉ phải bắt đầu bằng http:// hoặc https://.', en: 'The address must begin with http:// or https://.' },
      'url',
    );
  if (link.token.length < 16)
    throw badRequest('national.short_token', { vi: 'Mã truy cập cần ít nhất 16 ký tự.', en: 'The token needs at least 16 characters.' }, 'token');
  await saveLink(db, {
    province_code: link.provinceCode,
    base_url: link.baseUrl,
    token: link.token,
    timeout_ms: link.timeoutMs ?? 10_000,
    every_minutes: link.everyMinutes ?? 15,
  });
}

/** The nation's province `code` (a commune's or a village's code is no province): 404 otherwise. */
export async function findProvince(db: Db, code: string): Promise<OrgUnitRow> {
  const province = await findOrgUnit(db, code);
  if (!province || province.level !== LEVEL.province) throw orgUnitNotFound(code);
  return province;
}
