import type { Db } from '../platform/database.ts';
import { foldForSearch } from '../platform/text.ts';
import type { Actor } from '../accounts/index.ts';
import { FIRST_YEAR } from '../indicators/index.ts';
import { childPath, KIND_NAMES, LEVEL, listVillagesOf, type NewOrgUnit, upsertOrgUnits } from '../territory/index.ts';
import { resolveVillageCodes, VILLAGE_IMPORT, type VillageImport } from './village-import.rules.ts';
import { runImport, type ImportOptions, type ImportSpec } from './run-import.ts';

const villages: ImportSpec<VillageImport, NewOrgUnit> = {
  kind: VILLAGE_IMPORT,
  async plan(db, rows) {
    const existing = await listVillagesOf(db, [...new Set(rows.map((r) => r.unit.code))]);
    const { villages: resolved, issues } = resolveVillageCodes(rows, existing);
    const byCode = new Map(existing.map((v) => [v.code, v]));
    const writes = resolved.map(({ record, code, unit }): NewOrgUnit => {
      const before = byCode.get(code);
      const fullName = `${KIND_NAMES[record.kind].vi} ${record.name}`;
      // A blank cell keeps what the register has; what the unit carries beyond the file's columns stays.
      return {
        code,
        parent_code: unit.code,
        level: LEVEL.village,
        kind: record.kind,
        name: record.name,
        full_name: fullName,
        name_en: before?.name_en ?? null,
        search_name: foldForSearch(fullName),
        path: before?.path ?? childPath(unit.path, code),
        province_code: unit.province_code,
        // Imported villages are real data, including a demo village an administrator corrects.
        is_demo: false,
        area_km2: before?.area_km2 ?? null,
        population: before?.population ?? null,
        latitude: record.latitude ?? before?.latitude ?? null,
        longitude: record.longitude ?? before?.longitude ?? null,
        ethnic_groups: record.ethnicGroups.length > 0 ? record.ethnicGroups : (before?.ethnic_groups ?? []),
        details: before?.details ?? {},
      };
    });
    const created = resolved.filter((v) => !v.existing).map((v) => v.code);
    return { writes, issues, created: created.length, updated: resolved.length - created.length, refresh: { villages: created, fromYear: FIRST_YEAR } };
  },
  write: (tx, writes) => upsertOrgUnits(tx, writes),
};

/** Villages from a spreadsheet, by code: a new code adds a village, a known one corrects it (e.g. "Hin Dam" → "Hin Đăm"). */
export const importVillages = (db: Db, actor: Actor | null, bytes: Uint8Array, options: ImportOptions) => runImport(db, actor, bytes, villages, options);
