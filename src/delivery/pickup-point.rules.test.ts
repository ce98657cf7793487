import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectionCodeHash, isCollectionCode, maskedPhone, newCollectionCode } from './pickup-point.rules.ts';

describe('a recipient’s collection code', () => {
  it('is six digits, leading zeros kept', () => {
    expect(newCollectionCode(() => 42)).toBe('000042');
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999 }), (n) => /^\d{6}$/.test(newCollectionCode(() => n)) && Number(newCollectionCode(() => n)) === n));
  });

  it('opens only its own parcel, typed with or without spaces and dashes', () => {
    const hash = collectionCodeHash('parcel-a', '031337');
    expect(isCollectionCode('parcel-a', '031 337', hash)).toBe(true);
    expect(isCollectionCode('parcel-a', '031-337', hash)).toBe(true);
    expect(isCollectionCode('parcel-a', '031338', hash)).toBe(false);
    expect(isCollectionCode('parcel-b', '031337', hash)).toBe(false);
  });

  it('shows the keeper only the phone’s last three digits', () => {
    expect(maskedPhone('+84987654321')).toBe('•••••321');
  });
});
