import { z } from 'zod';
import type { Issue } from '../platform/errors.ts';
import { foldForSearch } from '../platform/text.ts';
import { LEVEL, VILLAGE_KINDS, villageCode } from '../territory/index.ts';
import { choice, communeCodeCell, decimal, duplicateIssue, nameList, text, villageCodeCell, type ImportKind, type ImportRow } from './import.rules.ts';

/**
 * Vietnam's extremes (Lũng Cú in the north, Cà Mau in the south, A Pa Chải in the west, Mũi Đôi
 * in the east) with a small margin: a point outside is a typing mistake, such as swapped columns.
 */
const VIETNAM_BOUNDS = { south: 8.3, north: 23.5, west: 102.1, east: 109.6 } as const;

const villageRow = z.object({
  communeCode: z.string(),
  code: z.string().optional(),
  name: z.string().min(1).max(120),
  kind: z.enum(VILLAGE_KINDS),
  ethnicGroups: z.array(z.string().min(1).max(60)).max(20).default([]),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
});

export type VillageImport = z.infer<typeof villageRow>;

function checkVillage(v: VillageImport): Issue[] {
  const issues: Issue[] = [];
  if (v.code !== undefined && !v.code.startsWith(v.communeCode)) {
    issues.push({
      code: 'import.village_outside_commune',
      field: 'code',
      message: { vi: `Mã thôn/bản phải bắt đầu bằng mã xã ${v.communeCode}.`, en: `A village code starts with its commune's code, ${v.communeCode}.` },
    });
  }
  if ((v.latitude === undefined) !== (v.longitude === undefined)) {
    issues.push({
      code: 'import.incomplete_location',
      field: v.latitude === undefined ? 'latitude' : 'longitude',
      message: { vi: 'Cần cả vĩ độ và kinh độ, hoặc để trống cả hai.', en: 'Give both latitude and longitude, or neither.' },
    });
  }
  const b = VIETNAM_BOUNDS;
  if (v.latitude !== undefined && (v.latitude < b.south || v.latitude > b.north)) {
    issues.push({
      code: 'import.outside_vietnam',
      field: 'latitude',
      message: {
        vi: `Vĩ độ ${v.latitude} nằm ngoài Việt Nam (${b.south}–${b.north}).`,
        en: `Latitude ${v.latitude} is outside Vietnam (${b.south}–${b.north}).`,
      },
    });
  }
  if (v.longitude !== undefined && (v.longitude < b.west || v.longitude > b.east)) {
    issues.push({
      code: 'import.outside_vietnam',
      field: 'longitude',
      message: {
        vi: `Kinh độ ${v.longitude} nằm ngoài Việt Nam (${b.west}–${b.east}).`,
        en: `Longitude ${v.longitude} is outside Vietnam (${b.west}–${b.east}).`,
      },
    });
  }
  return issues;
}

/** Without a code, a village is known by its commune and its name, diacritics aside ("Hin Dam" is "Hin Đăm"). */
const nameKey = (communeCode: string, name: string) => `${communeCode}|${foldForSearch(name)}`;

export const VILLAGE_IMPORT: ImportKind<VillageImport> = {
  name: 'villages',
  sheetName: 'Thon ban',
  columns: [
    { field: 'communeCode', header: 'ma_xa', aliases: ['commune_code', 'commune'], codec: communeCodeCell },
    { field: 'code', header: 'ma_thon', aliases: ['village_code', 'code'], codec: villageCodeCell, optional: true },
    { field: 'name', header: 'ten', aliases: ['name', 'Tên thôn'], codec: text },
    {
      field: 'kind',
      header: 'loai',
      aliases: ['kind', 'type'],
      codec: choice({ thon: { vi: 'thôn' }, ban: { vi: 'bản' }, khoi_pho: { vi: 'khối phố', aliases: ['khoi'] } }),
    },
    { field: 'ethnicGroups', header: 'dan_toc', aliases: ['ethnic_groups'], codec: nameList, optional: true },
    { field: 'latitude', header: 'vi_do', aliases: ['latitude', 'lat'], codec: decimal, optional: true },
    { field: 'longitude', header: 'kinh_do', aliases: ['longitude', 'lon', 'lng'], codec: decimal, optional: true },
  ],
  schema: villageRow,
  check: checkVillage,
  key: (v) => v.code ?? nameKey(v.communeCode, v.name),
  duplicate: { field: 'name', sameness: { vi: 'cùng một thôn/bản', en: 'the same village' } },
  unit: { field: 'communeCode', level: LEVEL.commune },
  example: { communeCode: '06625', code: '06625001', name: 'Hin Đăm', kind: 'ban', ethnicGroups: ['Dao'] },
};

export interface ExistingVillage {
  code: string;
  parent_code: string | null;
  name: string;
}

/** A row with the code it writes to, and whether the register already has that village. */
export type Resolved<T> = T & { code: string; existing: boolean };

const MAX_VILLAGE_NUMBER = 999;

/**
 * The code each row writes to: its own; else the village of the same commune with the same name;
 * else the next number after the highest one the commune uses (in the database or the file).
 */
export function resolveVillageCodes<T extends ImportRow<VillageImport>>(
  rows: readonly T[],
  existing: readonly ExistingVillage[],
): { villages: Resolved<T>[]; issues: Issue[] } {
  const existingCodes = new Set(existing.map((v) => v.code));
  const byName = new Map(existing.map((v) => [nameKey(v.parent_code ?? '', v.name), v.code]));
  const highest = new Map<string, number>();
  const use = (code: string) => {
    const commune = code.slice(0, -3);
    highest.set(commune, Math.max(highest.get(commune) ?? 0, Number(code.slice(-3))));
  };
  for (const code of existingCodes) use(code);
  for (const { record } of rows) if (record.code) use(record.code);

  const villages: Resolved<T>[] = [];
  const issues: Issue[] = [];
  const firstRowOf = new Map<string, number>();
  for (const item of rows) {
    const { row, record } = item;
    let code = record.code ?? byName.get(nameKey(record.communeCode, record.name));
    if (code === undefined) {
      const next = (highest.get(record.communeCode) ?? 0) + 1;
      if (next > MAX_VILLAGE_NUMBER) {
        issues.push({
          code: 'import.no_free_village_code',
          row,
          field: 'code',
          message: {
            vi: `Xã ${record.communeCode} đã dùng hết mã thôn/bản; hãy ghi mã cho dòng này.`,
            en: `Commune ${record.communeCode} has no village code left; give this row a code.`,
          },
        });
        continue;
      }
      code = villageCode(record.communeCode, next);
      use(code);
    }
    const firstRow = firstRowOf.get(code);
    if (firstRow !== undefined) {
      issues.push(duplicateIssue(VILLAGE_IMPORT.duplicate.sameness, row, firstRow, 'code'));
      continue;
    }
    firstRowOf.set(code, row);
    villages.push({ ...item, code, existing: existingCodes.has(code) });
  }
  return { villages, issues };
}
