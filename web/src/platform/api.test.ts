import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './api.ts';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-25T08:00:00Z');

  it('reads seconds and HTTP dates, a date in the past as now', () => {
    expect(parseRetryAfter('17', now)).toBe(17_000);
    expect(parseRetryAfter(' 5 ', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 07:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});
