import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { LEVEL, readProvinceFile } from '../territory/index.ts';
import type { CommuneFacts, ProvinceFacts } from './demo-villages.rules.ts';

export async function countVillages(db: Db): Promise<number> {
  const row = await db
    .selectFrom('org_unit')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('level', '=', LEVEL.village)
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * The home province and its communes as loaded by the territory module; null before it is loaded.
 * The home province only: an instance that also holds the national list generates no demo for the others.
 */
export async function readTerritory(db: Db): Promise<{ province: ProvinceFacts; communes: CommuneFacts[] } | null> {
  const units = await db
    .selectFrom('org_unit')
    .select(['code', 'path', 'kind', 'level', 'area_km2', 'population', 'latitude', 'longitude'])
    .where('level', 'in', [LEVEL.province, LEVEL.commune])
    .where('province_code', '=', readProvinceFile().province.code)
    .orderBy('code')
    .execute();
  const province = units.find((u) => u.level === LEVEL.province);
  const communes = units.filter((u) => u.level === LEVEL.commune);
  if (!province || province.population === null || province.area_km2 === null || communes.length === 0) return null;
  return {
    province: { code: province.code, path: province.path, population: province.population, areaKm2: province.area_km2 },
    communes: communes.map((c) => ({
      code: c.code,
      path: c.path,
      kind: c.kind,
      areaKm2: c.area_km2 ?? 0,
      population: c.population,
      latitude: c.latitude ?? 0,
      longitude: c.longitude ?? 0,
    })),
  };
}
