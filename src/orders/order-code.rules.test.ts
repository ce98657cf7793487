import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../platform/errors.ts';
import {
  ORDER_CODE_ALPHABET,
  ORDER_CODE_LENGTH,
  findOrderCodes,
  isOrderCode,
  newOrderCode,
  normaliseTransferContent,
  parseOrderCode,
} from './order-code.rules.ts';

/** A code from fast-check's random stream, so a failure shrinks and replays. */
const anyCode = fc.array(fc.nat(), { minLength: 6, maxLength: 6 }).map((picks) => {
  let i = 0;
  return newOrderCode((n) => picks[i++]! % n);
});
/** What a bank does to the content: lower case, spaces or dashes inside. */
const mangle = (code: string, lower: boolean, separators: string[]) =>
  [...(lower ? code.toLowerCase() : code)].map((c, i) => c + (separators[i % separators.length] ?? '')).join('');

describe('the code', () => {
  it('is "BS", six characters of the unambiguous alphabet and a check character', () => {
    fc.assert(
      fc.property(anyCode, (code) => {
        expect(code).toMatch(new RegExp(`^BS[${ORDER_CODE_ALPHABET}]{7}$`));
        expect(code).toHaveLength(ORDER_CODE_LENGTH);
        expect(isOrderCode(code)).toBe(true);
      }),
    );
    expect(ORDER_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(ORDER_CODE_ALPHABET).toHaveLength(31);
    expect(isOrderCode(newOrderCode())).toBe(true);
  });

  it('every single wrong character is detected', () => {
    fc.assert(
      fc.property(anyCode, fc.nat({ max: ORDER_CODE_LENGTH - 1 }), fc.constantFrom(...`${ORDER_CODE_ALPHABET}01OIL`), (code, at, char) => {
        fc.pre(code[at] !== char);
        expect(isOrderCode(code.slice(0, at) + char + code.slice(at + 1))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('every swap of two different neighbours is detected', () => {
    fc.assert(
      fc.property(anyCode, fc.nat({ max: ORDER_CODE_LENGTH - 2 }), (code, at) => {
        fc.pre(code[at] !== code[at + 1]);
        expect(isOrderCode(code.slice(0, at) + code[at + 1] + code[at] + code.slice(at + 2))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('exhaustively, for one code: all 8 × 36 substitutions and all 8 swaps', () => {
    const code = newOrderCode(() => 7);
    for (let at = 0; at < ORDER_CODE_LENGTH; at++) {
      for (const char of `${ORDER_CODE_ALPHABET}01OIL`) {
        if (char !== code[at]) expect(isOrderCode(code.slice(0, at) + char + code.slice(at + 1)), `${at} ${char}`).toBe(false);
      }
    }
    const varied = 'BS' + 'K3QH9X';
    const full = varied + [...ORDER_CODE_ALPHABET].find((c) => isOrderCode(varied + c))!;
    for (let at = 0; at < ORDER_CODE_LENGTH - 1; at++) {
      if (full[at] !== full[at + 1]) expect(isOrderCode(full.slice(0, at) + full[at + 1] + full[at] + full.slice(at + 2))).toBe(false);
    }
  });
});

describe('finding the code in transfer content', () => {
  const code = newOrderCode(() => 11);

  it.each([
    ['as sent', (c: string) => c],
    ['lower-cased', (c: string) => c.toLowerCase()],
    ['after a bank prefix', (c: string) => `MBVCB.3278907687.${c}.CT tu 0123499999 NGUYEN VAN A toi 88888888`],
    ['with an IBFT prefix and no space', (c: string) => `IBFT${c}`],
    ['split by spaces and dashes', (c: string) => `${c.slice(0, 3)} ${c.slice(3, 6)}-${c.slice(6)}`],
    ['inside Vietnamese text with diacritics', (c: string) => `Thanh toán đơn hàng ${c} chợ Kỳ Lừa`],
    ['with the tail after it cut', (c: string) => `${c} thanh toan don ha`],
  ])('%s', (_name, write) => {
    expect(findOrderCodes(write(code))).toEqual({ codes: [code], truncated: null });
  });

  it('a code cut short is not a match, only a hint', () => {
    expect(findOrderCodes(`MBVCB.3278907687.${code.slice(0, -1)}`)).toEqual({ codes: [], truncated: code.slice(0, -1) });
    expect(findOrderCodes(`chuyen tien ${code.slice(0, 6)}`)).toEqual({ codes: [], truncated: code.slice(0, 6) });
    expect(findOrderCodes('chuyen tien mua iphone')).toEqual({ codes: [], truncated: null });
  });

  it('two orders paid in one transfer: both codes, each once', () => {
    const other = newOrderCode(() => 3);
    expect(findOrderCodes(`${code} ${other} ${code.toLowerCase()}`).codes).toEqual([code, other]);
  });

  it('a code embedded in random noise, mangled as banks do, is found', () => {
    const noise = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzĐđơưăâêôáàảãạ0123456789 .-/_'.split('')), maxLength: 40 });
    fc.assert(
      fc.property(
        anyCode,
        noise,
        noise,
        fc.boolean(),
        fc.array(fc.constantFrom('', ' ', '-', '.'), { minLength: 1, maxLength: 4 }),
        (c, before, after, lower, separators) => {
          expect(findOrderCodes(`${before} ${mangle(c, lower, separators)} ${after}`).codes).toContain(c);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('content with diacritics is normalised to plain upper-case letters and digits', () => {
    expect(normaliseTransferContent('Đơn hàng bs-7k3q h9x, chợ phiên')).toBe('DONHANGBS7K3QH9XCHOPHIEN');
    expect(normaliseTransferContent('Hoà Hòa')).toBe('HOAHOA');
  });
});

describe('a code typed by a person', () => {
  it('is read through spaces, dashes and lower case', () => {
    const code = newOrderCode(() => 20);
    expect(parseOrderCode(` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `)).toBe(code);
  });

  it('a wrong one is refused in Vietnamese and English', () => {
    const code = newOrderCode(() => 20);
    const wrong = code.slice(0, -1) + (code.endsWith('2') ? '3' : '2');
    try {
      parseOrderCode(wrong);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('order.bad_code');
      expect((error as AppError).text.vi).toContain('Mã đơn hàng');
    }
  });
});
