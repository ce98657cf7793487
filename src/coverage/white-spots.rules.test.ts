import { describe, expect, it } from 'vitest';
import { hasOperator, whiteSpotsFileName, whiteSpotsTable, type WhiteSpot } from './white-spots.rules.ts';

const spot = (villageName: string, communeName: string, change: Partial<WhiteSpot> = {}): WhiteSpot => ({
  villageCode: '06625001',
  villageName,
  isDemo: false,
  communeCode: '06625',
  communeName,
  bestStableTechnology: null,
  withoutMobile: true,
  withoutBroadband: true,
  operators: [],
  ...change,
});

const names = new Map([['viettel', 'Viettel']]);

describe('white spots table', () => {
  it('writes the Vietnamese headers officers send on, or the English ones', () => {
    expect(whiteSpotsTable([], names, 'vi').header).toEqual([
      'Xã, phường',
      'Thôn, bản',
      'Công nghệ ổn định tốt nhất',
      'Thiếu 3G/4G ổn định',
      'Chưa có cáp quang',
      'Nhà mạng',
      'demo',
    ]);
    expect(whiteSpotsTable([], names, 'en').header).toEqual([
      'Commune or ward',
      'Village',
      'Best stable technology',
      'No stable 3G/4G',
      'No fibre',
      'Operators',
      'demo',
    ]);
  });

  it('lists by commune then village in Vietnamese order, gaps as 0/1, operators by name with their quality', () => {
    const spots = [
      spot('Bản Đông', 'Nhất Hòa', { isDemo: true }),
      spot('Hin Đăm', 'Kiên Mộc', {
        bestStableTechnology: '4G',
        withoutMobile: false,
        operators: [
          { operatorCode: 'viettel', technology: '4G', quality: 'stable' },
          { operatorCode: 'vnpt', technology: '3G', quality: 'unstable' },
        ],
      }),
      spot('Bản Ăng', 'Nhất Hòa'),
    ];
    expect(whiteSpotsTable(spots, names, 'vi').rows).toEqual([
      ['Kiên Mộc', 'Hin Đăm', '4G', 0, 1, 'Viettel 4G (ổn định); vnpt 3G (chập chờn)', 0],
      ['Nhất Hòa', 'Bản Ăng', '', 1, 1, '', 0],
      ['Nhất Hòa', 'Bản Đông', '', 1, 1, '', 1],
    ]);
    expect(whiteSpotsTable(spots.slice(1, 2), names, 'en').rows[0]?.[5]).toBe('Viettel 4G (stable); vnpt 3G (unstable)');
  });

  it('finds an operator present in a village, and names the file after the year and operator', () => {
    const covered = spot('Hin Đăm', 'Kiên Mộc', { operators: [{ operatorCode: 'viettel', technology: '4G', quality: 'none' }] });
    expect(hasOperator(covered, 'viettel')).toBe(true);
    expect(hasOperator(covered, 'vnpt')).toBe(false);
    expect(whiteSpotsFileName(2025)).toBe('vung-lom-song-2025');
    expect(whiteSpotsFileName(2025, 'viettel')).toBe('vung-lom-song-2025-viettel');
  });
});
