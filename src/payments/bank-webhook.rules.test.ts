import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import examples from './data/webhook-examples.json' with { type: 'json' };
import { AppError } from '../platform/errors.ts';
import { cassoSignature, claimedTransactionId, hashApiKey, readCassoNotification, readSepayNotification, sortedJson } from './bank-webhook.rules.ts';

const casso = examples.casso_webhook_v2_signature;
const signedAt = Number(/t=(\d+)/.exec(casso.header)![1]);
const sepay = examples.sepay_bank_webhook_example;
const SEPAY_KEY = 'khoa-bi-mat-cua-cua-hang-0123456789';

function refusal(run: () => unknown): { status: number; code: string } | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.text.vi.length).toBeGreaterThan(0);
    expect(error.text.en.length).toBeGreaterThan(0);
    return { status: error.status, code: error.code };
  }
}

const readCasso = (change: Partial<Parameters<typeof readCassoNotification>[0]> = {}) =>
  readCassoNotification({ signature: casso.header, body: casso.body, checksumKey: casso.checksumKey, now: new Date(signedAt + 1_000), ...change });

describe('Casso Webhook V2', () => {
  it('the shared vector verifies and reads into a BankTransfer', () => {
    expect(readCasso()).toEqual({
      provider: 'casso',
      providerTransactionId: '0',
      direction: 'in',
      amount: 599_000,
      content: 'giao dich thu nghiem',
      account: '88888888',
      bankReference: 'MA_GIAO_DICH_THU_NGHIEM',
      at: '2024-10-03T15:06:37+07:00',
    });
    expect(cassoSignature(casso.body, casso.checksumKey, signedAt)).toBe(casso.header);
  });

  it('signs the keys sorted at every depth, whatever order they arrived in', () => {
    expect(sortedJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    const reordered = { data: Object.fromEntries(Object.entries(casso.body.data).reverse()), error: 0 };
    expect(readCasso({ body: reordered }).amount).toBe(599_000);
  });

  it.each([
    ['no header', { signature: undefined }, 401, 'webhook.bad_signature_header'],
    ['a header without v1', { signature: `t=${signedAt}` }, 401, 'webhook.bad_signature_header'],
    ['a short signature', { signature: `t=${signedAt},v1=abcd` }, 401, 'webhook.bad_signature_header'],
    ['a forged signature', { signature: casso.header.replace(/v1=./, (m) => (m.endsWith('0') ? 'v1=1' : 'v1=0')) }, 401, 'webhook.bad_signature'],
    ['another shop’s key', { checksumKey: 'khoa-cua-cua-hang-khac' }, 401, 'webhook.bad_signature'],
    ['an empty key', { checksumKey: '' }, 401, 'webhook.bad_signature'],
    ['the amount changed after signing', { body: { ...casso.body, data: { ...casso.body.data, amount: 5_990_000 } } }, 401, 'webhook.bad_signature'],
    ['a timestamp six minutes old', { now: new Date(signedAt + 6 * 60_000) }, 401, 'webhook.stale'],
    ['a timestamp from the future', { now: new Date(signedAt - 6 * 60_000) }, 401, 'webhook.stale'],
  ])('refuses %s', (_name, change, status, code) => {
    expect(refusal(() => readCasso(change))).toEqual({ status, code });
  });

  it('the window is a parameter', () => {
    expect(readCasso({ now: new Date(signedAt + 6 * 60_000), windowMinutes: 10 }).amount).toBe(599_000);
  });

  it.each([
    ['no data', { error: 0 }],
    ['a fractional amount', { error: 0, data: { ...casso.body.data, amount: 599.5 } }],
    ['an amount in a string', { error: 0, data: { ...casso.body.data, amount: '599000' } }],
    ['a date that does not exist', { error: 0, data: { ...casso.body.data, transactionDateTime: '2024-02-30 15:06:37' } }],
    ['not an object', 'giao dich'],
  ])('a correctly signed but malformed body: %s → 400', (_name, body) => {
    const key = 'khoa-thu-nghiem';
    expect(refusal(() => readCasso({ body, checksumKey: key, signature: cassoSignature(body, key, signedAt) }))).toEqual({
      status: 400,
      code: 'webhook.bad_body',
    });
  });

  it('money leaving the account reads as an outgoing transfer', () => {
    const key = 'khoa-thu-nghiem';
    const body = { ...casso.body, data: { ...casso.body.data, amount: -50_000 } };
    expect(readCasso({ body, checksumKey: key, signature: cassoSignature(body, key, signedAt) })).toMatchObject({ direction: 'out', amount: 50_000 });
  });

  it('any change to a signed body is refused', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(casso.body.data)), fc.oneof(fc.string(), fc.integer()), (field, value) => {
        const data = casso.body.data as Record<string, unknown>;
        fc.pre(data[field] !== value);
        expect(refusal(() => readCasso({ body: { ...casso.body, data: { ...data, [field]: value } } }))).toEqual({
          status: 401,
          code: 'webhook.bad_signature',
        });
      }),
    );
  });
});

describe('SePay (API key)', () => {
  const readSepay = (change: Partial<Parameters<typeof readSepayNotification>[0]> = {}) =>
    readSepayNotification({ authorization: `Apikey ${SEPAY_KEY}`, body: sepay.body, apiKeyHash: hashApiKey(SEPAY_KEY), ...change });

  it('the documented example reads into the same BankTransfer shape', () => {
    expect(readSepay()).toEqual({
      provider: 'sepay',
      providerTransactionId: '92704',
      direction: 'in',
      amount: 2_277_000,
      content: 'chuyen tien mua iphone',
      account: '0123499999',
      bankReference: 'MBVCB.3278907687',
      at: '2023-03-25T14:02:37+07:00',
    });
    expect(readSepay({ authorization: `apikey  ${SEPAY_KEY}` }).amount).toBe(2_277_000);
  });

  it.each([
    ['no header', { authorization: undefined }, 401, 'webhook.bad_api_key'],
    ['a Bearer token', { authorization: `Bearer ${SEPAY_KEY}` }, 401, 'webhook.bad_api_key'],
    ['a wrong key', { authorization: `Apikey ${SEPAY_KEY}x` }, 401, 'webhook.bad_api_key'],
    ['a prefix of the key', { authorization: `Apikey ${SEPAY_KEY.slice(0, 10)}` }, 401, 'webhook.bad_api_key'],
    ['a key whose stored hash is damaged', { apiKeyHash: hashApiKey(SEPAY_KEY).slice(2) }, 401, 'webhook.bad_api_key'],
    ['an empty configured key', { authorization: 'Apikey ', apiKeyHash: '' }, 401, 'webhook.bad_api_key'],
    ['a malformed body', { body: { ...sepay.body, transferAmount: -1 } }, 400, 'webhook.bad_body'],
    ['an unknown direction', { body: { ...sepay.body, transferType: 'sideways' } }, 400, 'webhook.bad_body'],
    ['no body', { body: null }, 400, 'webhook.bad_body'],
  ])('refuses %s', (_name, change, status, code) => {
    expect(refusal(() => readSepay(change))).toEqual({ status, code });
  });
});

describe('the transaction id a body claims, before it is checked', () => {
  it('is where each provider puts it, or none', () => {
    expect(claimedTransactionId('casso', casso.body)).toBe(String(casso.body.data.id));
    expect(claimedTransactionId('sepay', sepay.body)).toBe('92704');
    expect(claimedTransactionId('sepay', casso.body)).toBeNull();
    expect(claimedTransactionId('casso', { data: { id: '5' } })).toBeNull();
    expect(claimedTransactionId('sepay', null)).toBeNull();
    expect(claimedTransactionId('sepay', { id: 1.5 })).toBeNull();
  });
});
