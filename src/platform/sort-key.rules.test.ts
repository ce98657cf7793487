import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { vietnameseSortKey } from './sort-key.rules.ts';

const collator = new Intl.Collator('vi');
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const LETTERS = [...'aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ '];
const name = fc
  .array(fc.constantFrom(...LETTERS, ...LETTERS.map((l) => l.toUpperCase())), { minLength: 1, maxLength: 12 })
  .map((cs) => cs.join('').trim())
  .filter((s) => s.length > 0 && !s.includes('  '));

describe('vietnameseSortKey', () => {
  it('sorts real commune names in Vietnamese order, not byte order', () => {
    const names = ['Bình Gia', 'Bắc Sơn', 'Ba Sơn', 'Bằng Mạc', 'Đồng Đăng', 'Điềm He', 'Chi Lăng', 'Cao Lộc', 'Ái Quốc'];
    const sorted = [...names].sort((a, b) => byteOrder(vietnameseSortKey(a), vietnameseSortKey(b)));
    expect(sorted).toEqual(['Ái Quốc', 'Ba Sơn', 'Bắc Sơn', 'Bằng Mạc', 'Bình Gia', 'Cao Lộc', 'Chi Lăng', 'Điềm He', 'Đồng Đăng']);
  });

  it('orders tones ngang, huyền, hỏi, ngã, sắc, nặng', () => {
    const tones = ['ma', 'mà', 'mả', 'mã', 'má', 'mạ'];
    expect([...tones].reverse().sort((a, b) => byteOrder(vietnameseSortKey(a), vietnameseSortKey(b)))).toEqual(tones);
  });

  it('agrees with the Vietnamese collation of the platform (ICU)', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(Math.sign(byteOrder(vietnameseSortKey(a), vietnameseSortKey(b)))).toBe(Math.sign(collator.compare(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('is the same for the composed and decomposed spelling of a name', () => {
    expect(vietnameseSortKey('Nhất Hòa'.normalize('NFD'))).toBe(vietnameseSortKey('Nhất Hòa'));
  });
});
