import { randomBytes, randomInt } from 'node:crypto';
import { badRequest } from '../platform/errors.ts';
import { foldForSearch } from '../platform/text.ts';

/**
 * The order code a buyer puts in a bank transfer's content, made to survive the banks: they
 * upper- or lower-case the content, strip diacritics, add their own prefixes ("MBVCB.3278907687.",
 * "IBFT "), insert spaces or dashes, and cut long content short.
 *
 * A code is "BS", six characters and a check character, from an alphabet of 31 that leaves out
 * the look-alikes 0/O and 1/I/L. 31 is prime, so a weighted check (weights 1, 2, 3…) catches every
 * single wrong character and every swap of two neighbours (ISO 7064's idea, with one check
 * character): the difference a mistake makes is a non-zero weight times a non-zero difference,
 * which a prime modulus cannot turn into zero.
 *
 * Truncation: a code cut short loses its check character and is never taken as a match; its
 * remaining characters are offered as a hint for matching by hand. Anything cut after the code
 * does not matter, which is why the code goes first in the content.
 */

export const ORDER_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ORDER_CODE_PREFIX = 'BS';
const BODY_LENGTH = 6;
export const ORDER_CODE_LENGTH = ORDER_CODE_PREFIX.length + BODY_LENGTH + 1;
const BASE = ORDER_CODE_ALPHABET.length;

function valueOf(char: string): number {
  return ORDER_CODE_ALPHABET.indexOf(char);
}

/** The check character that makes Σ (i + 1) · value(cᵢ) ≡ 0 (mod 31) over the body and the check. */
function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * valueOf(body[i]!);
  const weight = body.length + 1;
  // value · weight ≡ −sum (mod 31): multiply by weight's inverse, found by trial (31 candidates).
  const target = (BASE - (sum % BASE)) % BASE;
  for (let value = 0; value < BASE; value++) if ((value * weight) % BASE === target) return ORDER_CODE_ALPHABET[value]!;
  throw new Error('unreachable: 31 is prime');
}

/** A new order code from six random characters (`pick(n)` returns an integer in [0, n)). */
export function newOrderCode(pick: (n: number) => number = randomInt): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += ORDER_CODE_ALPHABET[pick(BASE)];
  return `${ORDER_CODE_PREFIX}${body}${checkCharacter(body)}`;
}

/** The secret of an order page's link (its token): 192 random bits, never the order's id or code. */
export const newOrderToken = (): string => randomBytes(24).toString('base64url');

/** True for a well-formed code whose check character is right (already normalised: upper case, no separators). */
export function isOrderCode(text: string): boolean {
  if (text.length !== ORDER_CODE_LENGTH || !text.startsWith(ORDER_CODE_PREFIX)) return false;
  const body = text.slice(ORDER_CODE_PREFIX.length, -1);
  if (![...text.slice(ORDER_CODE_PREFIX.length)].every((c) => valueOf(c) >= 0)) return false;
  return checkCharacter(body) === text.at(-1);
}

/** Transfer content as the banks may have mangled it, brought back to upper-case ASCII letters and digits only. */
export function normaliseTransferContent(content: string): string {
  return foldForSearch(content)
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
}

export interface OrderCodesFound {
  /** Codes whose check character is right, in the order they appear, each once. */
  codes: string[];
  /** A code cut short at the end of the content: its characters, for the seller to match by hand. */
  truncated: string | null;
}

/**
 * The order codes inside a transfer's content. Separators are dropped before the search, so a
 * code split by a bank's spaces or dashes is still found; a chance string of "BS" and seven
 * characters passes the check one time in 31, and is then only a code no order has.
 */
export function findOrderCodes(content: string): OrderCodesFound {
  const text = normaliseTransferContent(content);
  const codes: string[] = [];
  for (let at = text.indexOf(ORDER_CODE_PREFIX); at >= 0; at = text.indexOf(ORDER_CODE_PREFIX, at + 1)) {
    const candidate = text.slice(at, at + ORDER_CODE_LENGTH);
    if (isOrderCode(candidate) && !codes.includes(candidate)) codes.push(candidate);
  }
  return { codes, truncated: codes.length === 0 ? truncatedCode(text) : null };
}

/** "BS" and at least four code characters running to the very end: what a cut-off code leaves. */
function truncatedCode(text: string): string | null {
  const match = new RegExp(`${ORDER_CODE_PREFIX}[${ORDER_CODE_ALPHABET}]{4,${BODY_LENGTH}}$`).exec(text);
  return match ? match[0] : null;
}

/** Reads a code typed or pasted by a person (a seller matching by hand); refuses anything but a valid code. */
export function parseOrderCode(text: string): string {
  const code = normaliseTransferContent(text);
  if (!isOrderCode(code)) {
    throw badRequest(
      'order.bad_code',
      {
        vi: 'Mã đơn hàng không đúng (gồm "BS" và 7 ký tự, ký tự cuối là ký tự kiểm tra).',
        en: 'Not a valid order code ("BS" and 7 characters, the last one a check character).',
      },
      'code',
    );
  }
  return code;
}
