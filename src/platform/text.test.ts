import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { personText } from './api-schema.ts';
import { readBilingual } from './errors.ts';
import { normalizePersonText, unstorableTextAt } from './text.ts';

const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\p{Cc}]/u;

describe('the text a person types', () => {
  it.each([
    ['NFD', 'Hộ 001'.normalize('NFD')],
    ['a zero-width space', 'Hộ\u200b 001'],
    ['a no-break space', 'Hộ\u00a0001'],
    ['a right-to-left override', '\u202eHộ 001'],
    ['a BOM and marks', '\ufeffHộ\u200e 001\u200f'],
    ['isolates and embeddings', '\u2066Hộ\u2069 \u202a001\u202c'],
    ['doubled, odd and trailing spaces', '  Hộ \u2003\t 001\u3000 '],
    ['a zero-width joiner between base and mark', 'Ho\u200d\u0323\u0302 001'],
  ])('makes %s the same label', (_name, typed) => {
    expect(normalizePersonText(typed)).toBe('Hộ 001');
  });

  it('leaves nothing of zero-width characters alone', () => {
    expect(normalizePersonText('\u200b\u200c\u200d\u2060\ufeff')).toBe('');
  });

  it('is idempotent and never leaves invisible characters, edge spaces or doubled spaces', () => {
    const typed = fc.string({
      unit: fc.oneof(
        fc.constantFrom('H', 'ộ', 'o', '\u0323', '\u0302', ' ', '\u00a0', '\u200b', '\u202e', '\ufeff', '\t', '\u2066', '\u0001', 'đ', '1'),
        fc.string({ unit: 'binary', maxLength: 2 }),
      ),
      maxLength: 30,
    });
    fc.assert(
      fc.property(typed, (text) => {
        const once = normalizePersonText(text);
        expect(normalizePersonText(once)).toBe(once);
        expect(once).not.toMatch(INVISIBLE);
        expect(once).toBe(once.trim());
        expect(once).not.toMatch(/\s\s/);
        expect(once.normalize('NFC')).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses, as a schema, text empty once cleaned, in both languages', () => {
    const parsed = z.object({ label: personText(60) }).safeParse({ label: '\u200b\u00a0 ' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['label']);
    expect(readBilingual(parsed.error!.issues[0]!.message)).toEqual({ vi: expect.stringMatching(/trống/), en: expect.stringMatching(/empty/) });
  });

  it('counts the length once cleaned', () => {
    expect(personText(6).parse('Hộ 001'.normalize('NFD'))).toBe('Hộ 001');
    expect(personText(6).safeParse('Hộ 0001').success).toBe(false);
  });

  it('finds the first text a database cannot store, by where it is', () => {
    expect(unstorableTextAt({ a: 'x', b: [{ c: 'ok' }, { d: 'x\u0000y' }] })).toBe('b.1.d');
    expect(unstorableTextAt({ list: [{ 'k\u0000': 1 }] })).toBe('list.0');
    expect(unstorableTextAt({ a: 'half \ud800 pair' })).toBe('a');
    expect(unstorableTextAt({ a: 'Hộ 001', b: ['😀'] })).toBeUndefined();
  });
});
