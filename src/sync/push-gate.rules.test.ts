import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPushGate, MAX_COME_BACK_SECONDS } from './push-gate.rules.ts';

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

  it('gives turned-away phones turns at the pace it has been finishing pushes', () => {
    let now = 0;
    const gate = createPushGate(4, () => now);
    // No pace known yet: a push a second per place, so four phones share each second.
    expect(Array.from({ length: 9 }, () => gate.comeBackAfterSeconds())).toEqual([1, 2, 2, 2, 2, 3, 3, 3, 3]);
    // Twenty pushes finished over the next second: twenty phones now share a second.
    for (let i = 0; i < 20; i++) {
      now += 50;
      gate.enter();
      gate.leave();
    }
    const turns = Array.from({ length: 40 }, () => gate.comeBackAfterSeconds());
    expect(turns.filter((s) => s === turns[0]).length).toBeGreaterThanOrEqual(9);
    expect(turns.at(-1)! - turns[0]!).toBe(2);
    // Quiet again for a while: the next phone turned away comes back in a second.
    now += 60_000;
    expect(gate.comeBackAfterSeconds()).toBe(1);
  });

  it('tells the first phone turned away to come back in a second at any reading of the clock', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (reading) => {
        expect(createPushGate(1, () => reading).comeBackAfterSeconds()).toBe(1);
      }),
    );
    // A reading where the sum and difference of floating-point milliseconds came to just over a second.
    expect(createPushGate(1, () => 404.105992728665).comeBackAfterSeconds()).toBe(1);
  });

  it('never tells a phone to come back sooner than a second nor later than a minute, turns never going backwards', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.record({ wait: fc.integer({ min: 0, max: 5_000 }), finish: fc.boolean() }), { maxLength: 300 }),
        (limit, steps) => {
          let now = 0;
          const gate = createPushGate(limit, () => now);
          let lastTurnAt = 0;
          for (const step of steps) {
            now += step.wait;
            if (step.finish) {
              gate.leave();
              continue;
            }
            const seconds = gate.comeBackAfterSeconds();
            expect(seconds).toBeGreaterThanOrEqual(1);
            expect(seconds).toBeLessThanOrEqual(MAX_COME_BACK_SECONDS);
            // Whole seconds round up, so a later phone's turn is never a second or more before an earlier one's.
            expect(now + seconds * 1000).toBeGreaterThan(lastTurnAt - 1000);
            lastTurnAt = Math.max(lastTurnAt, now + seconds * 1000);
          }
        },
      ),
    );
  });
});
