import type { Db } from '../platform/database.ts';
import type { Issue } from '../platform/errors.ts';
import type { Actor } from '../accounts/index.ts';
import { listCoverageRecords, listOperators, upsertFixedBroadband, upsertMobileCoverage } from '../coverage/index.ts';
import { newId } from '../platform/ids.ts';
import { COVERAGE_IMPORT, type BroadbandImport, type CoverageImport, type MobileImport } from './coverage-import.rules.ts';
import { toCoverageImports } from './stored-records.rules.ts';
import { firstYear, runImport, type ImportOptions, type ImportSpec } from './run-import.ts';

interface CoverageWrite<R> {
  provinceCode: string;
  record: R;
}

const isMobile = (w: CoverageWrite<CoverageImport>): w is CoverageWrite<MobileImport> => w.record.type === 'di_dong';
const isBroadband = (w: CoverageWrite<CoverageImport>): w is CoverageWrite<BroadbandImport> => w.record.type === 'co_dinh';

const coverage: ImportSpec<CoverageImport, CoverageWrite<CoverageImport>> = {
  kind: COVERAGE_IMPORT,
  async plan(db, rows) {
    const villages = [...new Set(rows.map((r) => r.unit.code))];
    const days = [...new Set(rows.map((r) => r.record.observedOn))];
    const [operators, stored] = await Promise.all([listOperators(db), listCoverageRecords(db, { villageCodes: villages, days })]);
    const existing = new Set(toCoverageImports(stored).map(COVERAGE_IMPORT.key));
    const known = new Set(operators.map((o) => o.code));
    const issues: Issue[] = rows
      .filter((r) => !known.has(r.record.operatorCode))
      .map((r) => ({
        code: 'coverage.unknown_operator',
        row: r.row,
        field: 'operatorCode',
        message: {
          vi: `Không có nhà mạng mã ${r.record.operatorCode}; các mã có: ${[...known].join(', ')}.`,
          en: `There is no operator ${r.record.operatorCode}; the codes are: ${[...known].join(', ')}.`,
        },
      }));
    const updated = rows.filter((r) => existing.has(COVERAGE_IMPORT.key(r.record))).length;
    const writes = rows.map((r) => ({ provinceCode: r.unit.province_code, record: r.record }));
    return { writes, issues, created: rows.length - updated, updated, refresh: { villages, fromYear: firstYear(days) } };
  },
  async write(tx, writes, recordedBy) {
    const recorded = { recorded_by: recordedBy, recorded_at: new Date() };
    await upsertMobileCoverage(
      tx,
      writes.filter(isMobile).map(({ provinceCode, record: r }) => ({
        id: newId(),
        province_code: provinceCode,
        village_code: r.villageCode,
        operator_code: r.operatorCode,
        technology: r.technology,
        quality: r.quality,
        observed_on: r.observedOn,
        note: null,
        ...recorded,
      })),
    );
    await upsertFixedBroadband(
      tx,
      writes.filter(isBroadband).map(({ provinceCode, record: r }) => ({
        id: newId(),
        province_code: provinceCode,
        village_code: r.villageCode,
        operator_code: r.operatorCode,
        fiber_reaches: r.fiberReaches,
        ftth_available: r.ftthAvailable,
        observed_on: r.observedOn,
        ...recorded,
      })),
    );
  },
};

/** Mobile and fixed-broadband records from a spreadsheet; a record for a day that has one replaces it. */
export const importCoverage = (db: Db, actor: Actor | null, bytes: Uint8Array, options: ImportOptions) => runImport(db, actor, bytes, coverage, options);
