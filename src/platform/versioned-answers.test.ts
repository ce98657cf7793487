import { describe, expect, it } from 'vitest';
import { MAX_STALE_MS, versionedAnswers } from './versioned-answers.ts';

/** A computation the test finishes when it likes, counting how many were begun. */
function computations() {
  const begun: { version: number; finish: () => void }[] = [];
  const compute = (version: number) => () => new Promise<{ version: number }>((resolve) => begun.push({ version, finish: () => resolve({ version }) }));
  return { begun, compute };
}
const read = (json: Buffer) => (JSON.parse(json.toString()) as { version: number }).version;
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A store on a clock the test sets, holding version 1's answer, begun at time 0. */
async function withFirstAnswer() {
  const clock = { now: 0 };
  const answers = versionedAnswers({ maxAnswers: 10, maxBytes: 1024, clock: () => clock.now });
  const db = {};
  const { begun, compute } = computations();
  const first = answers.get(db, 1, 'k', compute(1));
  begun[0]!.finish();
  await first;
  return { clock, answers, db, begun, compute };
}

describe('versioned answers', () => {
  it('computes an answer once for the readers of one version, and serves it from memory after', async () => {
    const answers = versionedAnswers({ maxAnswers: 10, maxBytes: 1024, clock: () => 0 });
    const db = {};
    const { begun, compute } = computations();
    const first = [answers.get(db, 1, 'k', compute(1)), answers.get(db, 1, 'k', compute(1))];
    expect(begun).toHaveLength(1);
    begun[0]!.finish();
    expect((await Promise.all(first)).map(read)).toEqual([1, 1]);
    expect(read(await answers.get(db, 1, 'k', compute(1)))).toBe(1);
    expect(begun).toHaveLength(1);
  });

  it('makes whoever reads after a write, one request at a time, wait for the new answer', async () => {
    const { answers, db, begun, compute } = await withFirstAnswer();
    const after = answers.get(db, 2, 'k', compute(2));
    expect(begun).toHaveLength(2);
    begun[1]!.finish();
    expect(read(await after)).toBe(2);
  });

  it('serves the answer before while its successor is computed, then computes the newest version seen', async () => {
    const { clock, answers, db, begun, compute } = await withFirstAnswer();
    clock.now = 100;
    const waiting = answers.get(db, 2, 'k', compute(2));
    // Readers during that computation, of versions 2 and 3: the answer of version 1 at once.
    expect(read(await answers.get(db, 2, 'k', compute(2)))).toBe(1);
    expect(read(await answers.get(db, 3, 'k', compute(3)))).toBe(1);
    expect(begun.map((b) => b.version)).toEqual([1, 2]);
    begun[1]!.finish();
    expect(read(await waiting)).toBe(2);
    await settle();
    // Version 3 was seen: computed in the background, and served from memory once done.
    expect(begun.map((b) => b.version)).toEqual([1, 2, 3]);
    begun[2]!.finish();
    await settle();
    expect(read(await answers.get(db, 3, 'k', compute(3)))).toBe(3);
    expect(begun).toHaveLength(3);
  });

  it('never serves an answer begun more than a second before the read', async () => {
    const { clock, answers, db, begun, compute } = await withFirstAnswer();
    clock.now = 10;
    void answers.get(db, 2, 'k', compute(2));
    clock.now = MAX_STALE_MS + 1;
    // The answer of version 1 is too old now: this reader joins the computation of its version.
    const late = answers.get(db, 2, 'k', compute(2));
    expect(begun).toHaveLength(2);
    begun[1]!.finish();
    expect(read(await late)).toBe(2);
  });

  it('never lets an answer begun earlier replace one begun later', async () => {
    let now = 0;
    const answers = versionedAnswers({ maxAnswers: 10, maxBytes: 1024, clock: () => now });
    const db = {};
    const { begun, compute } = computations();
    const older = answers.get(db, 1, 'k', compute(1));
    now = 5;
    const newer = answers.get(db, 2, 'k', compute(2));
    begun[1]!.finish();
    await newer;
    begun[0]!.finish();
    expect(read(await older)).toBe(1);
    expect(read(await answers.get(db, 2, 'k', compute(2)))).toBe(2);
    expect(begun).toHaveLength(2);
  });

  it('keeps at most its number of answers, and none larger than its size, the least recently used going first', async () => {
    const answers = versionedAnswers({ maxAnswers: 2, maxBytes: 20, clock: () => 0 });
    const db = {};
    let computed = 0;
    const small = () => Promise.resolve({ n: ++computed });
    const large = () => Promise.resolve({ n: ++computed, pad: 'x'.repeat(40) });
    await answers.get(db, 1, 'a', small);
    await answers.get(db, 1, 'b', small);
    await answers.get(db, 1, 'a', small);
    await answers.get(db, 1, 'c', small);
    expect(computed).toBe(3);
    await answers.get(db, 1, 'a', small);
    expect(computed).toBe(3);
    await answers.get(db, 1, 'b', small);
    expect(computed).toBe(4);
    await answers.get(db, 1, 'big', large);
    await answers.get(db, 1, 'big', large);
    expect(computed).toBe(6);
  });
});
