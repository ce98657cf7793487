import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { applyOrderEvent, isLegalOrderState, nextStatus, ORDER_EVENTS, TERMINAL, type OrderState } from './order-state.rules.ts';

const start = (paymentMethod: OrderState['paymentMethod'], delivery: OrderState['delivery']): OrderState => ({
  status: 'placed',
  paymentMethod,
  delivery,
  paidByTransfer: false,
});

describe('an order’s states', () => {
  it('never reaches an illegal state, whatever events come in whatever order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('transfer' as const, 'cash' as const),
        fc.constantFrom('market_day' as const, 'shop' as const, 'courier' as const),
        fc.array(fc.constantFrom(...ORDER_EVENTS), { maxLength: 30 }),
        (method, delivery, events) => {
          let state = start(method, delivery);
          for (const event of events) {
            try {
              state = applyOrderEvent(state, event);
            } catch (error) {
              // A refused event changes nothing and says why, in both languages.
              expect(error).toBeInstanceOf(AppError);
              expect((error as AppError).code).toBe('order.illegal_transition');
            }
            expect(isLegalOrderState(state), `${JSON.stringify(state)} after ${events.join(',')}`).toBe(true);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('leaves a terminal state for nothing', () => {
    for (const status of TERMINAL)
      for (const event of ORDER_EVENTS) expect(nextStatus({ ...start('transfer', 'shop'), status, paidByTransfer: status === 'refunded' }, event)).toBeNull();
  });

  it('walks a transfer order to done and a cash order through the hand-over', () => {
    const walk = (state: OrderState, events: (typeof ORDER_EVENTS)[number][]) => events.reduce(applyOrderEvent, state).status;
    expect(walk(start('transfer', 'market_day'), ['request_payment', 'pay', 'mark_ready', 'collect', 'complete'])).toBe('done');
    expect(walk(start('cash', 'courier'), ['mark_ready', 'hand_over', 'complete'])).toBe('done');
    expect(walk(start('transfer', 'shop'), ['request_payment', 'expire'])).toBe('expired');
    expect(walk(start('transfer', 'shop'), ['request_payment', 'pay', 'refund'])).toBe('refunded');
  });

  it('refuses what the report’s sellers would never do: prepare an unpaid transfer order, cancel a paid one, hand a market order to a courier', () => {
    expect(nextStatus({ ...start('transfer', 'shop'), status: 'awaiting_payment' }, 'mark_ready')).toBeNull();
    expect(nextStatus({ ...start('transfer', 'shop'), status: 'paid', paidByTransfer: true }, 'cancel')).toBeNull();
    expect(nextStatus({ ...start('cash', 'market_day'), status: 'ready' }, 'hand_over')).toBeNull();
  });

  it('states illegal states independently of the transitions', () => {
    expect(isLegalOrderState({ status: 'paid', paymentMethod: 'cash', delivery: 'shop', paidByTransfer: false })).toBe(false);
    expect(isLegalOrderState({ status: 'ready', paymentMethod: 'transfer', delivery: 'shop', paidByTransfer: false })).toBe(false);
    expect(isLegalOrderState({ status: 'collected', paymentMethod: 'cash', delivery: 'courier', paidByTransfer: false })).toBe(false);
  });
});
