import type { Db } from '../platform/database.ts';
import { communeOutlines, findOrgUnit, LEVEL, listUnitsAtLevel, orgUnitNotFound } from '../territory/index.ts';
import { communeMap, simplifyBoundaries, type BoundaryCollection, type CommuneMap } from './boundaries.rules.ts';

let outlines: BoundaryCollection | undefined;
/**
 * The shipped commune outlines, simplified once more for a drill-down from the national map
 * (within 0.003°, about 300 m, 3 decimals): 161 → about 50 KB for Lạng Sơn's 65 communes.
 */
const drillDownOutlines = () => (outlines ??= simplifyBoundaries(JSON.parse(communeOutlines().toString('utf8')) as BoundaryCollection, 0.003, 3));

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A province's communes for the national map's drill-down: outlines where shipped, points elsewhere; no tiles. */
export async function readProvinceMap(db: Db, provinceCode: string): Promise<CommuneMap> {
  const province = await findOrgUnit(db, provinceCode);
  if (!province || province.level !== LEVEL.province) throw orgUnitNotFound(provinceCode);
  const communes = await listUnitsAtLevel(db, province.path, LEVEL.commune);
  return communeMap(
    communes.map((c) => ({ code: c.code, name: c.name, latitude: numberOrNull(c.latitude), longitude: numberOrNull(c.longitude) })),
    drillDownOutlines(),
  );
}
