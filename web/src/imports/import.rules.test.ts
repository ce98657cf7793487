import { describe, expect, it } from 'vitest';
import {
  ACCEPT,
  fileProblem,
  formatOf,
  formatSize,
  importQuery,
  issueCounts,
  issuePage,
  pageStart,
  sameCheck,
  summaryLines,
  CSV_ENCODINGS,
  IMPORT_KINDS,
  type CheckedFile,
} from './import.rules.ts';
import { importsEn, importsVi } from './imports.i18n.ts';

const MB = 1024 * 1024;

describe('which file may be sent', () => {
  it('reads the format from the extension, in any case, and nothing else', () => {
    expect(formatOf('ho-tro-thang-7.CSV')).toBe('csv');
    expect(formatOf('Tập huấn.xlsx ')).toBe('xlsx');
    expect(formatOf('bao-cao.xls')).toBeNull();
    expect(formatOf('xlsx')).toBeNull();
    expect(formatOf('danh-sach.csv.txt')).toBeNull();
  });

  it('offers .xlsx and .csv in the picker by extension, as Windows mislabels a .csv', () => {
    expect(ACCEPT.split(',')).toEqual(expect.arrayContaining(['.xlsx', '.csv']));
    expect(ACCEPT).not.toContain('.xls,');
  });

  it('refuses an old .xls and a file over the limit before uploading it, and lets the limit itself through', () => {
    expect(fileProblem({ name: 'so-lieu.xls', size: 10 })).toBe('wrong_type');
    expect(fileProblem({ name: 'ho.csv', size: 20 * MB + 1 })).toBe('too_large');
    expect(fileProblem({ name: 'ho.csv', size: 20 * MB })).toBeNull();
    expect(fileProblem({ name: 'ho.xlsx', size: 2_000 }, 1_000)).toBe('too_large');
  });
});

describe('sizes', () => {
  it('writes bytes, KB and MB the Vietnamese way', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1,5 KB');
    expect(formatSize(20 * MB)).toBe('20 MB');
    expect(formatSize(12.34 * MB)).toBe('12,3 MB');
  });
});

describe('a result in lines', () => {
  it('always says new and updated, and "already recorded" only for the kinds that count it', () => {
    expect(summaryLines({ kind: 'households', rows: 3, created: 2, updated: 1, dryRun: true })).toEqual([
      { key: 'created', count: 2 },
      { key: 'updated', count: 1 },
    ]);
    expect(summaryLines({ kind: 'visits', rows: 4, created: 0, updated: 0, unchanged: 4, dryRun: false }).map((line) => line.key)).toEqual([
      'created',
      'updated',
      'unchanged',
    ]);
  });
});

describe('import only what was checked', () => {
  const checked: CheckedFile = { kind: 'trainings', name: 'tap-huan.csv', size: 400, lastModified: 1_000, encoding: 'auto' };

  it('matches the same file, kind and encoding', () => {
    expect(sameCheck(checked, { ...checked })).toBe(true);
  });

  it('asks again for another kind, a file saved again or another encoding, and when nothing was checked', () => {
    expect(sameCheck(checked, { ...checked, kind: 'visits' })).toBe(false);
    expect(sameCheck(checked, { ...checked, lastModified: 2_000 })).toBe(false);
    expect(sameCheck(checked, { ...checked, size: 401 })).toBe(false);
    expect(sameCheck(checked, { ...checked, encoding: 'windows-1258' })).toBe(false);
    expect(sameCheck(null, checked)).toBe(false);
    expect(sameCheck(checked, null)).toBe(false);
  });
});

describe('a refusal', () => {
  const issue = (row: number | undefined) => ({ code: 'import.bad', row, field: 'so_nguoi_tham_du', message: { vi: 'Sai', en: 'Wrong' } });

  it('counts problems and the distinct rows they are on', () => {
    expect(issueCounts([issue(3), issue(3), issue(7)])).toEqual({ issues: 3, rows: 2 });
    expect(issueCounts([])).toEqual({ issues: 0, rows: 0 });
  });

  it('pages the list by fifty, and a page past the end shows the last one', () => {
    const issues = Array.from({ length: 120 }, (_, i) => issue(i + 2));
    expect(issuePage(issues, 0).map((i) => i.row)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(issuePage(issues, 100)).toHaveLength(20);
    expect(pageStart(120, 500)).toBe(100);
    expect(pageStart(120, 73)).toBe(50);
    expect(pageStart(0, 50)).toBe(0);
    expect(issuePage(issues.slice(0, 10), 100).map((i) => i.row)).toEqual(issues.slice(0, 10).map((i) => i.row));
  });
});

describe('the upload query', () => {
  it('sends dryRun only to check, and an encoding only for a CSV read other than automatically', () => {
    expect(importQuery({ dryRun: true, encoding: 'auto', format: 'csv' })).toEqual({ dryRun: 'true', encoding: undefined });
    expect(importQuery({ dryRun: false, encoding: 'windows-1258', format: 'csv' })).toEqual({ dryRun: undefined, encoding: 'windows-1258' });
    expect(importQuery({ dryRun: false, encoding: 'utf-8', format: 'xlsx' })).toEqual({ dryRun: undefined, encoding: undefined });
  });
});

describe('the page’s words', () => {
  it('name and explain every kind and every encoding the server accepts, in both languages', () => {
    for (const kind of IMPORT_KINDS) {
      for (const dictionary of [importsVi, importsEn] as Record<string, string>[]) {
        expect(dictionary[`imports.kind.${kind}`], kind).toBeTruthy();
        expect(dictionary[`imports.kind_hint.${kind}`], kind).toBeTruthy();
      }
    }
    for (const encoding of CSV_ENCODINGS) expect((importsVi as Record<string, string>)[`imports.encoding.${encoding}`], encoding).toBeTruthy();
  });
});
