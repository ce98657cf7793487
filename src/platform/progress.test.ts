import { describe, expect, it } from 'vitest';
import { describeProgress } from './progress.ts';

describe('describeProgress', () => {
  it('says the step, the share, the counts with English separators, the time so far and the time left at its own pace', () => {
    expect(describeProgress({ step: 'households', done: 51_250, total: 205_000, elapsedMs: 10_000 })).toBe(
      'households    25% [█████               ] 51,250/205,000 · 10 s · about 30 s left',
    );
  });

  it('promises nothing before a tenth is done, and says done at the end', () => {
    expect(describeProgress({ step: 'villages', done: 100, total: 1_680, elapsedMs: 500 })).not.toMatch(/left/);
    expect(describeProgress({ step: 'villages', done: 1_680, total: 1_680, elapsedMs: 95_000 })).toMatch(/1,680\/1,680 · 1 min 35 s · done$/);
  });
});
