import { describe, expect, it } from 'vitest';
import { violationOf as violation } from '../../testing/validation-test-kit.ts';
import { writeCsv } from '../platform/spreadsheet.ts';
import { violationsFileName, violationsTable } from './validation-violation.rules.ts';

describe('violations table', () => {
  it('makes one row per violation: the commune beside a village, the rule in the language asked, the day found in Vietnam', () => {
    const table = violationsTable([violation('06625001', 3), violation('06625', 2)], 'vi');
    expect(table.header).toEqual(['Đơn vị', 'Mã đơn vị', 'Cấp', 'Thuộc xã, phường', 'Quy tắc', 'Mã quy tắc', 'Vế trái', 'Vế phải', 'Phát hiện từ']);
    expect(table.rows).toEqual([
      [
        'Hin Đăm',
        '06625001',
        'Thôn, bản',
        'Xã Kiên Mộc',
        'Hộ được hỗ trợ ≤ hộ được khảo sát',
        'teams.visited_within_households',
        4,
        2,
        new Date('2025-07-01T00:00:00Z'),
      ],
      ['Kiên Mộc', '06625', 'Xã, phường', '', 'Hộ được hỗ trợ ≤ hộ được khảo sát', 'teams.visited_within_households', 4, 2, new Date('2025-07-01T00:00:00Z')],
    ]);
    expect(writeCsv(table).toString('utf8').split('\r\n')[1]).toBe(
      'Hin Đăm,06625001,"Thôn, bản",Xã Kiên Mộc,Hộ được hỗ trợ ≤ hộ được khảo sát,teams.visited_within_households,4,2,01/07/2025',
    );
  });

  it('writes English headers and words when asked', () => {
    const table = violationsTable([violation('06625001', 3)], 'en');
    expect(table.header).toEqual(['Unit', 'Code', 'Level', 'In commune or ward', 'Rule', 'Rule code', 'Left side', 'Right side', 'Found since']);
    expect(table.rows[0]?.slice(2, 5)).toEqual(['Village', 'Xã Kiên Mộc', 'Households visited ≤ households surveyed']);
  });

  it('names the file after the period, and the unit and rule when the list is narrowed', () => {
    expect(violationsFileName('2025', { code: '20', level: 1 }, undefined)).toBe('kiem-tra-du-lieu-2025');
    expect(violationsFileName('2026', { code: '06625', level: 2 }, 'teams.visited_within_households')).toBe(
      'kiem-tra-du-lieu-2026-06625-teams.visited_within_households',
    );
  });
});
