import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { AppError, badRequest, type Message } from '../platform/errors.ts';
import { cassoBody, sepayBody, type BankProvider, type BankTransfer } from './bank-webhook.schema.ts';

/**
 * Checks a bank notification from the seller's provider and reads it into one `BankTransfer`.
 * Pure: the secret, the headers, the parsed body and the clock come in as arguments. Secrets are
 * compared in constant time so the time taken tells an attacker nothing about how close a guess is.
 */

export const DEFAULT_WINDOW_MINUTES = 5;

const refused = (code: string, text: Message) => new AppError(401, code, text);

const BAD_HEADER = refused('webhook.bad_signature_header', {
  vi: 'Thiếu chữ ký hoặc chữ ký sai định dạng (X-Casso-Signature: t=…,v1=…).',
  en: 'Missing or malformed signature header (X-Casso-Signature: t=…,v1=…).',
});
const FORGED = refused('webhook.bad_signature', {
  vi: 'Chữ ký không đúng: thông báo không phải từ nhà cung cấp hoặc đã bị sửa.',
  en: 'Wrong signature: the notification is not from the provider or was altered.',
});
const BAD_KEY = refused('webhook.bad_api_key', {
  vi: 'Khóa API không đúng hoặc bị thiếu (Authorization: Apikey …).',
  en: 'Wrong or missing API key (Authorization: Apikey …).',
});

function badBody(issues: z.ZodError | null): AppError {
  const where = issues?.issues[0]?.path.join('.');
  return badRequest(
    'webhook.bad_body',
    { vi: `Nội dung thông báo không đúng định dạng${where ? ` (${where})` : ''}.`, en: `The notification body is malformed${where ? ` (${where})` : ''}.` },
    where || undefined,
  );
}

/** The form a SePay API key is stored in: its SHA-256, hex. The key is random and long, so no salt or slow hash is needed. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The key given matches the stored hash, in time that depends on neither (both sides are 32 bytes). */
function matchesHash(given: string, expectedHash: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = Buffer.from(expectedHash, 'hex');
  return b.length === a.length && timingSafeEqual(a, b) && given.length > 0;
}

/** JSON with every object's keys sorted A→Z at every depth, as Casso signs it. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

function cassoDigest(timestamp: string, body: unknown, checksumKey: string): Buffer {
  return createHmac('sha512', checksumKey)
    .update(`${timestamp}.${sortedJson(body)}`)
    .digest();
}

/** The value of X-Casso-Signature for a body: what Casso sends, and what the tests sign with. */
export function cassoSignature(body: unknown, checksumKey: string, timestampMs: number): string {
  return `t=${timestampMs},v1=${cassoDigest(String(timestampMs), body, checksumKey).toString('hex')}`;
}

/** '2024-10-03 15:06:37' in Vietnam → '2024-10-03T15:06:37+07:00', or null for a day or hour that does not exist. */
function vietnamTime(local: string): string | null {
  const iso = `${local.replace(' ', 'T')}+07:00`;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  // Date.parse rolls 2024-02-30 over to March; a real time reads back the same.
  return new Date(time + 7 * 3_600_000).toISOString().slice(0, 19) === iso.slice(0, 19) ? iso : null;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badBody(parsed.error);
  return parsed.data;
}

export interface CassoNotification {
  /** The X-Casso-Signature header, as received. */
  signature: string | undefined;
  /** The JSON body, parsed. */
  body: unknown;
  /** The shop's checksum key from its Casso integration. */
  checksumKey: string;
  now: Date;
  windowMinutes?: number;
}

/**
 * A Casso Webhook V2 notification: signed as HMAC-SHA512 of `t + "." + sorted JSON` with the
 * shop's key; `t` (milliseconds) must be within the window of now, so a captured notification
 * cannot be replayed later. The signature is checked before the body is looked at.
 */
export function readCassoNotification(n: CassoNotification): BankTransfer {
  const match = /^t=(\d{1,16}),\s*v1=([0-9a-fA-F]{128})$/.exec(n.signature?.trim() ?? '');
  if (!match) throw BAD_HEADER;
  const timestamp = Number(match[1]);
  const windowMs = (n.windowMinutes ?? DEFAULT_WINDOW_MINUTES) * 60_000;
  if (Math.abs(n.now.getTime() - timestamp) > windowMs) {
    throw refused('webhook.stale', {
      vi: `Thông báo quá cũ hoặc sai giờ (lệch quá ${windowMs / 60_000} phút).`,
      en: `The notification is too old or its clock is off (more than ${windowMs / 60_000} minutes).`,
    });
  }
  const expected = cassoDigest(match[1]!, n.body, n.checksumKey);
  if (n.checksumKey.length === 0 || !timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'))) throw FORGED;

  const { data } = parseBody(cassoBody, n.body);
  const at = vietnamTime(data.transactionDateTime);
  if (!at) throw badBody(null);
  return {
    provider: 'casso',
    providerTransactionId: String(data.id),
    direction: data.amount > 0 ? 'in' : 'out',
    amount: Math.abs(data.amount),
    content: data.description,
    account: data.accountNumber,
    bankReference: data.reference || null,
    at,
  };
}

export interface SepayNotification {
  /** The Authorization header, as received: "Apikey <key>". */
  authorization: string | undefined;
  body: unknown;
  /** The stored hash (`hashApiKey`) of the key the payee set for its SePay webhook. */
  apiKeyHash: string;
}

/**
 * A SePay notification in API-key mode. It carries no timestamp to check, so a replay is caught
 * by the provider's transaction id, which credits each transfer once.
 */
export function readSepayNotification(n: SepayNotification): BankTransfer {
  const match = /^Apikey\s+(\S+)$/i.exec(n.authorization?.trim() ?? '');
  if (!match || !matchesHash(match[1]!, n.apiKeyHash)) throw BAD_KEY;

  const body = parseBody(sepayBody, n.body);
  const at = vietnamTime(body.transactionDate);
  if (!at) throw badBody(null);
  return {
    provider: 'sepay',
    providerTransactionId: String(body.id),
    direction: body.transferType,
    amount: body.transferAmount,
    content: body.content,
    account: body.accountNumber,
    bankReference: body.referenceCode || null,
    at,
  };
}

/**
 * The provider's transaction id a body claims, read before anything is checked: only to look a
 * copy up in the same query as its feed. Whether it is a copy is decided after the proof holds,
 * on the id of the transfer read from the verified body.
 */
export function claimedTransactionId(provider: BankProvider, body: unknown): string | null {
  const holder = provider === 'casso' && typeof body === 'object' && body !== null && 'data' in body ? body.data : body;
  const id = typeof holder === 'object' && holder !== null && 'id' in holder ? holder.id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : null;
}
