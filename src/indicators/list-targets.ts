import type { Db } from '../platform/database.ts';
import { findOrgUnit, orgUnitNotFound } from '../territory/index.ts';
import { listTargets, listTargetsOf, toSetTarget } from './indicator.repository.ts';
import { loadCatalogue } from './read-indicator-values.ts';
import { lineageOf, targetsInForce, type SetTarget } from './target.rules.ts';

/**
 * A unit's targets: those set for it, or with `inForce` those it is measured against — its own
 * and, for shares it has none of, its nearest ancestor's (`orgUnitCode` says where each was set).
 */
export async function listUnitTargets(db: Db, orgUnitCode: string, inForce: boolean): Promise<SetTarget[]> {
  if (!inForce) return (await listTargetsOf(db, orgUnitCode)).map(toSetTarget);
  const unit = await findOrgUnit(db, orgUnitCode);
  if (!unit) throw orgUnitNotFound(orgUnitCode);
  const lineage = lineageOf(unit.path);
  const catalogue = await loadCatalogue(db);
  const rows = (await listTargets(db, [...catalogue.keys()], lineage)).map(toSetTarget);
  return [...catalogue.values()].flatMap((indicator) => targetsInForce(rows, indicator.code, lineage, indicator.denominatorExpression !== null));
}
