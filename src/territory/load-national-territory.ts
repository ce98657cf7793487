import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import type { Db } from '../platform/database.ts';
import { assertNoIssues, type Issue } from '../platform/errors.ts';
import { provinceUnits } from './load-province-territory.ts';
import { findUnits, upsertOrgUnits } from './org-unit.repository.ts';
import { LEVEL } from './territory.rules.ts';
import { planNationalTerritory, type NationalCommuneRow, type NationalProvinceRow } from './national-territory.rules.ts';

export interface NationalLists {
  provinces: NationalProvinceRow[];
  communes: NationalCommuneRow[];
}

const readCsv = <T>(name: string): T[] =>
  parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8'), { columns: true, skip_empty_lines: true }) as T[];

/** The shipped national list: 34 provinces and 3,321 commune-level units (see data/SOURCES.md). */
export function readNationalLists(): NationalLists {
  return { provinces: readCsv('national-provinces.csv'), communes: readCsv('national-communes.csv') };
}

/**
 * Loads the 34 provinces and their communes, each province the root of its subtree: all or
 * nothing, after the whole list is checked. The home province keeps its fuller description
 * (predecessors, seats) from its own file. A unit already stored under another parent is refused:
 * moving a commune between provinces would move its villages' facts and accounts' scopes with it.
 */
export async function loadNationalTerritory(db: Db, lists: NationalLists = readNationalLists()): Promise<{ provinces: number; communes: number }> {
  const { units, issues } = planNationalTerritory(lists.provinces, lists.communes);
  assertNoIssues(issues);
  const home = provinceUnits();
  const homeCodes = new Set([home.province.code, ...home.communes.map((c) => c.code)]);
  const toWrite = [...units.filter((u) => !homeCodes.has(u.code)), home.province, ...home.communes];
  await db.transaction().execute(async (tx) => {
    const stored = await findUnits(
      tx,
      toWrite.map((u) => u.code),
    );
    const pathOf = new Map(toWrite.map((u) => [u.code, u.path]));
    const moved: Issue[] = stored
      .filter((s) => s.path !== pathOf.get(s.code))
      .map((s) => ({
        code: 'territory.unit_would_move',
        message: {
          vi: `Đơn vị ${s.code} đã có ở ${s.path}, danh sách đặt nó ở ${pathOf.get(s.code)}.`,
          en: `Unit ${s.code} is stored at ${s.path}; the list puts it at ${pathOf.get(s.code)}.`,
        },
        field: 'code',
      }));
    assertNoIssues(moved);
    await upsertOrgUnits(
      tx,
      toWrite.filter((u) => u.level === LEVEL.province),
    );
    await upsertOrgUnits(
      tx,
      toWrite.filter((u) => u.level === LEVEL.commune),
    );
  });
  return { provinces: lists.provinces.length, communes: lists.communes.length };
}
