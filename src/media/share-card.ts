import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import satori, { type Font } from 'satori';
import sharp from 'sharp';
import { notFound } from '../platform/errors.ts';
import type { MediaStore } from './media-store.ts';
import { formatDong, normalizeCard, SHARE_CARD_HEIGHT, SHARE_CARD_WIDTH, shareCardKey, type ShareCard } from './share-card.rules.ts';

const require = createRequire(import.meta.url);

/**
 * Be Vietnam Pro (SIL Open Font License), drawn for Vietnamese: its stacked accents (ầ, ỗ, ự)
 * stay apart and inside the line. Fontsource splits it by script, so the Latin and Vietnamese
 * files are loaded as two families and satori takes each letter from the first that has it.
 * WOFF, because satori reads TTF, OTF and WOFF but not WOFF2.
 */
const FONT_FILES = ['latin', 'vietnamese'].flatMap((subset) =>
  ([400, 700] as const).map((weight) => ({ subset, weight, file: `@fontsource/be-vietnam-pro/files/be-vietnam-pro-${subset}-${weight}-normal.woff` })),
);
export const CARD_FONT_FAMILY = FONT_FILES.filter((f) => f.weight === 400)
  .map((f) => `"Be Vietnam Pro ${f.subset}"`)
  .join(', ');

let fonts: Promise<Font[]> | undefined;
/** Read once per process: the files are 30 KB each, the parsing is satori's. */
function cardFonts(): Promise<Font[]> {
  fonts ??= Promise.all(
    FONT_FILES.map(async ({ subset, weight, file }) => ({
      name: `Be Vietnam Pro ${subset}`,
      data: await readFile(require.resolve(file)),
      weight,
      style: 'normal' as const,
    })),
  );
  return fonts;
}

/** An element as satori reads it: what JSX would build, without a JSX runtime on the server. */
export interface CardNode {
  type: string;
  props: { style?: Record<string, string | number>; children?: string | CardNode | Array<string | CardNode>; src?: string; width?: number; height?: number };
}
const h = (type: string, style: Record<string, string | number>, children?: CardNode['props']['children']): CardNode => ({ type, props: { style, children } });

const INK = '#1f2a24';
const GREEN = '#1b5e3b';
const PRICE = '#b03a1a';
const PAPER = '#fbf6ea';

/** Two lines at most, then an ellipsis: a long product name must not push the price off the card. */
const clamp = (lines: number): Record<string, string | number> => ({ display: 'block', lineClamp: lines, overflow: 'hidden' });

function textPanel(card: ShareCard, width: number): CardNode {
  const wide = width > 800;
  return h(
    'div',
    {
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'space-between',
      flexShrink: 0,
      boxSizing: 'border-box',
      width,
      height: SHARE_CARD_HEIGHT,
      padding: 56,
      background: PAPER,
      color: INK,
      fontFamily: CARD_FONT_FAMILY,
    },
    [
      h('div', { display: 'flex', flexDirection: 'column' }, [
        h('div', { fontSize: 30, fontWeight: 700, color: GREEN, ...clamp(1) }, card.shopName),
        h('div', { fontSize: 26, color: '#5b6660', marginTop: 6, ...clamp(1) }, card.village),
      ]),
      h('div', { display: 'flex', flexDirection: 'column' }, [
        h('div', { fontSize: wide ? 64 : 50, fontWeight: 700, lineHeight: 1.2, ...clamp(2) }, card.title),
        h('div', { fontSize: wide ? 72 : 60, fontWeight: 700, color: PRICE, marginTop: 16 }, formatDong(card.priceDong)),
      ]),
      h('div', { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end' }, [
        h('div', { fontSize: 26, color: GREEN, maxWidth: width - 2 * 56 - 120 }, card.nextMarketDay ?? ''),
        h('div', { fontSize: 24, fontWeight: 700, color: '#8a958f' }, 'Bản Số'),
      ]),
    ],
  );
}

/** The layout: the photo as a square on the left when there is one, the words beside it. */
export function cardLayout(card: ShareCard, photo: string | undefined): CardNode {
  const panel = textPanel(card, photo ? SHARE_CARD_WIDTH - SHARE_CARD_HEIGHT : SHARE_CARD_WIDTH);
  if (!photo) return panel;
  return h('div', { display: 'flex', width: SHARE_CARD_WIDTH, height: SHARE_CARD_HEIGHT }, [
    { type: 'img', props: { src: photo, width: SHARE_CARD_HEIGHT, height: SHARE_CARD_HEIGHT, style: { flexShrink: 0 } } },
    panel,
  ]);
}

/**
 * The photo cut to the card's square, as a JPEG data URL: satori embeds it as it is (it reads no
 * WebP), and a square already the drawn size costs the rasteriser no scaling.
 */
async function photoSquare(store: MediaStore, key: string): Promise<string> {
  const bytes = await store.get(key);
  if (!bytes) throw notFound('media.not_found', { vi: `Không có ảnh ${key}.`, en: `There is no picture ${key}.` }, 'photoKey');
  const square = await sharp(bytes).resize(SHARE_CARD_HEIGHT, SHARE_CARD_HEIGHT, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
  return `data:image/jpeg;base64,${square.toString('base64')}`;
}

/** The card as SVG: satori lays it out and turns every letter into a path of the bundled font. */
export async function cardSvg(layout: CardNode): Promise<string> {
  // satori's parameter is typed as a React node; this plain element is what JSX would have made.
  return satori(layout as unknown as Parameters<typeof satori>[0], { width: SHARE_CARD_WIDTH, height: SHARE_CARD_HEIGHT, fonts: await cardFonts() });
}

/**
 * The card as PNG. sharp (librsvg) rasterises satori's SVG: faster than resvg-js for the same
 * picture in every run measured (BENCHMARKS.md), and already the photos' library.
 */
export async function drawShareCard(store: MediaStore, card: ShareCard): Promise<Buffer> {
  const photo = card.photoKey ? await photoSquare(store, card.photoKey) : undefined;
  const svg = await cardSvg(cardLayout(card, photo));
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const drawing = new Map<string, Promise<Buffer>>();

/**
 * The card's PNG, drawn once: the first request for a card renders and stores it under its
 * content address (`shareCardKey`), and every later one reads it from the store, where
 * `GET /media/:key` also serves it. Requests arriving while it is being drawn share that drawing.
 */
export async function renderShareCard(store: MediaStore, card: ShareCard): Promise<{ key: string; png: Buffer; rendered: boolean }> {
  const key = shareCardKey(card);
  const stored = await store.get(key);
  if (stored) return { key, png: stored, rendered: false };
  let pending = drawing.get(key);
  if (!pending) {
    pending = drawShareCard(store, normalizeCard(card)).then(async (png) => {
      await store.put(key, png);
      return png;
    });
    drawing.set(key, pending);
    void pending.finally(() => drawing.delete(key)).catch(() => undefined);
  }
  return { key, png: await pending, rendered: true };
}
