import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { foldForSearch } from '../platform/text.ts';
import type { OrgUnit, OrgUnitChild, OrgUnitSummary } from './org-unit.schema.ts';
import { countChildren, countRegister, findOrgUnit, listAncestors, listChildren, searchOrgUnits, type OrgUnitRow } from './org-unit.repository.ts';
import { LEVEL } from './territory.rules.ts';

export const orgUnitNotFound = (code: string) =>
  notFound('org_unit.not_found', { vi: `Không có đơn vị hành chính mã ${code}.`, en: `There is no unit with code ${code}.` }, 'code');

export function presentSummary(row: OrgUnitRow): OrgUnitSummary {
  return {
    code: row.code,
    name: row.name,
    fullName: row.full_name,
    kind: row.kind,
    level: row.level,
    parentCode: row.parent_code,
    isDemo: row.is_demo,
  };
}

const presentLocation = (row: OrgUnitRow) => (row.latitude === null || row.longitude === null ? null : { latitude: row.latitude, longitude: row.longitude });

export const presentChild = (row: OrgUnitRow): OrgUnitChild => ({ ...presentSummary(row), location: presentLocation(row) });

/**
 * The unit with its place in the tree and, below the province, its register counts for a caller
 * who may read its households: counted from the households themselves, a village of one would
 * publish that household, so others read the suppressed HOUSEHOLDS indicator instead (decision 0017).
 */
export async function describeOrgUnit(db: Db, code: string, mayReadRegister: (path: string) => boolean): Promise<OrgUnit> {
  const row = await findOrgUnit(db, code);
  if (!row) throw orgUnitNotFound(code);
  const [ancestors, childCount, register] = await Promise.all([
    listAncestors(db, row.path),
    countChildren(db, row.code),
    row.level === LEVEL.province || !mayReadRegister(row.path) ? Promise.resolve(null) : countRegister(db, row.path),
  ]);
  return {
    ...presentSummary(row),
    nameEn: row.name_en,
    path: row.path,
    provinceCode: row.province_code,
    areaKm2: row.area_km2,
    population: row.population,
    location: presentLocation(row),
    ethnicGroups: row.ethnic_groups,
    details: row.details,
    ancestors,
    childCount,
    register,
  };
}

export async function listOrgUnitChildren(db: Db, code: string, page: { limit: number; offset: number }) {
  const parent = await findOrgUnit(db, code);
  if (!parent) throw orgUnitNotFound(code);
  const [rows, total] = await Promise.all([listChildren(db, code, page), countChildren(db, code)]);
  return { total, items: rows.map(presentChild) };
}

export async function searchTerritory(db: Db, text: string, options: { level?: number | undefined; limit: number }) {
  const rows = await searchOrgUnits(db, foldForSearch(text), options);
  return rows.map(presentSummary);
}
