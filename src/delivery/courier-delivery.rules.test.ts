import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { PARCEL_STATES } from './parcel.rules.ts';
import {
  cashCollected,
  checkPayment,
  checkPhotoSize,
  checkRecipientCode,
  checkReorder,
  checkSignature,
  PROOF_PHOTO_MAX_BYTES,
  SIGNATURE_MAX_POINTS,
  stepsTo,
} from './courier-delivery.rules.ts';

const parcel = { state: 'out_for_delivery' as const, codAmount: 180_000, trackingCode: 'BSK7M2QX9' };
const codeOf = (e: AppError | undefined) => e?.code;

describe('a courier at the door', () => {
  it('takes a planned parcel out for delivery on the way to its outcome, and a settled one is a conflict', () => {
    expect(stepsTo('planned', 'delivered')).toEqual(['out_for_delivery', 'delivered']);
    expect(stepsTo('out_for_delivery', 'failed')).toEqual(['failed']);
    expect(stepsTo('delivered', 'failed')).toMatchObject({ status: 409, code: 'parcel.already_settled' });
    expect(stepsTo('returned', 'delivered')).toMatchObject({ status: 409, code: 'parcel.already_settled' });
    expect(stepsTo('received', 'delivered')).toMatchObject({ status: 400, code: 'parcel.not_out' });
  });

  it('takes a parcel that failed earlier out again for a second attempt, whichever its outcome', () => {
    expect(stepsTo('failed', 'delivered')).toEqual(['out_for_delivery', 'delivered']);
    expect(stepsTo('failed', 'failed')).toEqual(['out_for_delivery', 'failed']);
  });

  it('never lets an outcome leave a final state, whatever the state and outcome', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PARCEL_STATES), fc.constantFrom('delivered' as const, 'failed' as const), (state, outcome) => {
        const steps = stepsTo(state, outcome);
        if (state === 'delivered' || state === 'returned') expect(steps).toBeInstanceOf(AppError);
        if (Array.isArray(steps)) expect(steps.at(-1)).toBe(outcome);
      }),
    );
  });

  it('wants the server’s COD amount and a payment exactly when there is one to collect', () => {
    expect(checkPayment(parcel, { codAmount: 180_000, payment: 'cash' })).toBeUndefined();
    expect(checkPayment(parcel, { codAmount: 180_000, payment: 'transfer' })).toBeUndefined();
    expect(checkPayment(parcel, { codAmount: 150_000, payment: 'cash' })).toMatchObject({ status: 409, code: 'parcel.cod_changed' });
    expect(codeOf(checkPayment(parcel, { codAmount: 180_000, payment: null }))).toBe('delivery.payment_required');
    expect(codeOf(checkPayment({ ...parcel, codAmount: 0 }, { codAmount: 0, payment: 'cash' }))).toBe('delivery.nothing_to_collect');
    expect(cashCollected(180_000, 'cash')).toBe(180_000);
    expect(cashCollected(180_000, 'transfer')).toBe(0);
  });

  it('reads the recipient’s code however it was typed', () => {
    expect(checkRecipientCode(parcel, 'bsk7-m2qx 9')).toBeUndefined();
    expect(codeOf(checkRecipientCode(parcel, 'BSK7M2QX8'))).toBe('delivery.wrong_code');
    expect(codeOf(checkRecipientCode({ ...parcel, trackingCode: '--' }, '—'))).toBe('delivery.wrong_code');
  });

  it('bounds a proof’s size: a photo to 150 KB, a signature to its points', () => {
    expect(checkPhotoSize(PROOF_PHOTO_MAX_BYTES)).toBeUndefined();
    expect(codeOf(checkPhotoSize(PROOF_PHOTO_MAX_BYTES + 1))).toBe('delivery.photo_too_large');
    expect(codeOf(checkPhotoSize(0))).toBe('delivery.photo_too_large');
    const stroke = (n: number) => Array.from({ length: n }, (_, i) => [i % 1000, i % 400] as const);
    expect(checkSignature([stroke(SIGNATURE_MAX_POINTS)])).toBeUndefined();
    expect(codeOf(checkSignature([stroke(SIGNATURE_MAX_POINTS), stroke(1)]))).toBe('delivery.signature_too_large');
  });

  it('takes a reorder only of the same stops, each once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 30 }), fc.integer(), (ids, seed) => {
        const shuffled = [...ids].sort((a, b) => ((a.charCodeAt(0) ^ seed) % 7) - ((b.charCodeAt(0) ^ seed) % 7));
        expect(checkReorder(ids, shuffled)).toBeUndefined();
        expect(codeOf(checkReorder(ids, shuffled.slice(1)))).toBe('route.stops_changed');
        expect(codeOf(checkReorder(ids, [...shuffled.slice(1), shuffled[0]!, shuffled[0]!]))).toBe('route.stops_changed');
      }),
    );
  });
});
