import type { Db } from '../platform/database.ts';
import { findOrgUnit, listUnitsAtLevel } from '../territory/org-unit.repository.ts';
import { orgUnitNotFound } from '../territory/describe-org-unit.ts';
import { readValues } from './data-value.repository.ts';
import { availablePeriods } from './read-indicator-values.ts';
import { DATA_ELEMENT_CODES } from './sources.ts';
import type { AggregateValue } from './interoperability.rules.ts';

/**
 * Every data element's aggregated value for the units at a level under a root, for some periods
 * (every year when left out). A quarter or a month has values of the elements dated by day only.
 */
export async function readAggregates(db: Db, request: { orgUnit: string; level?: number | undefined; period?: string[] | undefined }): Promise<AggregateValue[]> {
  const root = await findOrgUnit(db, request.orgUnit);
  if (!root) throw orgUnitNotFound(request.orgUnit);
  const periods = availablePeriods(request.period).map((p) => p.id);
  const units = request.level && request.level > root.level ? await listUnitsAtLevel(db, root.path, request.level) : [root];
  const rows = await readValues(db, [...DATA_ELEMENT_CODES], periods, units.map((u) => u.code));
  return rows
    .map((r) => ({ dataElement: r.data_element, orgUnit: r.org_unit_code, period: r.period, value: r.value }))
    .sort((a, b) => a.orgUnit.localeCompare(b.orgUnit) || a.period.localeCompare(b.period) || a.dataElement.localeCompare(b.dataElement));
}
