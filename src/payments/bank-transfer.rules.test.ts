import { describe, expect, it } from 'vitest';
import { foldContent, normaliseBankReference, transferMatchKey, vietnamDay } from './bank-transfer.rules.ts';

describe('recognising one transfer by two roads', () => {
  it('folds a content the way a bank statement rewrites it', () => {
    expect(foldContent('Thanh toán đơn  ĐH-01.abc')).toBe('THANHTOANDONDH01ABC');
    expect(foldContent('THANH TOAN DON DH01 ABC')).toBe(foldContent('Thanh toán đơn ĐH-01.abc'));
  });

  it('counts the day in Vietnam, not in UTC', () => {
    expect(vietnamDay('2026-03-10T23:30:00+07:00')).toBe('2026-03-10');
    expect(vietnamDay('2026-03-10T17:30:00Z')).toBe('2026-03-11');
  });

  it('keys a transfer by its Vietnam day, amount and folded content; a different amount or day is another transfer', () => {
    const transfer = { amount: 150_000, occurredAt: '2026-03-10T10:14:51+07:00', content: 'Mua mật ong' };
    expect(transferMatchKey(transfer)).toBe('2026-03-10|150000|MUAMATONG');
    expect(transferMatchKey({ ...transfer, occurredAt: '2026-03-10T00:00:00+07:00', content: 'MUA MAT ONG' })).toBe(transferMatchKey(transfer));
    expect(transferMatchKey({ ...transfer, amount: 150_001 })).not.toBe(transferMatchKey(transfer));
    expect(transferMatchKey({ ...transfer, occurredAt: '2026-03-11T10:14:51+07:00' })).not.toBe(transferMatchKey(transfer));
  });

  it('compares bank references without case or spaces; an empty one is none', () => {
    expect(normaliseBankReference(' ft26069 12345 ')).toBe('FT2606912345');
    expect(normaliseBankReference('')).toBeNull();
    expect(normaliseBankReference(null)).toBeNull();
  });
});
