import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QRPay } from 'vietnam-qr-pay';
import vectors from './data/vietqr-test-vectors.json' with { type: 'json' };
import banks from './data/banks.json' with { type: 'json' };
import { AppError } from '../platform/errors.ts';
import { bankByBin, buildVietQr, parseVietQr, vietQrSvg, type VietQrRequest } from './vietqr.rules.ts';

function refusal(run: () => unknown): { code: string; vi: string; en: string } | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, vi: error.text.vi, en: error.text.en };
    throw error;
  }
}

/** A payload with a correct checksum around any content: the CRC alone cannot catch these. */
const withCrc = (content: string) => `${content}6304${QRPay.genCRCCode(`${content}6304`)}`;
const agribank: VietQrRequest = { bankBin: '970405', accountNumber: '1234567890123', amount: 250_000, purpose: 'DH123 thuoc nam' };

describe('the shared VietQR vectors', () => {
  it('the CRC is CRC-16/CCITT-FALSE', () => {
    expect(QRPay.genCRCCode(vectors.crcCheckValue.input)).toBe(vectors.crcCheckValue.crc);
  });

  it.each(vectors.valid)('$id parses to what the vector expects', ({ payload, expect: expected }) => {
    const qr = parseVietQr(payload);
    const read: Record<string, string | undefined> = {
      initMethod: qr.initMethod,
      bin: qr.bankBin,
      consumer: qr.consumer,
      service: qr.service,
      currency: qr.currency,
      country: qr.country,
      amount: qr.amount === null ? undefined : String(qr.amount),
      billNumber: qr.billNumber ?? undefined,
      purpose: qr.purpose ?? undefined,
      crc: qr.crc,
    };
    for (const [field, value] of Object.entries(expected)) expect(read[field], field).toBe(value);
    expect(qr.bank?.bin).toBe(qr.bankBin);
  });

  it('the dynamic vectors without a bill number are what we build for the same request', () => {
    const dynamic = vectors.valid.filter((v) => v.expect.initMethod === '12' && !('billNumber' in v.expect));
    expect(dynamic.length).toBeGreaterThan(0);
    for (const v of dynamic) {
      const e = v.expect;
      expect(buildVietQr({ bankBin: e.bin, accountNumber: e.consumer, amount: Number(e.amount), purpose: e.purpose! })).toBe(v.payload);
    }
  });

  it.each(vectors.invalid)('$id is refused: $expect', ({ payload, expect: expected }) => {
    const crc = /CRC should be ([0-9A-F]{4})/.exec(expected)![1]!;
    const result = refusal(() => parseVietQr(payload));
    expect(result).toMatchObject({ code: 'vietqr.bad_crc' });
    expect(result !== 'accepted' && result.vi).toContain(crc);
  });
});

describe('malformed payloads: a clear refusal, never a crash', () => {
  const valid = vectors.valid[2]!.payload;

  it.each([
    ['empty', '', 'vietqr.malformed'],
    ['not a QR payload', 'hello world', 'vietqr.malformed'],
    ['truncated', valid.slice(0, -10), 'vietqr.malformed'],
    ['without its checksum field', valid.slice(0, -8), 'vietqr.malformed'],
    ['longer than EMVCo allows', withCrc(`000201${'9'.repeat(600)}`), 'vietqr.malformed'],
    ['a length running past the end', withCrc('000201010212389900'), 'vietqr.malformed'],
    ['a field twice', withCrc('000201000201'), 'vietqr.malformed'],
    [
      'a VNPAY merchant QR',
      QRPay.initVNPayQR({ merchantId: '0102154778', merchantName: 'TUGIACOMPANY', store: 'TU GIA COMPUTER', terminal: 'TUGIACO1' }).build(),
      'vietqr.not_vietqr',
    ],
    ['no account field', withCrc('00020101021153037045802VN'), 'vietqr.not_vietqr'],
    ['US dollars', withCrc('00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA53038405802VN'), 'vietqr.bad_currency'],
    ['a fractional amount', withCrc('00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA5303704540410.55802VN'), 'vietqr.bad_amount'],
    ['an amount of zero', withCrc('00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA5303704540105802VN'), 'vietqr.bad_amount'],
    ['an unknown init method', withCrc('00020101029938570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN'), 'vietqr.malformed'],
  ])('%s → %s', (_name, payload, code) => {
    const result = refusal(() => parseVietQr(payload));
    expect(result).toMatchObject({ code });
    expect(result !== 'accepted' && result.vi.length > 0 && result.en.length > 0).toBe(true);
  });

  it('not a string at all', () => {
    expect(refusal(() => parseVietQr(42 as unknown as string))).toMatchObject({ code: 'vietqr.malformed' });
  });

  it('a lower-case checksum is still the checksum', () => {
    expect(parseVietQr(vectors.valid[2]!.payload.replace(/2E2E$/, '2e2e')).crc).toBe('2E2E');
  });

  const cutPayload = fc.tuple(fc.constantFrom(...vectors.valid.map((v) => v.payload)), fc.nat({ max: 200 })).map(([p, at]) => p.slice(0, at));
  it('any text is either read or refused with an AppError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), cutPayload), (text) => {
        const result = refusal(() => parseVietQr(text));
        expect(result === 'accepted' || result.code.startsWith('vietqr.')).toBe(true);
      }),
    );
  });

  it('every one-character change to a valid payload is refused', () => {
    const alphabet = '0123456789ABCDEFabcdef QRIBFTTAVN.';
    fc.assert(
      fc.property(fc.constantFrom(...vectors.valid.map((v) => v.payload)), fc.nat(), fc.constantFrom(...alphabet), (payload, at, char) => {
        const i = at % payload.length;
        fc.pre(payload[i] !== char && !(/[a-f]/i.test(char) && payload[i]!.toLowerCase() === char.toLowerCase() && i >= payload.length - 4));
        const changed = payload.slice(0, i) + char + payload.slice(i + 1);
        expect(refusal(() => parseVietQr(changed))).not.toBe('accepted');
      }),
      { numRuns: 500 },
    );
  });
});

describe('building', () => {
  it.each([
    ['an unknown bank', { bankBin: '123456' }, 'vietqr.unknown_bank'],
    ['a bank that cannot receive VietQR', { bankBin: banks.banks.find((b) => b.vietQRStatus < 0 && b.bin !== '')?.bin ?? '' }, 'vietqr.unknown_bank'],
    ['an account with spaces', { accountNumber: '1234 5678' }, 'vietqr.bad_account'],
    ['an account of 20 characters', { accountNumber: '1'.repeat(20) }, 'vietqr.bad_account'],
    ['zero đồng', { amount: 0 }, 'vietqr.bad_amount'],
    ['negative đồng', { amount: -5000 }, 'vietqr.bad_amount'],
    ['fractional đồng', { amount: 1000.5 }, 'vietqr.bad_amount'],
    ['fourteen digits', { amount: 10_000_000_000_000 }, 'vietqr.bad_amount'],
    ['content with diacritics', { purpose: 'Đơn hàng 12' }, 'vietqr.bad_purpose'],
    ['content too long for EMVCo', { purpose: 'X'.repeat(26) }, 'vietqr.bad_purpose'],
    ['empty content', { purpose: '' }, 'vietqr.bad_purpose'],
    ['content with a trailing space', { purpose: 'BS7K3QH ' }, 'vietqr.bad_purpose'],
  ])('refuses %s', (_name, change, code) => {
    expect(refusal(() => buildVietQr({ ...agribank, ...change }))).toMatchObject({ code });
  });

  it('round trip: what is built reads back the same, for random valid requests', () => {
    const receivingBins = banks.banks.filter((b) => bankByBin(b.bin)).map((b) => b.bin);
    const request = fc.record({
      bankBin: fc.constantFrom(...receivingBins),
      accountNumber: fc.stringMatching(/^[0-9A-Za-z]{1,19}$/),
      amount: fc.integer({ min: 1, max: 9_999_999_999_999 }),
      purpose: fc.stringMatching(/^[\x21-\x7E]([\x20-\x7E]{0,23}[\x21-\x7E])?$/),
    });
    fc.assert(
      fc.property(request, (r) => {
        const qr = parseVietQr(buildVietQr(r));
        expect(qr).toMatchObject({
          initMethod: '12',
          bankBin: r.bankBin,
          consumer: r.accountNumber,
          amount: r.amount,
          purpose: r.purpose,
          currency: '704',
          country: 'VN',
          service: 'QRIBFTTA',
        });
      }),
      { numRuns: 300 },
    );
  });

  it('draws the QR as an SVG image', async () => {
    const payload = buildVietQr(agribank);
    const svg = await vietQrSvg(payload);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('<path');
    expect(await vietQrSvg(payload)).toBe(svg);
    expect(await vietQrSvg(buildVietQr({ ...agribank, amount: 250_001 }))).not.toBe(svg);
  });
});
