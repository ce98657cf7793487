import { readFileSync } from 'node:fs';
import type { Db } from '../platform/database.ts';
import { foldForSearch } from '../platform/text.ts';
import { upsertOrgUnits, type NewOrgUnit } from './org-unit.repository.ts';
import { childPath, LEVEL } from './territory.rules.ts';

interface CommuneRecord {
  code: string;
  name: string;
  full_name: string;
  type: 'xa' | 'phuong';
  name_en: string;
  area_km2: number;
  population: number | null;
  population_suspect: boolean;
  centroid_lat: number;
  centroid_lon: number;
  admin_center: string;
  resolution: string;
  predecessors: { code: string; full_name: string; district: string; portion: string }[];
}

interface ProvinceFile {
  province: { code: string; full_name: string; area_km2: number; population: number; resolution: string; effective: string };
  units: CommuneRecord[];
}

export function readProvinceFile(): ProvinceFile {
  return JSON.parse(readFileSync(new URL('./data/communes.json', import.meta.url), 'utf8')) as ProvinceFile;
}

/** The real province and its 65 communes and wards, with their predecessors and seats: the home province's full description. */
export function provinceUnits(): { province: NewOrgUnit; communes: NewOrgUnit[] } {
  const file = readProvinceFile();
  const p = file.province;
  const provinceName = p.full_name.replace(/^Tỉnh\s+/, '');
  const province: NewOrgUnit = {
    code: p.code,
    parent_code: null,
    level: LEVEL.province,
    kind: 'tinh',
    name: provinceName,
    full_name: p.full_name,
    name_en: 'Lang Son',
    search_name: foldForSearch(p.full_name),
    path: p.code,
    province_code: p.code,
    area_km2: p.area_km2,
    population: p.population,
    details: { resolution: p.resolution, effective: p.effective },
  };
  const communes: NewOrgUnit[] = file.units.map((u) => ({
    code: u.code,
    parent_code: p.code,
    level: LEVEL.commune,
    kind: u.type,
    name: u.name,
    full_name: u.full_name,
    name_en: u.name_en,
    search_name: foldForSearch(u.full_name),
    path: childPath(p.code, u.code),
    province_code: p.code,
    area_km2: u.area_km2,
    population: u.population_suspect ? null : u.population,
    latitude: u.centroid_lat,
    longitude: u.centroid_lon,
    details: {
      adminCenter: u.admin_center,
      resolution: u.resolution,
      predecessors: u.predecessors.map((x) => ({ code: x.code, name: x.full_name, district: x.district, portion: x.portion })),
    },
  }));
  return { province, communes };
}

/** Loads (or refreshes) the real province and its 65 communes and wards; safe to run on every start. */
export async function loadProvinceTerritory(db: Db): Promise<{ provinceCode: string; communes: number }> {
  const { province, communes } = provinceUnits();
  await db.transaction().execute(async (tx) => {
    await upsertOrgUnits(tx, [province]);
    await upsertOrgUnits(tx, communes);
  });
  return { provinceCode: province.code, communes: communes.length };
}
