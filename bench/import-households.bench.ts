/**
 * Bulk import against its floor: 200,000 household surveys imported from a CSV saved the way
 * Vietnamese Excel saves it (BOM, semicolons, dd/mm/yyyy) by the real use case, on a fresh
 * database, then the same rows loaded with a plain COPY into a fresh table shaped like
 * household_survey. The import does more than the COPY (it parses and checks every row, adds the
 * households, updates the indicator values, audits); the ratio says what that costs.
 *
 * `node --import tsx bench/import-households.bench.ts [pglite] [postgresql] [--rows N]`
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle, Engine } from '../src/platform/database.ts';
import { newId } from '../src/platform/ids.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { importVillages } from '../src/imports/import-villages.ts';
import { importHouseholds } from '../src/imports/import-households.ts';
import { SYSTEM_ACTOR } from '../src/imports/system-actor.ts';

const VILLAGES_PER_COMMUNE = 26; // × 65 communes = 1,690 villages, about the province's real number

const SURVEY_COLUMNS =
  'id, province_code, household_id, village_code, surveyed_on, members, adults, smartphone_owners, epay_adults, home_ftth, vneid_users, ehealth_users, banking_users';

/** A deterministic sequence, so every run imports the same file. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface GeneratedSurvey {
  householdId: string;
  village: string;
  label: string;
  day: number;
  month: number;
  counts: [members: number, adults: number, smartphones: number, epay: number, vneid: number, ehealth: number, banking: number];
  ftth: boolean;
}

function generateSurveys(villages: readonly string[], rows: number): GeneratedSurvey[] {
  const next = random(1);
  const upTo = (n: number) => Math.floor(next() * (n + 1));
  return Array.from({ length: rows }, (_, i) => {
    const members = 1 + upTo(7);
    const adults = upTo(members);
    const smartphones = upTo(members);
    return {
      householdId: newId(),
      village: villages[i % villages.length] ?? '',
      label: `Hộ ${String(Math.floor(i / villages.length) + 1).padStart(3, '0')}`,
      day: 1 + upTo(27),
      month: 1 + upTo(9),
      counts: [members, adults, smartphones, upTo(adults), upTo(smartphones), upTo(smartphones), upTo(smartphones)],
      ftth: next() < 0.85,
    };
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The file an official would upload. */
function importFile(surveys: readonly GeneratedSurvey[]): Buffer {
  const header =
    'ma_thon;nhan_ho;ngay_khao_sat;so_nhan_khau;so_nguoi_lon;so_nguoi_co_smartphone;so_nguoi_lon_co_tk_thanh_toan;cap_quang_tai_nha;so_nguoi_dung_vneid;so_nguoi_dung_so_suc_khoe;so_nguoi_dung_ngan_hang_so';
  const lines = surveys.map((s) => {
    const [members, adults, smartphones, epay, vneid, ehealth, banking] = s.counts;
    return `${s.village};${s.label};${pad(s.day)}/${pad(s.month)}/2025;${members};${adults};${smartphones};${epay};${s.ftth ? 'có' : 'không'};${vneid};${ehealth};${banking}`;
  });
  return Buffer.from(`\uFEFF${header}\r\n${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The same rows in the survey table's own columns, as COPY reads them. */
function surveysText(surveys: readonly GeneratedSurvey[]): string {
  return `${surveys.map((s) => [newId(), '20', s.householdId, s.village, `2025-${pad(s.month)}-${pad(s.day)}`, ...s.counts.slice(0, 4), s.ftth ? 't' : 'f', ...s.counts.slice(4)].join(',')).join('\n')}\n`;
}

function householdsText(surveys: readonly GeneratedSurvey[]): string {
  return `${surveys.map((s) => [s.householdId, '20', s.village, s.label].join(',')).join('\n')}\n`;
}

export async function copy(handle: DatabaseHandle, target: string, text: string): Promise<void> {
  if (handle.pglite) {
    await handle.pglite.query(`copy ${target} from '/dev/blob' with (format csv)`, [], { blob: new Blob([text]) });
    return;
  }
  if (!handle.pool) throw new Error('no database connection for COPY');
  const client = await handle.pool.connect();
  try {
    await pipeline(Readable.from([text]), client.query(copyFrom(`copy ${target} from stdin with (format csv)`)));
  } finally {
    client.release();
  }
}

export const seconds = (from: number) => Number(((performance.now() - from) / 1000).toFixed(2));

export async function benchImportHouseholds(engine: Engine, rows = 200_000) {
  const handle = await openTestDatabase(engine);
  try {
    await prepareDatabase(handle.db);
    const communes = await handle.db.selectFrom('org_unit').select('code').where('level', '=', 2).orderBy('code').execute();
    const villageRows = communes.flatMap(({ code }) =>
      Array.from({ length: VILLAGES_PER_COMMUNE }, (_, i) => `${code};${code}${String(i + 1).padStart(3, '0')};Thôn ${i + 1};thôn`),
    );
    await importVillages(handle.db, SYSTEM_ACTOR, Buffer.from(`ma_xa;ma_thon;ten;loai\r\n${villageRows.join('\r\n')}\r\n`), { dryRun: false });
    const villages = villageRows.map((line) => line.split(';')[1] ?? '');
    const surveys = generateSurveys(villages, rows);
    const file = importFile(surveys);

    const started = performance.now();
    let writtenAt = 0;
    const summary = await importHouseholds(handle.db, SYSTEM_ACTOR, file, {
      dryRun: false,
      onProgress: (done, total) => {
        if (done === total) writtenAt = seconds(started);
      },
    });
    const importSeconds = seconds(started);
    if (summary.created !== rows) throw new Error(`expected ${rows} rows created, got ${JSON.stringify(summary)}`);

    await sql`create table survey_copy (like household_survey including all)`.execute(handle.db);
    const text = surveysText(surveys);
    const copyStarted = performance.now();
    await copy(handle, `survey_copy (${SURVEY_COLUMNS})`, text);
    const copySeconds = seconds(copyStarted);

    // For context, the floor of what the import writes: both tables, with their foreign keys, by COPY.
    await sql`create table household_floor (like household including all, foreign key (village_code) references org_unit (code))`.execute(handle.db);
    await sql`create table survey_floor (like household_survey including all, foreign key (household_id) references household_floor (id))`.execute(handle.db);
    const households = householdsText(surveys);
    const floorStarted = performance.now();
    await copy(handle, 'household_floor (id, province_code, village_code, label)', households);
    await copy(handle, `survey_floor (${SURVEY_COLUMNS})`, text);
    const copyBothTablesSeconds = seconds(floorStarted);

    return {
      engine,
      rows,
      villages: villages.length,
      fileMegabytes: Number((file.length / 1024 / 1024).toFixed(1)),
      importSeconds,
      copySeconds,
      ratio: Number((importSeconds / copySeconds).toFixed(2)),
      /** When the last batch of rows was written; the rest is the indicator refresh and the commit. */
      rowsWrittenAtSeconds: writtenAt,
      /** COPY of what the import writes: the households and the surveys, with their foreign keys. */
      copyBothTablesSeconds,
      /** The import against its own floor: no write path that writes both tables can go below 1. */
      ratioToBothTables: Number((importSeconds / copyBothTablesSeconds).toFixed(2)),
    };
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const rowsAt = args.indexOf('--rows');
  const rows = rowsAt >= 0 ? Number(args[rowsAt + 1]) : 200_000;
  const engines = args.filter((a): a is Engine => a === 'pglite' || a === 'postgresql');
  process.env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';
  for (const engine of engines.length > 0 ? engines : (['pglite', 'postgresql'] as const)) {
    console.log(JSON.stringify(await benchImportHouseholds(engine, rows)));
  }
}
