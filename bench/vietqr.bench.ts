/**
 * VietQR payloads built per second (issue 13 aims at 20,000/s), against baselines in the same run:
 * the library's bare build (no checks of ours) and the CRC-16 alone over the same payloads, which
 * every build computes once. The work is interleaved in short slices, so that other jobs on the
 * machine weigh on each the same and the ratios hold even where the absolute figures do not.
 */
import { QRPay } from 'vietnam-qr-pay';
import { buildVietQr, parseVietQr } from '../src/payments/index.ts';
import { newOrderCode } from '../src/orders/index.ts';

const ROUNDS = 40;
const SLICE_MS = 50;

type Work = (i: number) => unknown;

/** Calls per second of each kind of work, measured in alternating slices after a warm-up. */
function rates(works: Record<string, Work>): Record<string, number> {
  const entries = Object.entries(works);
  for (const [, work] of entries) for (let i = 0; i < 2_000; i++) work(i);
  const calls = new Map(entries.map(([name]) => [name, 0]));
  const spent = new Map(entries.map(([name]) => [name, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, work] of entries) {
      const started = performance.now();
      let done = calls.get(name)!;
      while (performance.now() - started < SLICE_MS) {
        for (let i = 0; i < 100; i++) work(done + i);
        done += 100;
      }
      spent.set(name, spent.get(name)! + performance.now() - started);
      calls.set(name, done);
    }
  }
  return Object.fromEntries(entries.map(([name]) => [name, Math.round((calls.get(name)! / spent.get(name)!) * 1000)]));
}

export async function benchVietQr(): Promise<unknown> {
  const codes = Array.from({ length: 1024 }, () => newOrderCode());
  const request = (i: number) => ({
    bankBin: '970405',
    accountNumber: '1234567890123',
    amount: 10_000 + (i % 5_000) * 1_000,
    purpose: codes[i % codes.length]!,
  });
  const payloads = codes.map((_, i) => buildVietQr(request(i)));
  const perSecond = rates({
    built: (i) => buildVietQr(request(i)),
    libraryBuilt: (i) => {
      const r = request(i);
      return QRPay.initVietQR({ bankBin: r.bankBin, bankNumber: r.accountNumber, amount: String(r.amount), purpose: r.purpose }).build();
    },
    crc: (i) => QRPay.genCRCCode(payloads[i % payloads.length]!),
    parsed: (i) => parseVietQr(payloads[i % payloads.length]!),
  });
  return {
    builtPerSecond: perSecond.built,
    libraryBuiltPerSecond: perSecond.libraryBuilt,
    crcPerSecond: perSecond.crc,
    parsedPerSecond: perSecond.parsed,
    builtToLibrary: Number((perSecond.built! / perSecond.libraryBuilt!).toFixed(3)),
    builtToCrc: Number((perSecond.built! / perSecond.crc!).toFixed(3)),
    aimMet: perSecond.built! >= 20_000,
  };
}
