import type { Issue } from '../platform/errors.ts';
import { foldForSearch } from '../platform/text.ts';
import type { NewOrgUnit } from './org-unit.repository.ts';
import { childPath, LEVEL } from './territory.rules.ts';

/** A row of the national province list, as the shipped CSV has it (codes keep their leading zeros). */
export interface NationalProvinceRow {
  code: string;
  name: string;
  full_name: string;
  type: string;
  name_en: string;
  unit_count: string;
  area_km2: string;
  population: string;
}

/** A row of the national commune list. */
export interface NationalCommuneRow {
  code: string;
  name: string;
  full_name: string;
  type: string;
  province_code: string;
  name_en: string;
  area_km2: string;
  population: string;
  centroid_lat: string;
  centroid_lon: string;
}

const PROVINCE_KINDS = ['tinh', 'thanh_pho'] as const;
const COMMUNE_KINDS = ['xa', 'phuong', 'dac_khu'] as const;

const numberOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text));
const oneOf = <T extends string>(kinds: readonly T[], value: string): value is T => (kinds as readonly string[]).includes(value);

function issue(code: string, vi: string, en: string, row: number, field: string): Issue {
  return { code, message: { vi, en }, row, field };
}

/**
 * Checks the national list and turns it into units, each province the root of its subtree. A
 * commune listed twice (two provinces claiming it, or one twice) would put one unit under two
 * roots or silently keep the last; either refuses the whole list, with every problem named.
 */
export function planNationalTerritory(
  provinces: readonly NationalProvinceRow[],
  communes: readonly NationalCommuneRow[],
): { units: NewOrgUnit[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const provinceByCode = new Map<string, NationalProvinceRow>();
  provinces.forEach((p, i) => {
    const row = i + 2;
    if (!/^\d{2}$/.test(p.code))
      issues.push(issue('territory.bad_code', `Mã tỉnh "${p.code}" không phải 2 chữ số.`, `Province code "${p.code}" is not 2 digits.`, row, 'code'));
    else if (provinceByCode.has(p.code))
      issues.push(issue('territory.duplicate_province', `Tỉnh ${p.code} có hai lần trong danh sách.`, `Province ${p.code} is listed twice.`, row, 'code'));
    if (!oneOf(PROVINCE_KINDS, p.type))
      issues.push(issue('territory.bad_kind', `Loại tỉnh "${p.type}" không hợp lệ.`, `Unknown province type "${p.type}".`, row, 'type'));
    provinceByCode.set(p.code, p);
  });

  const claimedBy = new Map<string, { province: string; row: number }>();
  const counted = new Map<string, number>();
  communes.forEach((c, i) => {
    const row = i + 2;
    if (!/^\d{5}$/.test(c.code))
      issues.push(issue('territory.bad_code', `Mã xã "${c.code}" không phải 5 chữ số.`, `Commune code "${c.code}" is not 5 digits.`, row, 'code'));
    if (!oneOf(COMMUNE_KINDS, c.type))
      issues.push(
        issue('territory.bad_kind', `Loại đơn vị "${c.type}" của ${c.code} không hợp lệ.`, `Unknown unit type "${c.type}" for ${c.code}.`, row, 'type'),
      );
    if (!provinceByCode.has(c.province_code)) {
      issues.push(
        issue(
          'territory.unknown_province',
          `Xã ${c.code} thuộc tỉnh ${c.province_code}, không có trong danh sách tỉnh.`,
          `Commune ${c.code} names province ${c.province_code}, which is not in the province list.`,
          row,
          'province_code',
        ),
      );
    }
    const earlier = claimedBy.get(c.code);
    if (earlier) {
      issues.push(
        earlier.province === c.province_code
          ? issue(
              'territory.duplicate_commune',
              `Xã ${c.code} có hai lần trong tỉnh ${c.province_code} (dòng ${earlier.row} và ${row}).`,
              `Commune ${c.code} is listed twice in province ${c.province_code} (rows ${earlier.row} and ${row}).`,
              row,
              'code',
            )
          : issue(
              'territory.commune_claimed_twice',
              `Xã ${c.code} được cả tỉnh ${earlier.province} (dòng ${earlier.row}) và tỉnh ${c.province_code} (dòng ${row}) nhận là của mình.`,
              `Commune ${c.code} is claimed by province ${earlier.province} (row ${earlier.row}) and by province ${c.province_code} (row ${row}).`,
              row,
              'province_code',
            ),
      );
      return;
    }
    claimedBy.set(c.code, { province: c.province_code, row });
    counted.set(c.province_code, (counted.get(c.province_code) ?? 0) + 1);
  });
  provinces.forEach((p, i) => {
    const listed = counted.get(p.code) ?? 0;
    if (p.unit_count.trim() !== '' && Number(p.unit_count) !== listed) {
      issues.push(
        issue(
          'territory.unit_count_mismatch',
          `Tỉnh ${p.code} ghi ${p.unit_count} đơn vị cấp xã nhưng danh sách có ${listed}.`,
          `Province ${p.code} states ${p.unit_count} commune-level units but the list has ${listed}.`,
          i + 2,
          'unit_count',
        ),
      );
    }
  });
  if (issues.length > 0) return { units: [], issues };

  const provinceUnits: NewOrgUnit[] = provinces.map((p) => ({
    code: p.code,
    parent_code: null,
    level: LEVEL.province,
    kind: p.type as (typeof PROVINCE_KINDS)[number],
    name: p.name,
    full_name: p.full_name,
    name_en: p.name_en || null,
    search_name: foldForSearch(p.full_name),
    path: p.code,
    province_code: p.code,
    area_km2: numberOrNull(p.area_km2),
    population: numberOrNull(p.population),
  }));
  const communeUnits: NewOrgUnit[] = communes.map((c) => ({
    code: c.code,
    parent_code: c.province_code,
    level: LEVEL.commune,
    kind: c.type as (typeof COMMUNE_KINDS)[number],
    name: c.name,
    full_name: c.full_name,
    name_en: c.name_en || null,
    search_name: foldForSearch(c.full_name),
    path: childPath(c.province_code, c.code),
    province_code: c.province_code,
    area_km2: numberOrNull(c.area_km2),
    population: numberOrNull(c.population),
    latitude: numberOrNull(c.centroid_lat),
    longitude: numberOrNull(c.centroid_lon),
  }));
  return { units: [...provinceUnits, ...communeUnits], issues };
}
