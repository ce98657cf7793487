import { cardKey, contentHash } from './media-key.rules.ts';

/** What a share card shows: a product of a shop, its price, where and when it is sold. */
export interface ShareCard {
  title: string;
  /** Integer đồng. */
  priceDong: number;
  shopName: string;
  village: string;
  /** Said by the caller in words, e.g. "Phiên chợ tới: thứ Bảy 12/12/2026 · chợ Đình Lập". */
  nextMarketDay?: string | undefined;
  /** A stored photo at one width (a key from the photo's variants). */
  photoKey?: string | undefined;
}

export const SHARE_CARD_WIDTH = 1200;
export const SHARE_CARD_HEIGHT = 630;
/** Part of every card's address: a new design gets new keys instead of old cards cached for a year. */
const DESIGN = 'card-v1';

/** Vietnamese write money with dots between thousands and the đồng sign after: 20.000.000 ₫. */
export function formatDong(amount: number): string {
  const digits = Math.abs(Math.trunc(amount))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  // A no-break space keeps the sign on the amount's line.
  return `${amount < 0 ? '-' : ''}${digits}\u00a0₫`;
}

/**
 * The card's text as drawn: precomposed (NFC), so that a name typed with combining accents gets
 * the font's own glyphs for ộ or ữ, and addresses the same as one typed precomposed.
 */
export function normalizeCard(card: ShareCard): ShareCard {
  const nfc = (text: string | undefined) => text?.normalize('NFC').trim() || undefined;
  return {
    title: nfc(card.title) ?? '',
    priceDong: card.priceDong,
    shopName: nfc(card.shopName) ?? '',
    village: nfc(card.village) ?? '',
    nextMarketDay: nfc(card.nextMarketDay),
    photoKey: card.photoKey || undefined,
  };
}

/** The card's content address: the same data, the same key, rendered once. */
export function shareCardKey(card: ShareCard): string {
  const c = normalizeCard(card);
  return cardKey(contentHash(DESIGN, JSON.stringify([c.title, c.priceDong, c.shopName, c.village, c.nextMarketDay ?? '', c.photoKey ?? ''])));
}
