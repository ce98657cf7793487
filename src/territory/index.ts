/** What other modules may use of territory (decision 0019): the province's units (the bottom of the modules: it uses none). */
export { communeOutlines } from './commune-outlines.ts';
export { orgUnitNotFound, searchTerritory } from './describe-org-unit.ts';
export { loadProvinceTerritory, readProvinceFile } from './load-province-territory.ts';
export { loadNationalTerritory, readNationalLists, type NationalLists } from './load-national-territory.ts';
export {
  findOrgUnit,
  findUnits,
  listChildren,
  listVillagesOf,
  listUnitsAtLevel,
  listProvinces,
  rememberingUnits,
  upsertOrgUnits,
  type NewOrgUnit,
  type OrgUnitRow,
} from './org-unit.repository.ts';
export { registerOrgUnitRoutes } from './org-unit.routes.ts';
export { orgUnitCode, orgUnitSummary } from './org-unit.schema.ts';
export { KIND_NAMES, LEVEL, NATION, VILLAGE_KINDS, childPath, isWithin, villageCode } from './territory.rules.ts';
export type { OrgUnitKind } from './territory.tables.ts';
