import QRCode from 'qrcode';
import { QRPay, VietQRService } from 'vietnam-qr-pay';
import { badRequest, type AppError, type Message } from '../platform/errors.ts';
import bankList from './data/banks.json' with { type: 'json' };

/**
 * VietQR: the NAPAS profile of the EMVCo merchant-presented QR that every Vietnamese banking app
 * scans. A dynamic one carries the exact amount and the transfer content, so the buyer types
 * nothing. Built and read with `vietnam-qr-pay`; this module adds what the library leaves out:
 * limits on every field (it silently truncates a length above 99), a strict check of the
 * payload's structure, and errors in Vietnamese and English instead of a bare `isValid = false`.
 */

export interface Bank {
  bin: string;
  code: string;
  shortName: string;
  name: string;
}

/** Banks that can receive a VietQR transfer (NAPAS status receive-only or full), by BIN; renamed banks' old entries dropped. */
const BANKS_BY_BIN = new Map<string, Bank>(
  bankList.banks
    .filter((b) => b.bin !== '' && b.vietQRStatus >= 0 && !b.deprecated)
    .map((b) => [b.bin, { bin: b.bin, code: b.code, shortName: b.shortName, name: b.name }]),
);

export function bankByBin(bin: string): Bank | null {
  return BANKS_BY_BIN.get(bin) ?? null;
}

/** EMVCo's limits: a payload of at most 512 characters; sub-fields of the additional data up to 25. */
const MAX_PAYLOAD = 512;
const MAX_PURPOSE = 25;
const MAX_ACCOUNT = 19;
/** Thirteen digits is the EMVCo amount field's width; VND has no decimals. */
const MAX_AMOUNT = 9_999_999_999_999;
const VND = '704';
const ACCOUNT = new RegExp(`^[0-9A-Za-z]{1,${MAX_ACCOUNT}}$`);
/** Printable ASCII without diacritics, no space at either end. */
const PURPOSE = new RegExp(`^[\\x21-\\x7E](?:[\\x20-\\x7E]{0,${MAX_PURPOSE - 2}}[\\x21-\\x7E])?$`);

export interface VietQrRequest {
  bankBin: string;
  accountNumber: string;
  /** Integer đồng, more than 0. */
  amount: number;
  /** The transfer content: printable ASCII without diacritics (bank apps mangle the rest). */
  purpose: string;
}

export interface VietQr {
  /** '11' static (the payer types the amount), '12' dynamic (one payment, amount fixed). */
  initMethod: '11' | '12';
  bankBin: string;
  bank: Bank | null;
  /** Account or card number. */
  consumer: string;
  /** QRIBFTTA to an account, QRIBFTTC to a card. */
  service: string;
  currency: string;
  country: string;
  /** Integer đồng, or null when the payer types the amount. */
  amount: number | null;
  billNumber: string | null;
  purpose: string | null;
  crc: string;
}

const refuse = (code: string, text: Message, field?: string): AppError => badRequest(`vietqr.${code}`, text, field);

function checkRequest(request: VietQrRequest): void {
  if (!bankByBin(request.bankBin)) {
    throw refuse(
      'unknown_bank',
      { vi: 'Ngân hàng không nhận được chuyển khoản VietQR (mã BIN không đúng).', en: 'This bank cannot receive VietQR transfers (unknown BIN).' },
      'bankBin',
    );
  }
  if (!ACCOUNT.test(request.accountNumber)) {
    throw refuse(
      'bad_account',
      { vi: `Số tài khoản chỉ gồm chữ và số, tối đa ${MAX_ACCOUNT} ký tự.`, en: `The account number is letters and digits, at most ${MAX_ACCOUNT}.` },
      'accountNumber',
    );
  }
  if (!Number.isSafeInteger(request.amount) || request.amount < 1 || request.amount > MAX_AMOUNT) {
    throw refuse('bad_amount', { vi: 'Số tiền phải là số nguyên đồng lớn hơn 0.', en: 'The amount must be a whole number of đồng above 0.' }, 'amount');
  }
  if (!PURPOSE.test(request.purpose)) {
    throw refuse(
      'bad_purpose',
      {
        vi: `Nội dung chuyển khoản: 1–${MAX_PURPOSE} ký tự không dấu, không có khoảng trắng ở đầu hay cuối.`,
        en: `Transfer content: 1–${MAX_PURPOSE} characters without diacritics, no leading or trailing space.`,
      },
      'purpose',
    );
  }
}

/** The payload of a dynamic VietQR for an exact amount to a bank account. */
export function buildVietQr(request: VietQrRequest): string {
  checkRequest(request);
  return QRPay.initVietQR({
    bankBin: request.bankBin,
    bankNumber: request.accountNumber,
    amount: String(request.amount),
    purpose: request.purpose,
    service: VietQRService.BY_ACCOUNT_NUMBER,
  }).build();
}

/** The top-level fields in order, or null when the text is not a well-formed ID–length–value list. */
function topLevelFields(payload: string): Map<string, string> | null {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < payload.length) {
    const id = payload.slice(at, at + 2);
    const length = payload.slice(at + 2, at + 4);
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(length) || fields.has(id)) return null;
    const end = at + 4 + Number(length);
    if (end > payload.length) return null;
    fields.set(id, payload.slice(at + 4, end));
    at = end;
  }
  return fields;
}

const MALFORMED: Message = { vi: 'Mã QR không đúng định dạng VietQR (EMVCo).', en: 'The QR payload is not a well-formed VietQR (EMVCo) payload.' };

/** Reads a VietQR payload; anything malformed, a wrong checksum or another kind of QR is refused with its reason. */
export function parseVietQr(payload: string): VietQr {
  if (typeof payload !== 'string' || payload.length > MAX_PAYLOAD) throw refuse('malformed', MALFORMED, 'payload');
  const fields = topLevelFields(payload);
  // The checksum is the last field, '63' of length 04, four hex digits (EMVCo 4.7.2).
  if (!fields || !/6304[0-9A-Fa-f]{4}$/.test(payload) || [...fields.keys()].at(-1) !== '63') throw refuse('malformed', MALFORMED, 'payload');
  const expected = QRPay.genCRCCode(payload.slice(0, -4));
  if (payload.slice(-4).toUpperCase() !== expected) {
    throw refuse(
      'bad_crc',
      {
        vi: `Mã kiểm tra CRC sai (phải là ${expected}): mã QR bị hỏng hoặc bị sửa.`,
        en: `Wrong CRC checksum (should be ${expected}): the QR is damaged or altered.`,
      },
      'payload',
    );
  }
  const qr = new QRPay(payload);
  if (!qr.isValid || fields.get('00') !== '01') throw refuse('malformed', MALFORMED, 'payload');
  if (!fields.has('38') || qr.provider.guid !== 'A000000727' || !qr.consumer.bankBin || !qr.consumer.bankNumber) {
    throw refuse('not_vietqr', { vi: 'Đây không phải mã VietQR chuyển khoản ngân hàng.', en: 'This is not a VietQR bank-transfer code.' }, 'payload');
  }
  if (qr.initMethod !== '11' && qr.initMethod !== '12') throw refuse('malformed', MALFORMED, 'payload');
  if ((qr.currency ?? VND) !== VND)
    throw refuse('bad_currency', { vi: 'Mã QR không tính bằng đồng Việt Nam.', en: 'The QR is not in Vietnamese đồng.' }, 'payload');
  if (qr.amount !== undefined && !/^[1-9]\d{0,12}$/.test(qr.amount)) {
    throw refuse('bad_amount', { vi: 'Số tiền trong mã QR không hợp lệ.', en: 'The amount in the QR is not valid.' }, 'payload');
  }
  return {
    initMethod: qr.initMethod,
    bankBin: qr.consumer.bankBin,
    bank: bankByBin(qr.consumer.bankBin),
    consumer: qr.consumer.bankNumber,
    service: qr.provider.service ?? '',
    currency: qr.currency ?? VND,
    country: qr.nation ?? '',
    amount: qr.amount === undefined ? null : Number(qr.amount),
    billNumber: qr.additionalData.billNumber ?? null,
    purpose: qr.additionalData.purpose ?? null,
    crc: expected,
  };
}

/** The QR as an SVG image, drawn from the payload; medium error correction survives a creased print-out. */
export function vietQrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
