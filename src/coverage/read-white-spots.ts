import type { Db } from '../platform/database.ts';
import { findOrgUnit, orgUnitNotFound } from '../territory/index.ts';
import type { Table } from '../platform/spreadsheet.ts';
import { coverageVersion, listOperators, listWhiteSpots, type WhiteSpotRow } from './coverage.repository.ts';
import { versionedAnswers } from '../platform/versioned-answers.ts';
import type { HeaderLanguage } from '../platform/api-schema.ts';
import { hasOperator, whiteSpotsTable, type WhiteSpot } from './white-spots.rules.ts';

export interface WhiteSpotsQuery {
  orgUnit: string;
  year: number;
  /** Only the villages where this operator is present (the list an officer sends to that operator). */
  operator?: string | undefined;
}

/** The "white spots" the department sends to operators: villages without stable 3G/4G or without fibre. */
export async function readWhiteSpots(db: Db, query: WhiteSpotsQuery) {
  const root = await findOrgUnit(db, query.orgUnit);
  if (!root) throw orgUnitNotFound(query.orgUnit);
  const all = (await listWhiteSpots(db, root.path, query.year)).map(toWhiteSpot);
  const { operator } = query;
  const items = operator ? all.filter((spot) => hasOperator(spot, operator)) : all;
  return {
    year: query.year,
    orgUnit: root.code,
    withoutMobile: items.filter((spot) => spot.withoutMobile).length,
    withoutBroadband: items.filter((spot) => spot.withoutBroadband).length,
    items,
  };
}

/** Every dashboard asks for the same few lists; they change only with coverage records and the territory. */
const answers = versionedAnswers({ maxAnswers: 100, maxBytes: 2 * 1024 * 1024 });

/** The same answer as UTF-8 JSON, from memory while no coverage record or unit has changed. */
export async function readWhiteSpotsJson(db: Db, query: WhiteSpotsQuery): Promise<Buffer> {
  const version = await coverageVersion(db);
  const key = JSON.stringify([query.orgUnit, query.year, query.operator ?? null]);
  return answers.get(db, version, key, () => readWhiteSpots(db, query));
}

/** The white spots as a table to download, with the operators by name. */
export async function readWhiteSpotsTable(db: Db, query: WhiteSpotsQuery, lang: HeaderLanguage): Promise<Table> {
  const [spots, operators] = await Promise.all([readWhiteSpots(db, query), listOperators(db)]);
  return whiteSpotsTable(spots.items, new Map(operators.map((o) => [o.code, o.name])), lang);
}

function toWhiteSpot(r: WhiteSpotRow): WhiteSpot {
  return {
    villageCode: r.village_code,
    villageName: r.village_name,
    isDemo: r.is_demo,
    communeCode: r.commune_code,
    communeName: r.commune_name,
    bestStableTechnology: r.best_stable >= 2 ? `${r.best_stable}G` : null,
    withoutMobile: r.best_stable < 3,
    withoutBroadband: !r.fiber_reaches,
    operators: r.operators ?? [],
  };
}
