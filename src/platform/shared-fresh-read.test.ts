import { describe, expect, it } from 'vitest';
import { sharedFreshRead } from './shared-fresh-read.ts';

describe('a shared fresh read', () => {
  it('gives every caller a read begun after it asked, sharing one among those who asked meanwhile', async () => {
    let value = 0;
    const begun: { at: number; finish: () => void }[] = [];
    const read = sharedFreshRead((_owner: object) => {
      const at = value;
      return new Promise<number>((resolve) => begun.push({ at, finish: () => resolve(at) }));
    });
    const owner = {};
    const first = read(owner);
    value = 1; // A write commits while the first read is under way.
    const during = [read(owner), read(owner), read(owner)];
    expect(begun).toHaveLength(1);
    begun[0]!.finish();
    expect(await first).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    // One more read for the three who asked meanwhile, begun after they asked: it sees the write.
    expect(begun).toHaveLength(2);
    begun[1]!.finish();
    expect(await Promise.all(during)).toEqual([1, 1, 1]);
    // Nothing under way: the next caller starts its own at once.
    const alone = read(owner);
    expect(begun).toHaveLength(3);
    begun[2]!.finish();
    expect(await alone).toBe(1);
  });

  it('passes a failure to those who shared that read, and the next caller reads again', async () => {
    let fail = true;
    const read = sharedFreshRead(async (_owner: object) => {
      if (fail) throw new Error('connection lost');
      return 'ok';
    });
    const owner = {};
    await expect(read(owner)).rejects.toThrow('connection lost');
    fail = false;
    await expect(read(owner)).resolves.toBe('ok');
  });

  it('keeps owners apart', async () => {
    let reads = 0;
    const read = sharedFreshRead(async (owner: { name: string }) => `${owner.name}:${++reads}`);
    expect(await Promise.all([read({ name: 'a' }), read({ name: 'b' })])).toEqual(['a:1', 'b:2']);
  });
});
