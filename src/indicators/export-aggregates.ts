import type { Db } from '../platform/database.ts';
import { findOrgUnit, listUnitsAtLevel, orgUnitNotFound } from '../territory/index.ts';
import { readValues } from './data-value.repository.ts';
import { availablePeriods } from './read-indicator-values.ts';
import { findSmallCells, type CellPrivacy } from './suppress-small-cells.ts';
import { dataElementCodes } from './sources.ts';
import type { AggregateValue } from './interoperability.rules.ts';

/**
 * Every data element's aggregated value for the units at a level under a root, for some periods
 * (every year when left out). A quarter or a month has values of the elements dated by day only.
 * Values made from too few households are left out unless the caller's scope covers the unit.
 */
export async function readAggregates(
  db: Db,
  request: { orgUnit: string; level?: number | undefined; period?: string[] | undefined },
  privacy: CellPrivacy,
): Promise<AggregateValue[]> {
  const root = await findOrgUnit(db, request.orgUnit);
  if (!root) throw orgUnitNotFound(request.orgUnit);
  const periods = availablePeriods(request.period);
  const units = request.level && request.level > root.level ? await listUnitsAtLevel(db, root.path, request.level) : [root];
  const rows = await readValues(
    db,
    [...dataElementCodes()],
    periods.map((p) => p.id),
    units.map((u) => u.code),
  );
  const isSuppressed = await findSmallCells(db, units, periods, privacy);
  const periodOf = new Map(periods.map((p) => [p.id, p]));
  return rows
    .filter((r) => !isSuppressed(r.data_element, r.org_unit_code, periodOf.get(r.period)!))
    .map((r) => ({ dataElement: r.data_element, orgUnit: r.org_unit_code, period: r.period, value: r.value }))
    .sort((a, b) => a.orgUnit.localeCompare(b.orgUnit) || a.period.localeCompare(b.period) || a.dataElement.localeCompare(b.dataElement));
}
