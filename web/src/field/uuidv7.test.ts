import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuidv7.ts';

describe('uuidv7', () => {
  it('is a version 7 UUID that the server’s schema accepts', () => {
    const id = uuidv7();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts with the time, so ids sort as they were made', () => {
    const zeros = (bytes: Uint8Array) => bytes;
    expect(uuidv7(0x0123456789ab, zeros)).toBe('01234567-89ab-7000-8000-000000000000');
    const earlier = uuidv7(Date.parse('2025-08-01T00:00:00Z'));
    const later = uuidv7(Date.parse('2025-08-01T00:00:01Z'));
    expect(earlier < later).toBe(true);
  });

  it('differs every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uuidv7(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });
});
