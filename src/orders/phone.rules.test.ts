import { describe, expect, it } from 'vitest';
import { phoneForDisplay, phoneToE164 } from './phone.rules.ts';

describe('Vietnamese phone numbers', () => {
  it.each([
    ['0912 345 678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['0912.345.678', '+84912345678'],
    ['0205 3812 345', '+842053812345'],
  ])('reads %s as %s', (typed, e164) => expect(phoneToE164(typed)).toBe(e164));

  it.each(['12345', '0112 345 678', '+1 415 555 0100', '0912 345 67', '09123456789', 'không có'])('refuses %s', (typed) =>
    expect(phoneToE164(typed)).toBeNull(),
  );

  it('writes numbers back the way they are read in Vietnam', () => {
    expect(phoneForDisplay('+84912345678')).toBe('0912 345 678');
    expect(phoneForDisplay('+842053812345')).toBe('0205 3812 345');
  });
});
