import { createHash, randomInt } from 'node:crypto';

/**
 * A parcel waiting at a village's shared pickup point is handed over against its recipient's code
 * (decision 0035): six digits made when it is dropped, told to the recipient, kept only as a hash
 * bound to the parcel, so the keeper's page, the API and a copy of the database never show it.
 */
export const COLLECTION_CODE_DIGITS = 6;
/** Wrong codes tried before the parcel is held for the carrier: a million codes cannot be guessed in five. */
export const COLLECTION_TRIES_MAX = 5;

export const newCollectionCode = (pick: (n: number) => number = randomInt): string =>
  String(pick(10 ** COLLECTION_CODE_DIGITS)).padStart(COLLECTION_CODE_DIGITS, '0');

export const collectionCodeHash = (parcelId: string, code: string): string => createHash('sha256').update(`${parcelId}:${code}`).digest('hex');

/** Whether a typed code is the parcel's; spaces and dashes people type between the digits do not count. */
export const isCollectionCode = (parcelId: string, typed: string, hash: string): boolean => collectionCodeHash(parcelId, typed.replace(/[\s-]/g, '')) === hash;

/** The recipient's phone as the keeper sees it: enough to ask "is this yours?", not to call. */
export const maskedPhone = (e164: string): string => `${'•'.repeat(Math.max(e164.length - 7, 0))}${e164.slice(-3)}`;
