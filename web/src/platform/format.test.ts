import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDecimal, formatMoney, formatNumber, readMoney, todayInVietnam } from './format.ts';

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

  it('writes money in đồng, and reads it back as people type it', () => {
    expect(formatMoney(350_000)).toBe('350.000 ₫');
    expect(formatMoney(-50_000)).toBe('-50.000 ₫');
    for (const typed of ['350000', '350.000', '350,000', '350 000', ' 350.000 ₫ ', '350.000đ', '350000 VND']) expect(readMoney(typed), typed).toBe(350_000);
    for (const typed of ['', '1,5', '35.00', '-5000', '3.5e5', '350.000,50', 'ba trăm']) expect(readMoney(typed), typed).toBeNull();
  });

  it('reads back every amount it writes', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (dong) => readMoney(formatMoney(dong)) === dong));
  });
});
