import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePositions, decodeCursor, encodeCursor, firstPullSince, mergePage, STREAMS, type StreamPosition } from './sync-cursor.rules.ts';
import { readEnvelope } from './sync.rules.ts';

const uuid = fc.uuid().map((u) => u.toLowerCase());
const position = fc.record({ txid: fc.bigInt({ min: 3n, max: 2n ** 63n }).map(String), rank: fc.nat(STREAMS.length - 1), id: uuid });

describe('sync cursor', () => {
  it('reads back every cursor it writes', () => {
    fc.assert(
      fc.property(
        position,
        fc.stringMatching(/^\d{8}$/),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (after, village, day) => {
          const cursor = { village, after, since: day.toISOString().slice(0, 10) };
          expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
        },
      ),
    );
  });

  it('refuses what it did not write', () => {
    const good = encodeCursor({ village: '06625001', after: { txid: '812', rank: 2, id: '0190f3a0-0000-7000-8000-000000000001' }, since: '2025-01-01' });
    const raw = Buffer.from(good, 'base64url').toString('utf8');
    const variants = [
      raw.replace('c1|', 'c2|'),
      raw.replace('|812|', '|-812|'),
      raw.replace('|812|', '|99999999999999999999|'),
      raw.replace('|2|', '|7|'),
      raw.replace('2025-01-01', '2025-02-30'),
      raw.replace('0190f3a0', 'zzzzzzzz'),
      `${raw}|extra`,
    ];
    for (const text of variants) expect(decodeCursor(Buffer.from(text).toString('base64url')), text).toBeNull();
    expect(decodeCursor(`${good}=`)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it('starts a first pull at the first day of last year', () => {
    expect(firstPullSince('2026-01-01')).toBe('2025-01-01');
    expect(firstPullSince('2026-12-31')).toBe('2025-01-01');
  });

  it('pages the merged streams in order, each row once, however they are cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(position, { selector: (p) => `${p.rank}:${p.id}`, maxLength: 30 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 7 }),
        (raw, limit) => {
          // Each table is read in its own order from the cursor, `limit + 1` rows at most.
          const streams = raw.map((rows) => [...rows].sort(comparePositions).map((position) => ({ position })));
          const everything = streams.flat().sort((a, b) => comparePositions(a.position, b.position));
          const seen: StreamPosition[] = [];
          let after: StreamPosition | undefined;
          for (let guard = 0; guard < 1000; guard++) {
            const window = streams.map((s) => s.filter((r) => !after || comparePositions(r.position, after) > 0).slice(0, limit + 1));
            const { page, more } = mergePage(window, limit);
            seen.push(...page.map((r) => r.position));
            after = page.at(-1)?.position ?? after;
            if (!more) break;
            expect(page).toHaveLength(limit);
          }
          expect(seen).toEqual(everything.map((r) => r.position));
        },
      ),
    );
  });
});

describe('a pushed item, read alone', () => {
  const id = '0190f3a0-0000-7000-8000-000000000001';
  it.each([
    ['not an object', 42, 'unreadable', 'sync.malformed_id'],
    ['no id', { kind: 'visit.record', payload: {} }, 'unreadable', 'sync.malformed_id'],
    ['an id that is not a UUID', { id: '42', kind: 'visit.record', payload: {} }, 'unreadable', 'sync.malformed_id'],
    ['a NUL in the payload', { id, kind: 'visit.record', payload: { note: 'a\u0000b' } }, 'unreadable', 'sync.unstorable_text'],
    ['half a surrogate pair', { id, kind: 'visit.record', payload: { note: 'a\ud800b' } }, 'unreadable', 'sync.unstorable_text'],
    ['nesting no phone makes', { id, kind: 'visit.record', payload: JSON.parse('['.repeat(40) + ']'.repeat(40)) }, 'unreadable', 'sync.unstorable_text'],
    ['a kind that is not a string', { id, kind: 7, payload: {} }, 'invalid', 'sync.invalid_mutation'],
    ['an unknown kind', { id, kind: 'harvest.record', payload: {} }, 'invalid', 'sync.unknown_kind'],
    ['a supersedes that is not an id', { id, kind: 'visit.record', payload: {}, supersedes: 'earlier' }, 'invalid', 'sync.invalid_mutation'],
  ])('%s', (_name, raw, state, code) => {
    const envelope = readEnvelope(raw);
    expect(envelope.state).toBe(state);
    expect(envelope.state !== 'valid' && envelope.error.code).toBe(code);
  });

  it('keeps an emoji and Vietnamese text as they are', () => {
    const envelope = readEnvelope({ id, kind: 'visit.record', payload: { note: 'Hỗ trợ bà Lộc 👍' } });
    expect(envelope.state).toBe('valid');
  });
});
