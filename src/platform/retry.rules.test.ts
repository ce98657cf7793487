import { describe, expect, it } from 'vitest';
import { errorText, retryDelayMs } from './retry.rules.ts';

describe('retry delay', () => {
  const backoff = { firstMs: 1_000, maxMs: 60_000 };

  it('doubles with each attempt, half of it random', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, backoff, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, backoff, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(retryDelayMs(40, backoff, () => 1)).toBe(60_000);
    expect(retryDelayMs(40, backoff, () => 0)).toBe(30_000);
  });

  it('keeps an error as its bounded message', () => {
    expect(errorText(new Error('provider down'))).toBe('provider down');
    expect(errorText('plain')).toBe('plain');
    expect(errorText(new Error('x'.repeat(5000)))).toHaveLength(2001);
  });
});
