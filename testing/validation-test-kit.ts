import type { Violation } from '../src/indicators/run-validation.ts';

/** A broken rule as the API lists it: test data for the server's download and the web's data-checks tab. */
export const violationOf = (orgUnit: string, level: number, change: Partial<Violation> = {}): Violation => ({
  rule: 'teams.visited_within_households',
  description: { vi: 'Hộ được hỗ trợ ≤ hộ được khảo sát', en: 'Households visited ≤ households surveyed' },
  orgUnit,
  orgUnitName: level === 3 ? 'Hin Đăm' : 'Kiên Mộc',
  level,
  parentCode: level === 3 ? '06625' : '20',
  parentName: level === 3 ? 'Xã Kiên Mộc' : 'Tỉnh Lạng Sơn',
  period: '2025',
  left: 4,
  right: 2,
  // 18:05 UTC is already 1 July in Vietnam.
  foundAt: '2025-06-30T18:05:00.000Z',
  hasRecords: true,
  ...change,
});
