import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDecimal, formatNumber, todayInVietnam } from './format.ts';

describe('Vietnamese formats', () => {
  it('groups thousands with dots and writes decimals with a comma; null is a dash, not zero', () => {
    expect(formatNumber(813978)).toBe('813.978');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(null)).toBe('—');
    expect(formatDecimal(417.78)).toBe('417,78');
  });

  it('writes dates as dd/mm/yyyy without shifting the day', () => {
    expect(formatDate('2022-01-01')).toBe('01/01/2022');
    expect(formatDate(null)).toBe('—');
  });

  it('shows instants on Vietnam’s clock (UTC+7) whatever the device’s zone', () => {
    expect(formatDateTime('2025-06-30T17:30:00Z')).toBe('01/07/2025 00:30');
    expect(todayInVietnam(new Date('2025-06-30T17:30:00Z'))).toBe('2025-07-01');
    expect(todayInVietnam(new Date('2025-06-30T16:59:00Z'))).toBe('2025-06-30');
  });
});
