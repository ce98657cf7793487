import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPushGate, retryAfterSeconds } from './push-gate.rules.ts';

describe('the push gate', () => {
  it('lets in up to its limit, turns away the next, and lets in again once one leaves', () => {
    const gate = createPushGate(2);
    expect([gate.enter(), gate.enter(), gate.enter()]).toEqual([true, true, false]);
    expect(gate.inFlight()).toBe(2);
    gate.leave();
    expect(gate.enter()).toBe(true);
    expect(gate.enter()).toBe(false);
  });

  it('never counts more in flight than its limit, nor fewer than zero, whatever the order of calls', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(fc.boolean(), { maxLength: 60 }), (limit, calls) => {
        const gate = createPushGate(limit);
        let admitted = 0;
        for (const enter of calls) {
          if (enter) admitted += gate.enter() ? 1 : 0;
          else if (admitted > 0) {
            gate.leave();
            admitted--;
          }
          expect(gate.inFlight()).toBe(admitted);
          expect(gate.inFlight()).toBeLessThanOrEqual(limit);
        }
      }),
    );
  });

  it('spreads the time to come back over its window', () => {
    expect(retryAfterSeconds(0)).toBe(5);
    expect(retryAfterSeconds(1)).toBe(30);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (r) => {
        const s = retryAfterSeconds(r);
        expect(s).toBeGreaterThanOrEqual(5);
        expect(s).toBeLessThanOrEqual(30);
      }),
    );
  });
});
